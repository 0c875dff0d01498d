/**
 * The state of the Official Account platform: accounts with their followers, tags, media,
 * materials, drafts, publications, menu, QR codes and templates, and the rule of 客服消息 (who may
 * be sent how many messages until when). Helpers every resource module uses: the answers (no
 * errcode on data answers, `{errcode: 0, errmsg: 'ok'}` on actions, ` rid: …` on errors),
 * `appRoute` (a route that needs a valid access_token, handed its account) and the IP whitelist.
 */
import { createHash } from 'crypto';
import type { EmulatorCore } from '../../core';
import type { EmulatorResponse, HttpMethod, RecordedMessage, Route, RouteContext } from '../../types';
import { hint } from '../shared';

export const PLATFORM = 'oa';

export type OfficialAccountMode = 'plaintext' | 'compatible' | 'safe';

export interface OfficialAccountFollower {
	openid: string;
	nickname: string;
	remark: string;
	language: string;
	/** 1 while following; 0 after unsubscribing (user/info then answers only subscribe and openid). */
	subscribe: 0 | 1;
	subscribe_time: number;
	unionid?: string;
	tagid_list: number[];
	subscribe_scene: string;
	qr_scene: number;
	qr_scene_str: string;
}

export interface OfficialAccountAppOptions {
	appId: string;
	appSecret: string;
	/** Message-push Token (服务器配置). */
	token: string;
	encodingAesKey: string;
	/** Access token lifetime in seconds (WeChat: 7200). */
	tokenTtl?: number;
	/** The account's original ID (原始ID, gh_…): ToUserName of every callback. Derived from the AppID by default. */
	originalId?: string;
	/** The console's 消息加解密方式, the callback sender's default. Default: safe. */
	mode?: OfficialAccountMode;
	/** Followers (an openid, or fields of one); by default 25 made from the AppID. */
	followers?: Array<string | (Partial<OfficialAccountFollower> & { openid: string })>;
	/** Page size of user/get and user/tag/get (WeChat: 10000); small values make paging testable. */
	listPageSize?: number;
}

export interface OfficialAccountApp {
	appId: string;
	appSecret: string;
	token: string;
	encodingAesKey: string;
	tokenTtl: number;
	originalId: string;
	mode: OfficialAccountMode;
	listPageSize: number;
}

export interface OaMedia {
	media_id: string;
	type: string;
	data: Buffer;
	filename: string;
	contentType: string;
	created_at: number;
	/** Permanent material: the URL of an image, the title and introduction of a video. */
	url?: string;
	title?: string;
	introduction?: string;
}

export interface OaArticle {
	title: string;
	author?: string;
	digest?: string;
	content: string;
	content_source_url?: string;
	thumb_media_id: string;
	need_open_comment?: number;
	only_fans_can_comment?: number;
	url?: string;
}

export interface OaDraft {
	media_id: string;
	articles: OaArticle[];
	update_time: number;
}

export interface OaPublication {
	publish_id: string;
	msg_data_id: string;
	media_id: string;
	submitted_at: number;
	article_id?: string;
}

export interface OaTemplate {
	template_id: string;
	title: string;
	content: string;
	primary_industry: string;
	deputy_industry: string;
	example: string;
}

export interface OaQrCode {
	ticket: string;
	action_name: string;
	scene: number | string;
	url: string;
	/** Emulator-clock ms; permanent codes never expire. */
	expiresAt?: number;
}

/** What a user's action allows (2023 rule of 客服消息): so many messages until a time. */
export interface OaAllowance {
	remaining: number;
	until: number;
	/** When the user last interacted (typing needs one within 30 s). */
	lastAt: number;
}

export interface OaMessage extends RecordedMessage {
	platform: 'oa';
	/** custom (客服消息), template (模板消息), subscribe (订阅通知). */
	kind: 'custom' | 'template' | 'subscribe';
	appId: string;
	to: string;
	msgtype: string;
	/** custom: the object under the msgtype key; template / subscribe: template_id, data, url, page, miniprogram. */
	payload: Record<string, unknown>;
	body: Record<string, unknown>;
	msgid?: number;
}

