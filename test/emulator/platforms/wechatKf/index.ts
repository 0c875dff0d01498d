/**
 * WeChat KF (微信客服) server API, as documented under developer.work.weixin.qq.com/document/path/…
 * Mounted at /kf, so `${url}/kf/cgi-bin/kf/sync_msg` stands for
 * https://qyapi.weixin.qq.com/cgi-bin/kf/sync_msg (WeChat KF lives on WeCom's host; the emulator
 * keeps it apart so its token calls and state are its own).
 *
 * One file per part: state (corps, accounts, sessions, the message log, what tests make happen),
 * sync (sync_msg), send (send_msg, send_msg_on_event), manage (accounts, servicers, session state,
 * customers), media, and callback (what the emulator sends to a receiver).
 */
import type { EmulatorCore } from '../../core';
import type { PlatformDefinition, Route } from '../../types';
import { wecomError } from '../wecom';
import { callbackSender } from './callback';
import { manageRoutes } from './manage';
import { mediaRoutes } from './media';
import type { KfSentMessage } from './model';
import type { SendControls } from './send';
import { sendRoutes } from './send';
import { createKfState, fail, ok, PLATFORM, reply } from './state';
import type { SyncControls } from './sync';
import { syncRoutes } from './sync';

export type { KfAccountSeed, KfCorpOptions, KfCustomerSeed, KfMemberSeed, KfSentMessage, KfSession } from './model';
export type { KfCallbackOptions, KfCallbackResult } from './callback';
export { CALLBACK_TOKEN_TTL_MS, SEND_QUOTA, SEND_WINDOW_MS, WELCOME_CODE_TTL_MS } from './state';

export function installWechatKf(core: EmulatorCore) {
	const state = createKfState(core);
	const syncControls: SyncControls = { emptyPages: 0 };
	const sendControls: SendControls = { sendLimits: 'error' };
	const { sendCallback, sendUrlVerification, control } = callbackSender(state);

	// gettoken (path/91039) with the KF Secret: a new token per call, earlier ones stay valid.
	const gettoken: Route = {
		method: 'GET',
		path: '/cgi-bin/gettoken',
		handler: ({ req }) => {
			const { corpid, corpsecret } = req.query;
			core.countTokenCall(PLATFORM, [corpid ?? '', `${corpid ?? ''}/${corpsecret ?? ''}`]);
			if (!corpid) return fail(41002, 'corpid missing');
			const corp = state.corps.get(corpid);
			if (!corp) return fail(40013, 'invalid corpid');
			if (!corpsecret) return fail(41004, 'corpsecret missing');
			if (corpsecret !== corp.secret) return fail(40001, 'invalid credential');
			const record = core.tokens.issue(PLATFORM, corpid, corp.tokenTtl, { corpId: corpid });
			return reply(ok({ access_token: record.token, expires_in: Math.ceil(corp.tokenTtl) }));
		},
	};

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: '/kf',
		routes: [gettoken, ...syncRoutes(state, syncControls), ...sendRoutes(state, sendControls), ...manageRoutes(state), ...mediaRoutes(state)],
		errors: {
			missingToken: () => wecomError(41001, 'access_token missing'),
			invalidToken: () => wecomError(40014, 'invalid access_token'),
			expiredToken: () => wecomError(42001, 'access_token expired'),
			rateLimited: (code) => (code === -1 ? wecomError(-1, 'system busy') : wecomError(code ?? 45009, 'api freq out of limit')),
			badJson: () => wecomError(40058, 'Warning: wrong json format. invalid Request Parameter'),
			wrongMethod: (expected) => wecomError(expected === 'POST' ? 43002 : 43001, `require ${expected} method`),
		},
		reset: () => {
			state.reset();
			syncControls.emptyPages = 0;
			syncControls.pageSize = undefined;
			sendControls.sendLimits = 'error';
		},
		control,
	};
	core.register(definition);

	return {
		addCorp: state.addCorp,
		corp: state.corpOf,
		/** The customer writes (origin 3); the account may then send 5 messages for 48 hours. */
		customerSays: state.customerSays,
		/** A servicer writes from the WeCom client (origin 5). */
		servicerSays: state.servicerSays,
		/** The customer opens the chat: an enter_session event with a welcome code (20 s, one message). */
		enterSession: state.enterSession,
		/** Any system event (origin 4). */
		pushEvent: state.pushEvent,
		/** The session of a customer with an account (state 4 "not started" until the customer writes). */
		session: (openKfId: string, externalUserId: string, corpId?: string) => state.session(state.corpOf(corpId), openKfId, externalUserId),
		/** The kf_msg_or_event callback (a new 10-minute Token) to a receiver. */
		sendCallback,
		sendUrlVerification,
		/** Pages of at most `n` messages (undefined: as many as `limit` asks). */
		pageSize(n: number | undefined): void {
			syncControls.pageSize = n;
		},
		/** The next `n` sync_msg calls answer an empty page that says has_more, with a new cursor. */
		emptyPages(n: number): void {
			syncControls.emptyPages = n;
		},
		/** How send_msg meets the 48-hour / 5-message rule: an error (95001), or a msg_send_fail event. */
		sendLimits(mode: SendControls['sendLimits']): void {
			sendControls.sendLimits = mode;
		},
		/** What send_msg (kind 'send') and send_msg_on_event (kind 'event') delivered. */
		get messages(): KfSentMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM) as KfSentMessage[];
		},
	};
}

export const wechatKfPlatform = { install: installWechatKf };
export type WechatKfApi = ReturnType<typeof installWechatKf>;
