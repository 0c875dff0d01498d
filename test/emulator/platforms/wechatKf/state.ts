/**
 * The state of the WeChat KF platform (corps with their KF accounts, servicers, customers,
 * sessions, the message log sync_msg reads, callback Tokens and event codes) and what tests do to
 * it: a customer writes or enters a session, a servicer writes, an event happens.
 */
import { randomBytes } from 'crypto';
import type { EmulatorCore } from '../../core';
import type { EmulatorResponse, HttpMethod, Route, RouteContext } from '../../types';
import { wecomError } from '../wecom';
import type { KfAccount, KfAccountSeed, KfCode, KfCorp, KfCorpOptions, KfCustomer, KfSession } from './model';

export const PLATFORM = 'kf';

export const reply = (body: unknown): EmulatorResponse => ({ body });
export const fail = (code: number, message: string): EmulatorResponse => reply(wecomError(code, message));
export function ok(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { errcode: 0, errmsg: 'ok', ...extra };
}

/** welcome_code: 20 秒内有效, one message (send_msg_on_event, path/95122). */
export const WELCOME_CODE_TTL_MS = 20 * 1000;
/** A session-change msg_code: the emulator gives it 48 hours (the docs name no lifetime). */
export const STATE_CODE_TTL_MS = 48 * 3600 * 1000;
/** The callback's Token: 10分钟内有效 (path/94670). */
export const CALLBACK_TOKEN_TTL_MS = 10 * 60 * 1000;
/** send_msg: 48 hours after the customer's last message, at most 5 messages (path/94677). */
export const SEND_WINDOW_MS = 48 * 3600 * 1000;
export const SEND_QUOTA = 5;

/** Valid-looking ids: open_kfid "wk…", external_userid "wm…". */
export const OPEN_KFID = /^wk[0-9A-Za-z_-]{8,62}$/;