export interface Account {
	app: OfficialAccountApp;
	seedFollowers: OfficialAccountFollower[];
	followers: Map<string, OfficialAccountFollower>;
	tags: Map<number, { id: number; name: string }>;
	nextTagId: number;
	media: Map<string, OaMedia>;
	materials: Map<string, OaMedia>;
	drafts: Map<string, OaDraft>;
	publications: Map<string, OaPublication>;
	menu?: Array<Record<string, unknown>>;
	qrcodes: Map<string, OaQrCode>;
	templates: Map<string, OaTemplate>;
	subscribeTemplates: Map<string, { priTmplId: string; title: string; content: string }>;
	/** Followers who refused a subscription template (订阅通知): bizsend answers 43101. */
	refused: Set<string>;
	allowances: Map<string, OaAllowance>;
	/** openid → until when "typing" shows. */
	typing: Map<string, number>;
	/** openid + client_msg_id → msgid and time, for template send's 10-minute de-duplication. */
	clientMsgIds: Map<string, { msgid: number; at: number }>;
	/** The IPs allowed to call (IP白名单); none: every IP. */
	ipWhitelist?: string[];
	/** Paths that answer 48001 (api unauthorized) for this account. */
	unauthorized: Set<string>;
}

function rid(): string {
	const h = hint().padEnd(24, '0');
	return `${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}`;
}

export function officialAccountError(code: number, message: string): { errcode: number; errmsg: string } {
	return { errcode: code, errmsg: `${message} rid: ${rid()}` };
}

export const reply = (body: unknown): EmulatorResponse => ({ body });
export const fail = (code: number, message: string): EmulatorResponse => reply(officialAccountError(code, message));
export const ok = (extra: Record<string, unknown> = {}): EmulatorResponse => reply({ errcode: 0, errmsg: 'ok', ...extra });

export type Checked<T> = { value: T; error?: undefined } | { error: EmulatorResponse; value?: undefined };

/** An openid as WeChat makes them: 28 characters starting with "o", stable per account and user. */
export function openidFor(appId: string, user: string): string {
	return `o${createHash('sha1').update(`${appId}\u0000${user}`).digest('base64url').slice(0, 27)}`;
}

export function originalIdFor(appId: string): string {
	return `gh_${createHash('sha1').update(appId).digest('hex').slice(0, 12)}`;
}

const DEFAULT_FOLLOWERS = 25;
// 系统默认保留的标签: 0 (未分组), 1 (黑名单), 2 (星标组) — tags/get lists 2 among the tags.
export const RESERVED_TAGS = [0, 1, 2];
const FIRST_TAG_ID = 100;

export const MESSAGE_ALLOWANCE = { count: 5, ms: 48 * 3600 * 1000 };
export const EVENT_ALLOWANCE = { count: 3, ms: 60 * 1000 };

