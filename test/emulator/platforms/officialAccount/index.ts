/**
 * The WeChat Official Account (公众号) server API, as documented under
 * developers.weixin.qq.com/doc/offiaccount/…, mounted at /oa: `${url}/oa/cgi-bin/stable_token`
 * stands for https://api.weixin.qq.com/cgi-bin/stable_token (and /oa/cgi-bin/showqrcode for
 * mp.weixin.qq.com's). Data answers carry no errcode, actions answer {errcode: 0, errmsg: "ok"},
 * errors end with " rid: …" — all with HTTP 200.
 *
 * One file per area, as nodes/WeChatOfficialAccount/actions/ has them: token, message (客服消息),
 * notice (template messages, subscription notices), user (users and tags), media (temporary and
 * permanent), article (drafts, publishing), menu (menu, QR codes), and callback (what the emulator
 * sends to a receiver); state holds the accounts and the helpers every area uses.
 */
import type { EmulatorCore } from '../../core';
import type { PlatformDefinition } from '../../types';
import { articleRoutes, PUBLISH_MS } from './article';
import { officialAccountCallbacks } from './callback';
import { mediaRoutes } from './media';
import { menuRoutes, qrScene } from './menu';
import { isTyping, messageRoutes } from './message';
import { noticeRoutes } from './notice';
import type { Account, OaAllowance, OaMessage, OfficialAccountApp, OfficialAccountFollower } from './state';
import { createOfficialAccountState, officialAccountError, openidFor, PLATFORM } from './state';
import { tokenRoutes } from './token';
import { userRoutes } from './user';

export type {
	OaAllowance,
	OaMessage,
	OaMedia,
	OfficialAccountApp,
	OfficialAccountAppOptions,
	OfficialAccountFollower,
	OfficialAccountMode,
} from './state';
export type { OaCallbackOptions, OaCallbackResult, OaUrlVerificationOptions, OaUrlVerificationResult } from './callback';
export { officialAccountError } from './state';

export function installOfficialAccount(core: EmulatorCore) {
	const state = createOfficialAccountState(core);
	const tokens = tokenRoutes(state);
	const { sendCallback, sendUrlVerification, control } = officialAccountCallbacks(state);
	const need = (appId?: string): Account => {
		const acc = state.account(appId);
		if (!acc) throw new Error(`No Official Account ${appId ?? ''} is registered`);
		return acc;
	};

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: '/oa',
		routes: [
			...tokens.routes,
			...messageRoutes(state),
			...noticeRoutes(state),
			...userRoutes(state),
			...mediaRoutes(state),
			...articleRoutes(state),
			...menuRoutes(state),
		],
		errors: {
			missingToken: () => officialAccountError(41001, 'access_token missing'),
			// A replaced or revoked token reads as "not latest", the same code as a wrong one.
			invalidToken: () =>
				officialAccountError(
					40001,
					'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
				),
			expiredToken: () => officialAccountError(42001, 'access_token expired'),
			rateLimited: (code) => {
				if (code === -1) return officialAccountError(-1, 'system error');
				if (code === 45009) return officialAccountError(45009, 'reach max api daily quota limit');
				return officialAccountError(code ?? 45011, 'api minute-quota reach limit  mustslower  retry next minute');
			},
			badJson: () => officialAccountError(47001, 'data format error'),
			wrongMethod: (expected) => officialAccountError(expected === 'POST' ? 43002 : 43001, `require ${expected} method`),
		},
		reset: () => {
			tokens.reset();
			state.reset();
		},
		control,
	};
	core.register(definition);

	return {
		addApp: state.addApp,
		apps: (): OfficialAccountApp[] => [...state.accounts.values()].map((a) => a.app),
		app: (appId?: string): OfficialAccountApp | undefined => state.account(appId)?.app,
		tokenInfo: (accessToken: string) => core.tokens.get(accessToken),
		/** The account's followers now (subscribed or not), in seed order. */
		followers: (appId?: string): OfficialAccountFollower[] => [...need(appId).followers.values()].map((f) => ({ ...f, tagid_list: [...f.tagid_list] })),
		/** The openid WeChat gives `user` on this account (a stable hash). */
		openidFor: (user: string, appId?: string) => openidFor(need(appId).app.appId, user),
		/** A user action that opens the 客服消息 window: a message (5 in 48 h) or an event (3 in a minute). */
		interact: (openid: string, kind: 'message' | 'event' = 'message', appId?: string) => state.interact(need(appId), openid, kind),
		allowance: (openid: string, appId?: string): OaAllowance | undefined => need(appId).allowances.get(openid),
		isTyping: (openid: string, appId?: string) => isTyping(state, need(appId), openid),
		tags: (appId?: string) => [...need(appId).tags.values()].map((t) => ({ ...t })),
		media: (mediaId: string, appId?: string) => need(appId).media.get(mediaId),
		material: (mediaId: string, appId?: string) => need(appId).materials.get(mediaId),
		drafts: (appId?: string) => [...need(appId).drafts.values()],
		menu: (appId?: string) => need(appId).menu,
		templates: (appId?: string) => [...need(appId).templates.values()],
		subscribeTemplates: (appId?: string) => [...need(appId).subscribeTemplates.values()],
		/** The follower refuses (or accepts again) a subscription template: bizsend answers 43101. */
		refuseSubscription: (openid: string, templateId: string, refused = true, appId?: string) => {
			const key = `${openid}\u0000${templateId}`;
			if (refused) need(appId).refused.add(key);
			else need(appId).refused.delete(key);
		},
		qrScene: (ticket: string, appId?: string) => qrScene(need(appId), ticket),
		/** How long a publication takes (emulator time) before freepublish/get says it succeeded. */
		publishMs: PUBLISH_MS,
		/** Only these IPs may call (the caller is 127.0.0.1 unless X-Forwarded-For says otherwise): 40164 otherwise. Until reset. */
		setIpWhitelist: (ips: string[] | undefined, appId?: string) => {
			need(appId).ipWhitelist = ips;
		},
		/** `path` answers 48001 (api unauthorized) for this account until reset. */
		unauthorize: (path: string, appId?: string) => need(appId).unauthorized.add(path),
		/** Every recorded message of the platform: customer service, template and subscription messages. */
		get messages(): OaMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM) as OaMessage[];
		},
		sendCallback,
		sendUrlVerification,
	};
}

export const officialAccountPlatform = { install: installOfficialAccount };
export type OfficialAccountApi = ReturnType<typeof installOfficialAccount>;