export function randomToken(prefix: string, bytes = 18): string {
	return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export type KfHandler = (ctx: RouteContext, corp: KfCorp) => EmulatorResponse;

/** Whose conversation something happens in: the corp's first account and customer by default. */
export interface Who {
	corpId?: string;
	openKfId?: string;
	externalUserId?: string;
}

export function createKfState(core: EmulatorCore) {
	const corps = new Map<string, KfCorp>();
	let seq = 0;

	function seedAccount(seed: KfAccountSeed): KfAccount {
		return {
			open_kfid: seed.open_kfid,
			name: seed.name,
			media_id: '',
			avatar: `https://wework.qpic.cn/wwhead/${seed.open_kfid}/0`,
			manage_privilege: true,
			servicers: new Map((seed.servicers ?? []).map((userid) => [userid, 0])),
			departments: new Set(),
			msgids: new Set(),
		};
	}

	function seed(corp: KfCorp): void {
		corp.accounts = new Map(corp.accountSeeds.map((s) => [s.open_kfid, seedAccount(s)]));
		corp.customers = new Map(
			corp.customerSeeds.map((c) => [
				c.external_userid,
				{ nickname: c.external_userid, avatar: '', gender: 0, ...c },
			]),
		);
		corp.sessions.clear();
		corp.log.length = 0;
		corp.callbackTokens.clear();
		corp.codes.clear();
		corp.media.clear();
		corp.untokenedSyncs = [];
	}

	function addCorp(options: KfCorpOptions): KfCorp {
		if (corps.has(options.corpId)) throw new Error(`WeChat KF corp ${options.corpId} already exists`);
		const corp: KfCorp = {
			corpId: options.corpId,
			secret: options.secret,
			token: options.token,
			encodingAesKey: options.encodingAesKey,
			tokenTtl: options.tokenTtl ?? 7200,
			members: new Map(
				(options.members ?? []).map((m) => {
					const member = typeof m === 'string' ? { userid: m } : m;
					return [member.userid, { userid: member.userid, active: member.active ?? true, department: member.department ?? [1] }];
				}),
			),
			accounts: new Map(),
			accountSeeds: options.accounts ?? [],
			customers: new Map(),
			customerSeeds: options.customers ?? [],
			sessions: new Map(),
			log: [],
			callbackTokens: new Map(),
			codes: new Map(),
			media: new Map(),
			untokenedSyncs: [],
		};
		seed(corp);
		corps.set(corp.corpId, corp);
		return corp;
	}

	function corpOf(corpId?: string): KfCorp {
		const corp = corpId === undefined ? corps.values().next().value : corps.get(corpId);
		if (!corp) throw new Error(`No WeChat KF corp ${corpId ?? '(none registered)'}`);
		return corp;
	}

	/** A route that requires a valid KF access_token; its handler gets the token's corp. */
	function kfRoute(method: HttpMethod, path: string, handler: KfHandler): Route {
		return {
			method,
			path,
			auth: true,
			handler: (ctx) => handler(ctx, corpOf((ctx.token?.meta as { corpId: string }).corpId)),
		};
	}

	/** The account an open_kfid names: 95000 when it is not one, 95004 when it does not exist. */
	function account(corp: KfCorp, raw: unknown): { value: KfAccount; error?: undefined } | { error: EmulatorResponse; value?: undefined } {
		if (typeof raw !== 'string' || !OPEN_KFID.test(raw)) return { error: fail(95000, 'invalid open_kfid') };
		const found = corp.accounts.get(raw);
		return found ? { value: found } : { error: fail(95004, 'open_kfid not exist') };
	}

	function customer(corp: KfCorp, externalUserId: string): KfCustomer {
		let found = corp.customers.get(externalUserId);
		if (!found) {
			found = { external_userid: externalUserId, nickname: externalUserId, avatar: '', gender: 0 };
			corp.customers.set(externalUserId, found);
		}
		return found;
	}

	function session(corp: KfCorp, openKfId: string, externalUserId: string): KfSession {
		const key = `${openKfId}\u0000${externalUserId}`;
		let found = corp.sessions.get(key);
		if (!found) {
			found = { state: 4, sentSince: 0 };
			corp.sessions.set(key, found);
		}
		return found;
	}

	function issueCode(corp: KfCorp, code: Omit<KfCode, 'code' | 'used'>): string {
		const value = randomToken('code_', 24);
		corp.codes.set(value, { ...code, code: value, used: false });
		return value;
	}

	/** Appends a message to the log sync_msg reads; msgid and send_time are filled in. */
	function append(corp: KfCorp, message: Record<string, unknown>): Record<string, unknown> {
		const full = {
			msgid: randomToken('', 24),
			send_time: Math.floor(core.now() / 1000),
			...message,
		};
		corp.log.push({ seq: ++seq, message: full });
		return full;
	}

	function who(options: Who): { corp: KfCorp; openKfId: string; externalUserId: string } {
		const corp = corpOf(options.corpId);
		const openKfId = options.openKfId ?? corp.accounts.keys().next().value;
		const externalUserId = options.externalUserId ?? corp.customers.keys().next().value;
		if (!openKfId || !externalUserId) throw new Error('WeChat KF: give openKfId and externalUserId (the corp has no seeded ones)');
		customer(corp, externalUserId);
		return { corp, openKfId, externalUserId };
	}

	/**
	 * The customer writes (origin 3): an ended session becomes new, and the account may send 5
	 * messages for 48 hours. `msgtype` defaults to text with `content`.
	 */
	function customerSays(
		options: Who & { content?: string; msgtype?: string; payload?: Record<string, unknown>; sendTime?: number; msgid?: string },
	): Record<string, unknown> {
		const { corp, openKfId, externalUserId } = who(options);
		const s = session(corp, openKfId, externalUserId);
		if (s.state === 4) s.state = 0;
		s.lastCustomerAt = core.now();
		s.sentSince = 0;
		const msgtype = options.msgtype ?? 'text';
		return append(corp, {
			...(options.msgid ? { msgid: options.msgid } : {}),
			...(options.sendTime !== undefined ? { send_time: options.sendTime } : {}),
			open_kfid: openKfId,
			external_userid: externalUserId,
			origin: 3,
			msgtype,
			[msgtype]: options.payload ?? { content: options.content ?? '你好' },
		});
	}

	/** A servicer writes from the WeCom client (origin 5). */
	function servicerSays(options: Who & { servicerUserId: string; content: string }): Record<string, unknown> {
		const { corp, openKfId, externalUserId } = who(options);
		return append(corp, {
			open_kfid: openKfId,
			external_userid: externalUserId,
			servicer_userid: options.servicerUserId,
			origin: 5,
			msgtype: 'text',
			text: { content: options.content },
		});
	}

	/** A system event (origin 4): `event` is the event object without open_kfid. */
	function pushEvent(options: Who & { event: Record<string, unknown>; sendTime?: number }): Record<string, unknown> {
		const { corp, openKfId, externalUserId } = who(options);
		return append(corp, {
			...(options.sendTime !== undefined ? { send_time: options.sendTime } : {}),
			origin: 4,
			msgtype: 'event',
			event: { open_kfid: openKfId, external_userid: externalUserId, ...options.event },
		});
	}

	/**
	 * The customer opens the chat (enter_session): with no session under way or one that is new or
	 * with the bot, the event carries a welcome_code good for one message within 20 seconds.
	 */
	function enterSession(options: Who & { scene?: string; sceneParam?: string }): Record<string, unknown> {
		const { corp, openKfId, externalUserId } = who(options);
		const s = session(corp, openKfId, externalUserId);
		const c = customer(corp, externalUserId);
		c.enter_session_context = { scene: options.scene ?? '', scene_param: options.sceneParam ?? '' };
		const event: Record<string, unknown> = { event_type: 'enter_session', scene: options.scene ?? '', scene_param: options.sceneParam ?? '' };
		if ([0, 1, 4].includes(s.state)) {
			event.welcome_code = issueCode(corp, {
				kind: 'welcome',
				open_kfid: openKfId,
				external_userid: externalUserId,
				expiresAt: core.now() + WELCOME_CODE_TTL_MS,
			});
		}
		return pushEvent({ corpId: corp.corpId, openKfId, externalUserId, event });
	}

	/** Forget what the API and tests created; keep the seeded corps, accounts and customers. */
	function reset(): void {
		for (const corp of corps.values()) seed(corp);
	}

	return {
		core,
		corps,
		addCorp,
		corpOf,
		kfRoute,
		account,
		customer,
		session,
		issueCode,
		append,
		customerSays,
		servicerSays,
		pushEvent,
		enterSession,
		reset,
	};
}

export type KfState = ReturnType<typeof createKfState>;