export function createOfficialAccountState(core: EmulatorCore) {
	const accounts = new Map<string, Account>();

	function follower(appId: string, seed: Partial<OfficialAccountFollower> & { openid: string }, n: number): OfficialAccountFollower {
		return {
			openid: seed.openid,
			nickname: seed.nickname ?? `关注者${String(n).padStart(2, '0')}`,
			remark: seed.remark ?? '',
			language: seed.language ?? 'zh_CN',
			subscribe: seed.subscribe ?? 1,
			subscribe_time: seed.subscribe_time ?? 1700000000 + n * 60,
			unionid: seed.unionid ?? `u${createHash('sha1').update(`${appId}/${seed.openid}`).digest('base64url').slice(0, 27)}`,
			tagid_list: [...(seed.tagid_list ?? [])],
			subscribe_scene: seed.subscribe_scene ?? 'ADD_SCENE_SEARCH',
			qr_scene: seed.qr_scene ?? 0,
			qr_scene_str: seed.qr_scene_str ?? '',
		};
	}

	function seedAccount(account: Account): void {
		account.followers = new Map(account.seedFollowers.map((f) => [f.openid, { ...f, tagid_list: [...f.tagid_list] }]));
		account.tags = new Map([[2, { id: 2, name: '星标组' }]]);
		account.nextTagId = FIRST_TAG_ID;
		account.media.clear();
		account.materials.clear();
		account.drafts.clear();
		account.publications.clear();
		account.menu = undefined;
		account.qrcodes.clear();
		account.templates = new Map(
			[
				{
					template_id: `tmpl_${account.app.appId.slice(-6)}_order_shipped_0001`,
					title: '订单发货通知',
					content: '{{first.DATA}}\n订单号：{{keyword1.DATA}}\n物流公司：{{keyword2.DATA}}\n{{remark.DATA}}',
					primary_industry: 'IT科技',
					deputy_industry: '互联网|电子商务',
					example: '您的订单已发货\n订单号：20240101\n物流公司：顺丰\n感谢您的支持',
				},
				{
					template_id: `tmpl_${account.app.appId.slice(-6)}_appointment_0002`,
					title: '预约成功通知',
					content: '预约项目：{{thing1.DATA}}\n预约时间：{{time2.DATA}}',
					primary_industry: 'IT科技',
					deputy_industry: '互联网|电子商务',
					example: '预约项目：体检\n预约时间：2024-01-01 10:00',
				},
			].map((t) => [t.template_id, t]),
		);
		account.subscribeTemplates = new Map([
			[
				`sub_${account.app.appId.slice(-6)}_order_status_01`,
				{ priTmplId: `sub_${account.app.appId.slice(-6)}_order_status_01`, title: '订单状态提醒', content: '订单号:{{character_string1.DATA}}\n状态:{{phrase2.DATA}}' },
			],
		]);
		account.refused.clear();
		account.allowances.clear();
		account.typing.clear();
		account.clientMsgIds.clear();
	}

	function addApp(options: OfficialAccountAppOptions): OfficialAccountApp {
		if (accounts.has(options.appId)) throw new Error(`Official Account ${options.appId} already exists`);
		const app: OfficialAccountApp = {
			appId: options.appId,
			appSecret: options.appSecret,
			token: options.token,
			encodingAesKey: options.encodingAesKey,
			tokenTtl: options.tokenTtl ?? 7200,
			originalId: options.originalId ?? originalIdFor(options.appId),
			mode: options.mode ?? 'safe',
			listPageSize: options.listPageSize ?? 10000,
		};
		const seeds = options.followers ?? Array.from({ length: DEFAULT_FOLLOWERS }, (_, k) => openidFor(app.appId, `follower${k + 1}`));
		const account: Account = {
			app,
			seedFollowers: seeds.map((seed, k) => follower(app.appId, typeof seed === 'string' ? { openid: seed } : seed, k + 1)),
			followers: new Map(),
			tags: new Map(),
			nextTagId: FIRST_TAG_ID,
			media: new Map(),
			materials: new Map(),
			drafts: new Map(),
			publications: new Map(),
			qrcodes: new Map(),
			templates: new Map(),
			subscribeTemplates: new Map(),
			refused: new Set(),
			allowances: new Map(),
			typing: new Map(),
			clientMsgIds: new Map(),
			unauthorized: new Set(),
		};
		seedAccount(account);
		accounts.set(app.appId, account);
		return app;
	}

	function account(appId?: string): Account | undefined {
		return appId ? accounts.get(appId) : [...accounts.values()][0];
	}

	/** 40164 when the account has an IP whitelist without the caller's address. */
	function ipRefusal(acc: Account, ctx: RouteContext): EmulatorResponse | undefined {
		if (!acc.ipWhitelist) return undefined;
		const ip = String(ctx.req.headers['x-forwarded-for'] ?? '127.0.0.1');
		if (acc.ipWhitelist.includes(ip)) return undefined;
		return fail(40164, `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`);
	}

	/** A route that needs a valid access_token: its handler gets the account the token was issued to. */
	function appRoute(method: HttpMethod, path: string, handler: (ctx: RouteContext, acc: Account) => EmulatorResponse | Promise<EmulatorResponse>): Route {
		return {
			method,
			path,
			auth: true,
			handler: (ctx) => {
				const acc = accounts.get(String((ctx.token?.meta as { appId?: string } | undefined)?.appId ?? ''));
				if (!acc) return fail(40001, 'invalid credential, access_token is invalid or not latest');
				const refused = ipRefusal(acc, ctx);
				if (refused) return refused;
				if (acc.unauthorized.has(path)) return fail(48001, 'api unauthorized');
				return handler(ctx, acc);
			},
		};
	}

	/**
	 * A user action that opens the 客服消息 window (mp.weixin.qq.com announcement of 2023-06-12):
	 * a message allows 5 messages in 48 hours, a subscribe, QR scan or menu click 3 in one minute.
	 * The allowance is replaced, not added to: the larger count and the later end win.
	 */
	function interact(acc: Account, openid: string, kind: 'message' | 'event'): void {
		const now = core.now();
		const rule = kind === 'message' ? MESSAGE_ALLOWANCE : EVENT_ALLOWANCE;
		const current = acc.allowances.get(openid);
		const live = current && current.until > now ? current : undefined;
		acc.allowances.set(openid, {
			remaining: Math.max(live?.remaining ?? 0, rule.count),
			until: Math.max(live?.until ?? 0, now + rule.ms),
			lastAt: now,
		});
	}

	function recordMessage(message: Omit<OaMessage, 'platform' | 'time'>): OaMessage {
		return core.recordMessage({ platform: PLATFORM, ...message }) as OaMessage;
	}

	/** Forget what the API created; keep the accounts and their seeded followers, tags and templates. */
	function reset(): void {
		for (const acc of accounts.values()) {
			seedAccount(acc);
			acc.ipWhitelist = undefined;
			acc.unauthorized.clear();
		}
	}

	return { core, accounts, addApp, account, appRoute, ipRefusal, interact, recordMessage, reset };
}

export type OfficialAccountState = ReturnType<typeof createOfficialAccountState>;
