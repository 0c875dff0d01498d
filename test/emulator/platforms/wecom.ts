/**
 * WeCom (企业微信) server API, as documented under developer.work.weixin.qq.com/document/path/…
 * Mounted at /wecom, so `${url}/wecom/cgi-bin/gettoken` stands for
 * https://qyapi.weixin.qq.com/cgi-bin/gettoken. WeChat KF and the group robot live on the same host.
 *
 * Error codes come from the global code table (path/90313) unless a comment names another page.
 * Every answer is HTTP 200 with {errcode, errmsg}, errors included, as WeCom does.
 */
import { createHash } from 'crypto';
import {
	deliverCallback,
	plaintextXml,
	verifyCallbackUrl,
	type CallbackForgery,
	type CallbackResult,
	type UrlVerificationResult,
	type WxCallbackKeys,
} from '../callback';
import type { EmulatorCore } from '../core';
import { MultipartError, parseMultipart } from '../multipart';
import type { EmulatorResponse, PlatformDefinition, RecordedMessage, Route, RouteContext } from '../types';
import { bodyObject, byteLength, hint, int, isObject, randomId, str, truncateBytes } from './shared';

const PLATFORM = 'wecom';

export interface WecomUser {
	userid: string;
	name: string;
	department: number[];
	position?: string;
}

export interface WecomDepartment {
	id: number;
	name: string;
	parentid: number;
}

export interface WecomTagSeed {
	tagid?: number;
	tagname: string;
	userlist?: string[];
	partylist?: number[];
}

export interface WecomAppOptions {
	corpId: string;
	corpSecret: string;
	agentId: number;
	/** Callback Token (接收消息服务器配置). */
	token: string;
	/** Callback EncodingAESKey, 43 characters. */
	encodingAesKey: string;
	name?: string;
	/** Directory members, shared by every app of the corp. A bare string is a userid. */
	users?: Array<string | (Partial<WecomUser> & { userid: string })>;
	departments?: WecomDepartment[];
	tags?: WecomTagSeed[];
	/** Access token lifetime in seconds (WeCom: 7200). Short values make expiry testable. */
	tokenTtl?: number;
}

export interface WecomApp {
	corpId: string;
	corpSecret: string;
	agentId: number;
	token: string;
	encodingAesKey: string;
	name: string;
	tokenTtl: number;
}

export interface WecomMedia {
	media_id: string;
	type: string;
	data: Buffer;
	filename: string;
	contentType: string;
	created_at: number;
}

interface Tag {
	tagid: number;
	tagname: string;
	users: Set<string>;
	parties: Set<number>;
	/** The agent that created it through the API; seeded tags have none and anyone may edit them. */
	ownerAgentId?: number;
}

export interface WecomChat {
	chatid: string;
	name: string;
	owner: string;
	userlist: string[];
	creatorAgentId: number;
}

interface Corp {
	corpId: string;
	apps: Map<number, WecomApp>;
	users: Map<string, WecomUser>;
	departments: Map<number, WecomDepartment>;
	tagSeeds: WecomTagSeed[];
	tags: Map<number, Tag>;
	chats: Map<string, WecomChat>;
	media: Map<string, WecomMedia>;
}

export interface WecomRobotOptions {
	/** Messages per minute before errcode 45009; the docs' limit is 20 (path/91770). 0 disables it. */
	rateLimitPerMinute?: number;
}

interface Robot {
	key: string;
	rateLimitPerMinute: number;
	media: Map<string, WecomMedia>;
	sendTimes: number[];
}

export interface WecomMessage extends RecordedMessage {
	kind: 'app' | 'appchat' | 'robot';
	msgtype: string;
	/** The object under the msgtype key, after WeCom's truncation. */
	payload: Record<string, unknown>;
	/** The whole request body as sent. */
	body: Record<string, unknown>;
	corpId?: string;
	agentid?: number;
	msgid?: string;
	to?: { touser?: string; toparty?: string; totag?: string };
	/** Userids the message reached (after expanding @all, parties and tags). */
	recipients?: string[];
	chatid?: string;
	robotKey?: string;
	truncated?: boolean;
	response_code?: string;
	recalledAt?: number;
}

export interface WecomCallbackOptions {
	/** The receiver, e.g. an n8n webhook URL; msg_signature, timestamp and nonce are appended. */
	url: string;
	/** Which app signs: an app object, or found by corpId (+ agentId); the first app by default. */
	app?: Pick<WecomApp, 'corpId'> & Partial<WecomApp>;
	corpId?: string;
	agentId?: number;
	/** Override the app's callback Token / EncodingAESKey. */
	token?: string;
	encodingAesKey?: string;
	/** Plaintext XML fields; ToUserName and CreateTime default to the corp and now. */
	message: Record<string, string | number>;
	/** Leave AgentID out of the envelope and message (WeChat KF events have none). */
	omitAgentId?: boolean;
	timestamp?: string | number;
	nonce?: string;
	forge?: CallbackForgery;
	/** Send the identical request this many times, as WeCom's retries do. */
	times?: number;
	timeoutMs?: number;
	contentType?: string;
}

export interface WecomUrlVerificationOptions {
	url: string;
	app?: Pick<WecomApp, 'corpId'> & Partial<WecomApp>;
	corpId?: string;
	agentId?: number;
	token?: string;
	encodingAesKey?: string;
	echoPlain?: string;
	timestamp?: string | number;
	nonce?: string;
	forge?: CallbackForgery;
	timeoutMs?: number;
}

const MEDIA_MIN_BYTES = 5;
const MB = 1024 * 1024;
// Upload limits of 上传临时素材, path/90253: image 10 MB, voice 2 MB, video 10 MB, file 20 MB.
const MEDIA_LIMITS: Record<string, { max: number; code: number; what: string }> = {
	image: { max: 10 * MB, code: 40009, what: 'invalid image size' },
	voice: { max: 2 * MB, code: 40006, what: 'invalid voice size' },
	video: { max: 10 * MB, code: 40011, what: 'invalid video size' },
	file: { max: 20 * MB, code: 40006, what: 'invalid file size' },
};
// Robot uploads, path/91770 (文件上传接口): file 20 MB, voice 2 MB.
const ROBOT_MEDIA_LIMITS: Record<string, { max: number; code: number; what: string }> = {
	file: MEDIA_LIMITS.file,
	voice: MEDIA_LIMITS.voice,
};

const INTERACTIVE_CARDS = ['button_interaction', 'vote_interaction', 'multiple_interaction'];
const APP_CARD_TYPES = ['text_notice', 'news_notice', ...INTERACTIVE_CARDS];
const ROBOT_CARD_TYPES = ['text_notice', 'news_notice'];

export function wecomError(code: number, message: string): { errcode: number; errmsg: string } {
	// The shape of WeCom's errmsg: callers must branch on errcode, never on this text.
	return {
		errcode: code,
		errmsg: `${message}, hint: [${hint()}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`,
	};
}

function ok(extra: Record<string, unknown> = {}, errmsg = 'ok'): Record<string, unknown> {
	return { errcode: 0, errmsg, ...extra };
}

const reply = (body: unknown): EmulatorResponse => ({ body });
const fail = (code: number, message: string): EmulatorResponse => reply(wecomError(code, message));

type Checked<T> = { value: T; error?: undefined } | { error: EmulatorResponse; value?: undefined };

export function installWecom(core: EmulatorCore) {
	const corps = new Map<string, Corp>();
	const robots = new Map<string, Robot>();
	const sent = new Map<string, WecomMessage>();

	function corpOf(corpId: string): Corp {
		let corp = corps.get(corpId);
		if (!corp) {
			corp = {
				corpId,
				apps: new Map(),
				users: new Map(),
				departments: new Map([[1, { id: 1, name: corpId, parentid: 0 }]]),
				tagSeeds: [],
				tags: new Map(),
				chats: new Map(),
				media: new Map(),
			};
			corps.set(corpId, corp);
		}
		return corp;
	}

	function seedTags(corp: Corp): void {
		corp.tags.clear();
		let next = 1;
		for (const seed of corp.tagSeeds) {
			const tagid = seed.tagid ?? next;
			next = Math.max(next, tagid + 1);
			corp.tags.set(tagid, {
				tagid,
				tagname: seed.tagname,
				users: new Set((seed.userlist ?? []).map((u) => u.toLowerCase())),
				parties: new Set(seed.partylist ?? []),
			});
		}
	}

	function addApp(options: WecomAppOptions): WecomApp {
		const corp = corpOf(options.corpId);
		if (corp.apps.has(options.agentId)) throw new Error(`Agent ${options.agentId} already exists in ${options.corpId}`);
		for (const other of corp.apps.values()) {
			if (other.corpSecret === options.corpSecret) throw new Error('Two apps of one corp cannot share a secret');
		}
		const app: WecomApp = {
			corpId: options.corpId,
			corpSecret: options.corpSecret,
			agentId: options.agentId,
			token: options.token,
			encodingAesKey: options.encodingAesKey,
			name: options.name ?? `Emulator app ${options.agentId}`,
			tokenTtl: options.tokenTtl ?? 7200,
		};
		corp.apps.set(app.agentId, app);
		for (const dept of options.departments ?? []) corp.departments.set(dept.id, { ...dept });
		for (const user of options.users ?? []) addUser(options.corpId, typeof user === 'string' ? { userid: user } : user);
		if (options.tags?.length) {
			corp.tagSeeds.push(...options.tags);
			seedTags(corp);
		}
		return app;
	}

	function addUser(corpId: string, user: Partial<WecomUser> & { userid: string }): WecomUser {
		const corp = corpOf(corpId);
		const full: WecomUser = {
			userid: user.userid,
			name: user.name ?? user.userid,
			department: user.department?.length ? [...user.department] : [1],
			position: user.position ?? '',
		};
		// Userids are case-insensitive in WeCom (path/90236: 返回包中的userid……统一转为小写).
		corp.users.set(full.userid.toLowerCase(), full);
		return full;
	}

	function addRobot(key: string, options: WecomRobotOptions = {}): void {
		robots.set(key, { key, rateLimitPerMinute: options.rateLimitPerMinute ?? 20, media: new Map(), sendTimes: [] });
	}

	function openidOf(corpId: string, userid: string): string {
		return `o${createHash('sha1').update(`${corpId}\u0000${userid.toLowerCase()}`).digest('base64url').slice(0, 27)}`;
	}

	function appOfToken(ctx: RouteContext): { corp: Corp; app: WecomApp } {
		const meta = ctx.token?.meta as { corpId: string; agentId: number };
		const corp = corpOf(meta.corpId);
		return { corp, app: corp.apps.get(meta.agentId) as WecomApp };
	}

	/** The app an agentid in a request names, checked against the token's own app. */
	function checkAgent(corp: Corp, app: WecomApp, raw: unknown): Checked<WecomApp> {
		if (raw === undefined || raw === null || raw === '') return { error: fail(41011, 'agentid missing') };
		const agentId = int(raw);
		if (agentId === undefined || !corp.apps.has(agentId)) return { error: fail(40056, 'invalid agentid') };
		if (agentId !== app.agentId) return { error: fail(301002, 'access_token and agentid mismatch') };
		return { value: app };
	}

	function usersOfDepartment(corp: Corp, id: number): string[] {
		const ids = new Set<number>([id]);
		// Departments include their sub-departments when a message targets them.
		let grew = true;
		while (grew) {
			grew = false;
			for (const d of corp.departments.values()) {
				if (ids.has(d.parentid) && !ids.has(d.id)) {
					ids.add(d.id);
					grew = true;
				}
			}
		}
		return [...corp.users.values()].filter((u) => u.department.some((d) => ids.has(d))).map((u) => u.userid);
	}

	function mediaOf(corp: Corp, id: unknown, type: string): Checked<WecomMedia> {
		const mediaId = str(id);
		if (!mediaId) return { error: fail(41006, 'media_id missing') };
		const media = corp.media.get(mediaId);
		// A media_id of another type is as invalid as an unknown one (path/90313, 错误码 40007).
		if (!media || media.type !== type) return { error: fail(40007, 'invalid media_id') };
		return { value: media };
	}

	function checkArticles(
		list: unknown,
		each: (article: Record<string, unknown>) => EmulatorResponse | undefined,
	): EmulatorResponse | undefined {
		if (!Array.isArray(list) || list.length === 0) return fail(41016, 'articles missing');
		// 一个图文消息支持1到8条图文 (path/90236).
		if (list.length > 8) return fail(45008, 'article size out of limit');
		for (const article of list) {
			if (!isObject(article)) return fail(40058, 'invalid article');
			const error = each(article);
			if (error) return error;
		}
		return undefined;
	}

	function checkTemplateCard(card: Record<string, unknown>, allowed: string[]): EmulatorResponse | undefined {
		const cardType = str(card.card_type);
		if (!cardType || !allowed.includes(cardType)) return fail(40058, 'template_card.card_type invalid');
		const mainTitle = isObject(card.main_title) ? card.main_title : {};
		if (cardType === 'text_notice' && !str(mainTitle.title) && !str(card.sub_title_text)) {
			// path/90236 文本通知型: main_title.title 和 sub_title_text 必须有一项填写.
			return fail(40058, 'template_card.main_title.title or sub_title_text required');
		}
		if ((cardType === 'text_notice' || cardType === 'news_notice') && !isObject(card.card_action)) {
			return fail(40058, 'template_card.card_action required');
		}
		if (INTERACTIVE_CARDS.includes(cardType) && !str(card.task_id)) {
			return fail(40058, 'template_card.task_id required');
		}
		return undefined;
	}

	/**
	 * Validates the message object of one msgtype. `textOverflow` says what an over-long text does:
	 * message/send truncates it (path/90236: 超过将截断), appchat/send refuses it with 45002.
	 */
	function checkMessage(
		corp: Corp,
		body: Record<string, unknown>,
		allowedTypes: string[],
		textOverflow: 'truncate' | 'reject',
	): Checked<{ msgtype: string; payload: Record<string, unknown>; truncated: boolean }> {
		const msgtype = str(body.msgtype);
		if (!msgtype || !allowedTypes.includes(msgtype)) return { error: fail(40008, 'invalid message type') };
		const raw = body[msgtype];
		if (!isObject(raw)) return { error: fail(40058, `${msgtype} missing`) };
		const payload: Record<string, unknown> = { ...raw };
		let truncated = false;
		const error = ((): EmulatorResponse | undefined => {
			switch (msgtype) {
				case 'text': {
					const content = str(payload.content);
					if (!content) return fail(44004, 'empty content');
					if (byteLength(content) > 2048) {
						if (textOverflow === 'reject') return fail(45002, 'content size out of limit');
						payload.content = truncateBytes(content, 2048);
						truncated = true;
					}
					return undefined;
				}
				case 'markdown': {
					const content = str(payload.content);
					if (!content) return fail(44004, 'empty content');
					if (byteLength(content) > 2048) return fail(45002, 'content size out of limit');
					return undefined;
				}
				case 'image':
				case 'voice':
				case 'video':
				case 'file': {
					const media = mediaOf(corp, payload.media_id, msgtype);
					if (media.error) return media.error;
					if (msgtype === 'video') {
						// path/90236 视频消息: title 不超过128个字节, description 不超过512个字节, 超过会自动截断.
						if (typeof payload.title === 'string') payload.title = truncateBytes(payload.title, 128);
						if (typeof payload.description === 'string') payload.description = truncateBytes(payload.description, 512);
					}
					return undefined;
				}
				case 'textcard': {
					if (!str(payload.title)) return fail(41016, 'title missing');
					if (!str(payload.description)) return fail(41033, 'description missing');
					if (!str(payload.url)) return fail(41010, 'url missing');
					payload.title = truncateBytes(String(payload.title), 128);
					payload.description = truncateBytes(String(payload.description), 512);
					return undefined;
				}
				case 'news':
					return checkArticles(payload.articles, (a) => {
						if (!str(a.title)) return fail(41016, 'title missing');
						// 小程序或者url必须填写一个 (path/90236 图文消息).
						if (!str(a.url) && !str(a.appid)) return fail(41010, 'url missing');
						return undefined;
					});
				case 'mpnews':
					return checkArticles(payload.articles, (a) => {
						if (!str(a.title)) return fail(41016, 'title missing');
						const thumb = mediaOf(corp, a.thumb_media_id, 'image');
						if (thumb.error) return thumb.error;
						if (!str(a.content)) return fail(44004, 'empty content');
						return undefined;
					});
				case 'miniprogram_notice': {
					if (!str(payload.appid)) return fail(90200, 'appid missing');
					if (!str(payload.title)) return fail(41016, 'title missing');
					if (Array.isArray(payload.content_item) && payload.content_item.length > 10) {
						return fail(90201, 'content_item size out of limit');
					}
					return undefined;
				}
				case 'template_card':
					return checkTemplateCard(payload, APP_CARD_TYPES);
				default:
					return fail(40008, 'invalid message type');
			}
		})();
		if (error) return { error };
		return { value: { msgtype, payload, truncated } };
	}

	function splitIds(value: unknown): string[] {
		const text = str(value);
		if (!text) return [];
		return text
			.split('|')
			.map((s) => s.trim())
			.filter((s) => s !== '');
	}

	function recordMessage(message: Omit<WecomMessage, 'platform' | 'time'>): WecomMessage {
		return core.recordMessage({ platform: PLATFORM, ...message }) as WecomMessage;
	}

	// ---- access token and app (path/91039, path/90227) ----

	const gettoken: Route = {
		method: 'GET',
		path: '/cgi-bin/gettoken',
		handler: ({ req }) => {
			const { corpid, corpsecret } = req.query;
			core.countTokenCall(PLATFORM, [corpid ?? '', `${corpid ?? ''}/${corpsecret ?? ''}`]);
			if (!corpid) return fail(41002, 'corpid missing');
			const corp = corps.get(corpid);
			if (!corp) return fail(40013, 'invalid corpid');
			if (!corpsecret) return fail(41004, 'corpsecret missing');
			const app = [...corp.apps.values()].find((a) => a.corpSecret === corpsecret);
			if (!app) return fail(40001, 'invalid credential');
			// Each call issues a fresh token and earlier ones stay valid until they expire; WeCom only
			// revokes tokens early "出于运营需要" (path/91039), which revokeTokens() stands for.
			const record = core.tokens.issue(PLATFORM, `${corpid}/${app.agentId}`, app.tokenTtl, {
				corpId: corpid,
				agentId: app.agentId,
			});
			return reply(ok({ access_token: record.token, expires_in: Math.ceil(app.tokenTtl) }));
		},
	};

	const agentGet: Route = {
		method: 'GET',
		path: '/cgi-bin/agent/get',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const agent = checkAgent(corp, app, ctx.req.query.agentid);
			if (agent.error) return agent.error;
			return reply(
				ok({
					agentid: app.agentId,
					name: app.name,
					square_logo_url: '',
					description: '',
					allow_userinfos: { user: [...corp.users.values()].map((u) => ({ userid: u.userid })) },
					allow_partys: { partyid: [1] },
					allow_tags: { tagid: [...corp.tags.keys()] },
					close: 0,
					redirect_domain: '',
					report_location_flag: 0,
					isreportenter: 0,
					home_url: '',
					customized_publish_status: 1,
				}),
			);
		},
	};

	// ---- application messages (path/90236, recall path/94867) ----

	const messageSend: Route = {
		method: 'POST',
		path: '/cgi-bin/message/send',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const agent = checkAgent(corp, app, body.agentid);
			if (agent.error) return agent.error;
			const checked = checkMessage(
				corp,
				body,
				['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown', 'miniprogram_notice', 'template_card'],
				'truncate',
			);
			if (checked.error) return checked.error;

			const touser = splitIds(body.touser);
			const toparty = splitIds(body.toparty);
			const totag = splitIds(body.totag);
			if (touser.length === 0 && toparty.length === 0 && totag.length === 0) {
				return fail(82001, 'touser & toparty & totag are all empty');
			}
			// 最多支持1000个 users, 100 parties, 100 tags (path/90236).
			if (touser.length > 1000) return fail(40032, 'invalid userid list size');
			if (toparty.length > 100) return fail(82002, 'invalid partyid list size');
			if (totag.length > 100) return fail(82003, 'invalid tagid list size');

			const recipients = new Set<string>();
			const invalidUser: string[] = [];
			const invalidParty: string[] = [];
			const invalidTag: string[] = [];
			if (touser.length === 1 && touser[0] === '@all') {
				// 当touser为@all时忽略本参数 (toparty, totag).
				for (const u of corp.users.values()) recipients.add(u.userid);
			} else {
				for (const id of touser) {
					const user = corp.users.get(id.toLowerCase());
					if (user) recipients.add(user.userid);
					else invalidUser.push(id.toLowerCase());
				}
				for (const id of toparty) {
					const partyId = int(id);
					if (partyId === undefined || !corp.departments.has(partyId)) invalidParty.push(id);
					else for (const u of usersOfDepartment(corp, partyId)) recipients.add(u);
				}
				for (const id of totag) {
					const tag = corp.tags.get(int(id) ?? -1);
					if (!tag) {
						invalidTag.push(id);
						continue;
					}
					for (const u of tag.users) recipients.add(corp.users.get(u)?.userid ?? u);
					for (const p of tag.parties) for (const u of usersOfDepartment(corp, p)) recipients.add(u);
				}
			}
			const validTargets = recipients.size > 0 || toparty.length > invalidParty.length || totag.length > invalidTag.length;
			if (!validTargets) return fail(81013, 'user & party & tag all invalid');

			const msgid = randomId('', 24);
			const cardType = checked.value.msgtype === 'template_card' ? str(checked.value.payload.card_type) : undefined;
			const responseCode = cardType && INTERACTIVE_CARDS.includes(cardType) ? randomId('', 32) : undefined;
			const message = recordMessage({
				kind: 'app',
				corpId: corp.corpId,
				agentid: app.agentId,
				msgid,
				to: { touser: str(body.touser), toparty: str(body.toparty), totag: str(body.totag) },
				recipients: [...recipients],
				msgtype: checked.value.msgtype,
				payload: checked.value.payload,
				body,
				truncated: checked.value.truncated || undefined,
				response_code: responseCode,
			});
			sent.set(msgid, message);
			return reply(
				ok({
					invaliduser: invalidUser.join('|'),
					invalidparty: invalidParty.join('|'),
					invalidtag: invalidTag.join('|'),
					unlicenseduser: '',
					msgid,
					...(responseCode ? { response_code: responseCode } : {}),
				}),
			);
		},
	};

	const messageRecall: Route = {
		method: 'POST',
		path: '/cgi-bin/message/recall',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const msgid = str(bodyObject(ctx).msgid);
			if (!msgid) return fail(40058, 'msgid missing');
			const message = sent.get(msgid);
			if (!message || message.corpId !== corp.corpId || message.agentid !== app.agentId || message.recalledAt) {
				return fail(40058, 'invalid msgid');
			}
			// 仅可撤回24小时内的应用消息 (path/94867).
			if (core.now() - message.time > 24 * 3600 * 1000) return fail(40058, 'msgid expired');
			message.recalledAt = core.now();
			return reply(ok());
		},
	};

	// ---- app chats (path/90245 create, 90246 update, 90247 get, 90248 send) ----

	function chatOf(corp: Corp, app: WecomApp, raw: unknown): Checked<WecomChat> {
		const chatid = str(raw);
		if (!chatid) return { error: fail(86201, 'chatid missing') };
		const chat = corp.chats.get(chatid);
		if (!chat) return { error: fail(86003, 'chatid not found') };
		// chatid所代表的群必须是该应用所创建 (path/90248).
		if (chat.creatorAgentId !== app.agentId) return { error: fail(86008, 'chat not created by this app') };
		return { value: chat };
	}

	function memberIds(corp: Corp, list: unknown): Checked<string[]> {
		if (list === undefined) return { value: [] };
		if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) return { error: fail(40058, 'userlist must be an array of userids') };
		const ids: string[] = [];
		for (const id of list as string[]) {
			const user = corp.users.get(id.toLowerCase());
			if (!user) return { error: fail(86216, `invalid chat member ${id}`) };
			if (!ids.includes(user.userid)) ids.push(user.userid);
		}
		return { value: ids };
	}

	const appchatCreate: Route = {
		method: 'POST',
		path: '/cgi-bin/appchat/create',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const members = memberIds(corp, body.userlist);
			if (members.error) return members.error;
			// 群成员id列表。至少2人，至多2000人 (path/90245).
			if (members.value.length < 2 || members.value.length > 2000) return fail(86006, 'invalid chat member count');
			let owner = members.value[0];
			if (body.owner !== undefined && body.owner !== '') {
				const wanted = corp.users.get(String(body.owner).toLowerCase());
				if (!wanted) return fail(86005, 'invalid owner');
				if (!members.value.includes(wanted.userid)) return fail(86207, 'owner not in userlist');
				owner = wanted.userid;
			}
			let chatid = str(body.chatid);
			if (chatid !== undefined && chatid !== '') {
				// 字符串类型，最长32个字符。只允许字符0-9及字母a-zA-Z (path/90245).
				if (!/^[0-9a-zA-Z]{1,32}$/.test(chatid)) return fail(86001, 'invalid chatid');
				if (corp.chats.has(chatid)) return fail(86215, 'chatid already exists');
			} else {
				do chatid = `wr${randomId('', 12).replace(/[^0-9a-zA-Z]/g, '')}`;
				while (corp.chats.has(chatid));
			}
			const name = truncateByChars(str(body.name) ?? '', 50);
			corp.chats.set(chatid, { chatid, name, owner, userlist: members.value, creatorAgentId: app.agentId });
			return reply(ok({ chatid }));
		},
	};

	const appchatUpdate: Route = {
		method: 'POST',
		path: '/cgi-bin/appchat/update',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const chat = chatOf(corp, app, body.chatid);
			if (chat.error) return chat.error;
			const add = memberIds(corp, body.add_user_list);
			if (add.error) return add.error;
			const del = memberIds(corp, body.del_user_list);
			if (del.error) return del.error;
			const current = chat.value.userlist;
			for (const id of del.value) if (!current.includes(id)) return fail(86216, `user ${id} is not in the chat`);
			const next = [...current.filter((u) => !del.value.includes(u)), ...add.value.filter((u) => !current.includes(u))];
			if (next.length > 2000) return fail(86006, 'invalid chat member count');
			let owner = chat.value.owner;
			if (body.owner !== undefined && body.owner !== '') {
				const wanted = corp.users.get(String(body.owner).toLowerCase());
				if (!wanted) return fail(86005, 'invalid owner');
				owner = wanted.userid;
			}
			if (!next.includes(owner)) return fail(86207, 'owner not in userlist');
			chat.value.userlist = next;
			chat.value.owner = owner;
			if (typeof body.name === 'string') chat.value.name = truncateByChars(body.name, 50);
			return reply(ok());
		},
	};

	const appchatGet: Route = {
		method: 'GET',
		path: '/cgi-bin/appchat/get',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const chat = chatOf(corp, app, ctx.req.query.chatid);
			if (chat.error) return chat.error;
			const { chatid, name, owner, userlist } = chat.value;
			return reply(ok({ chat_info: { chatid, name, owner, userlist: [...userlist], chat_type: 0 } }));
		},
	};

	const appchatSend: Route = {
		method: 'POST',
		path: '/cgi-bin/appchat/send',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const chat = chatOf(corp, app, body.chatid);
			if (chat.error) return chat.error;
			const checked = checkMessage(
				corp,
				body,
				['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown'],
				'reject',
			);
			if (checked.error) return checked.error;
			recordMessage({
				kind: 'appchat',
				corpId: corp.corpId,
				agentid: app.agentId,
				chatid: chat.value.chatid,
				recipients: [...chat.value.userlist],
				msgtype: checked.value.msgtype,
				payload: checked.value.payload,
				body,
			});
			return reply(ok());
		},
	};

	// ---- tags (path/90210 create … 90216 list) ----

	function tagOf(corp: Corp, raw: unknown): Checked<Tag> {
		const tag = corp.tags.get(int(raw) ?? NaN);
		if (!tag) return { error: fail(40068, 'invalid tagid') };
		return { value: tag };
	}

	function mayEdit(tag: Tag, app: WecomApp): EmulatorResponse | undefined {
		// 应用只能操作自己创建的标签 (path/90313, 错误码 81011).
		if (tag.ownerAgentId !== undefined && tag.ownerAgentId !== app.agentId) return fail(81011, 'no privilege to access tag');
		return undefined;
	}

	function checkTagName(corp: Corp, raw: unknown, except?: number): EmulatorResponse | undefined {
		const name = str(raw);
		// 标签名称，长度限制为32个字以内（汉字或英文字母） (path/90210).
		if (!name || [...name].length > 32) return fail(40072, 'invalid tagname length');
		for (const tag of corp.tags.values()) {
			if (tag.tagname === name && tag.tagid !== except) return fail(40071, 'tagname already exists');
		}
		return undefined;
	}

	const tagCreate: Route = {
		method: 'POST',
		path: '/cgi-bin/tag/create',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const nameError = checkTagName(corp, body.tagname);
			if (nameError) return nameError;
			let tagid: number;
			if (body.tagid !== undefined && body.tagid !== null) {
				const wanted = int(body.tagid);
				if (wanted === undefined || wanted < 0 || corp.tags.has(wanted)) return fail(40068, 'invalid tagid');
				tagid = wanted;
			} else {
				// 不指定时则以目前最大的id自增 (path/90210).
				tagid = Math.max(0, ...corp.tags.keys()) + 1;
			}
			corp.tags.set(tagid, { tagid, tagname: String(body.tagname), users: new Set(), parties: new Set(), ownerAgentId: app.agentId });
			return reply(ok({ tagid }, 'created'));
		},
	};

	const tagUpdate: Route = {
		method: 'POST',
		path: '/cgi-bin/tag/update',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const tag = tagOf(corp, body.tagid);
			if (tag.error) return tag.error;
			const denied = mayEdit(tag.value, app);
			if (denied) return denied;
			const nameError = checkTagName(corp, body.tagname, tag.value.tagid);
			if (nameError) return nameError;
			tag.value.tagname = String(body.tagname);
			return reply(ok({}, 'updated'));
		},
	};

	const tagDelete: Route = {
		method: 'GET',
		path: '/cgi-bin/tag/delete',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			const tag = tagOf(corp, ctx.req.query.tagid);
			if (tag.error) return tag.error;
			const denied = mayEdit(tag.value, app);
			if (denied) return denied;
			corp.tags.delete(tag.value.tagid);
			return reply(ok({}, 'deleted'));
		},
	};

	const tagGet: Route = {
		method: 'GET',
		path: '/cgi-bin/tag/get',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const tag = tagOf(corp, ctx.req.query.tagid);
			if (tag.error) return tag.error;
			return reply(
				ok({
					tagname: tag.value.tagname,
					userlist: [...tag.value.users].map((id) => {
						const user = corp.users.get(id);
						return { userid: user?.userid ?? id, name: user?.name ?? id };
					}),
					partylist: [...tag.value.parties],
				}),
			);
		},
	};

	function tagMembers(corp: Corp, app: WecomApp, body: Record<string, unknown>, adding: boolean): EmulatorResponse {
		const tag = tagOf(corp, body.tagid);
		if (tag.error) return tag.error;
		const denied = mayEdit(tag.value, app);
		if (denied) return denied;
		const userlist = body.userlist ?? [];
		const partylist = body.partylist ?? [];
		// 指定的userlist和partylist为数组格式，不是字符串格式 (path/90313, 错误码 40035).
		if (!Array.isArray(userlist) || !Array.isArray(partylist)) return fail(40035, 'invalid parameter');
		if (userlist.length === 0 && partylist.length === 0) return fail(40035, 'userlist and partylist are both empty');
		// 单次请求个数不超过1000, partylist 不超过100 (path/90214).
		if (userlist.length > 1000 || partylist.length > 100) return fail(81014, 'too many users or parties');
		const invalidUsers: string[] = [];
		const invalidParties: number[] = [];
		const validUsers: string[] = [];
		const validParties: number[] = [];
		for (const raw of userlist) {
			const id = String(raw);
			if (corp.users.has(id.toLowerCase())) validUsers.push(id.toLowerCase());
			else invalidUsers.push(id);
		}
		for (const raw of partylist) {
			const id = int(raw);
			if (id !== undefined && corp.departments.has(id)) validParties.push(id);
			else invalidParties.push(id ?? Number(raw));
		}
		if (validUsers.length === 0 && validParties.length === 0) return fail(40070, 'all list invalid');
		for (const u of validUsers) (adding ? tag.value.users.add(u) : tag.value.users.delete(u));
		for (const p of validParties) (adding ? tag.value.parties.add(p) : tag.value.parties.delete(p));
		// The invalid lists appear only when something was invalid (path/90214, 90215 返回结果).
		const extra: Record<string, unknown> = {};
		if (invalidUsers.length) extra.invalidlist = invalidUsers.join('|');
		if (invalidParties.length) extra.invalidparty = invalidParties;
		return reply(ok(extra, adding ? 'ok' : 'deleted'));
	}

	const tagAddUsers: Route = {
		method: 'POST',
		path: '/cgi-bin/tag/addtagusers',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			return tagMembers(corp, app, bodyObject(ctx), true);
		},
	};

	const tagDelUsers: Route = {
		method: 'POST',
		path: '/cgi-bin/tag/deltagusers',
		auth: true,
		handler: (ctx) => {
			const { corp, app } = appOfToken(ctx);
			return tagMembers(corp, app, bodyObject(ctx), false);
		},
	};

	const tagList: Route = {
		method: 'GET',
		path: '/cgi-bin/tag/list',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			return reply(ok({ taglist: [...corp.tags.values()].map((t) => ({ tagid: t.tagid, tagname: t.tagname })) }));
		},
	};

	// ---- users (path/90196 get, 96067 list_id, 90202 convert) ----

	const userGet: Route = {
		method: 'GET',
		path: '/cgi-bin/user/get',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const user = corp.users.get((ctx.req.query.userid ?? '').toLowerCase());
			if (!user) return fail(60111, 'userid not found');
			return reply(
				ok({
					userid: user.userid,
					name: user.name,
					department: [...user.department],
					position: user.position ?? '',
					status: 1,
					main_department: user.department[0],
				}),
			);
		},
	};

	const userListId: Route = {
		method: 'POST',
		path: '/cgi-bin/user/list_id',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const body = bodyObject(ctx);
			const limit = body.limit === undefined ? 10000 : int(body.limit);
			// 分页，预期请求的数据量，取值范围 1 ~ 10000 (path/96067).
			if (limit === undefined || limit < 1 || limit > 10000) return fail(40058, 'invalid limit');
			let offset = 0;
			const cursor = str(body.cursor);
			if (cursor) {
				const decoded = /^emu:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
				if (!decoded) return fail(50100, 'invalid cursor');
				offset = Number(decoded[1]);
			}
			// One row per (user, department) pair, in a stable order, so paging is deterministic.
			const rows = [...corp.users.values()]
				.sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0))
				.flatMap((u) => u.department.map((department) => ({ userid: u.userid, department })));
			const page = rows.slice(offset, offset + limit);
			const end = offset + page.length;
			const nextCursor = end < rows.length ? Buffer.from(`emu:${end}`, 'utf8').toString('base64url') : '';
			return reply(ok({ next_cursor: nextCursor, dept_user: page }));
		},
	};

	const convertToOpenid: Route = {
		method: 'POST',
		path: '/cgi-bin/user/convert_to_openid',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const user = corp.users.get((str(bodyObject(ctx).userid) ?? '').toLowerCase());
			if (!user) return fail(60111, 'userid not found');
			return reply(ok({ openid: openidOf(corp.corpId, user.userid) }));
		},
	};

	const convertToUserid: Route = {
		method: 'POST',
		path: '/cgi-bin/user/convert_to_userid',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const openid = str(bodyObject(ctx).openid);
			const user = [...corp.users.values()].find((u) => openidOf(corp.corpId, u.userid) === openid);
			if (!user) return fail(40073, 'invalid openid');
			return reply(ok({ userid: user.userid }));
		},
	};

	// ---- media (path/90253 upload, 90254 get) ----

	function readUpload(
		ctx: RouteContext,
		limits: Record<string, { max: number; code: number; what: string }>,
	): Checked<{ type: string; data: Buffer; filename: string; contentType: string }> {
		const type = ctx.req.query.type ?? '';
		if (!limits[type]) return { error: fail(40005, 'invalid media type') };
		let parts;
		try {
			parts = parseMultipart(ctx.req.rawBody, ctx.req.headers['content-type']);
		} catch (error) {
			if (error instanceof MultipartError) return { error: fail(44001, `empty media data: ${error.message}`) };
			throw error;
		}
		const part = parts.find((p) => p.name === 'media' && p.filename !== undefined);
		if (!part) return { error: fail(44001, 'empty media data') };
		const limit = limits[type];
		// 所有文件size必须大于5个字节 (path/90253).
		if (part.data.length < MEDIA_MIN_BYTES) return { error: fail(40006, 'invalid file size') };
		if (part.data.length > limit.max) return { error: fail(limit.code, limit.what) };
		return {
			value: {
				type,
				data: Buffer.from(part.data),
				filename: part.filename || 'media',
				contentType: part.contentType || 'application/octet-stream',
			},
		};
	}

	function storeMedia(store: Map<string, WecomMedia>, upload: { type: string; data: Buffer; filename: string; contentType: string }): WecomMedia {
		const media: WecomMedia = {
			media_id: randomId(`${upload.type.slice(0, 1)}`, 36),
			...upload,
			created_at: Math.floor(core.now() / 1000),
		};
		store.set(media.media_id, media);
		return media;
	}

	const mediaUpload: Route = {
		method: 'POST',
		path: '/cgi-bin/media/upload',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const upload = readUpload(ctx, MEDIA_LIMITS);
			if (upload.error) return upload.error;
			const media = storeMedia(corp.media, upload.value);
			return reply(ok({ type: media.type, media_id: media.media_id, created_at: String(media.created_at) }));
		},
	};

	const mediaGet: Route = {
		method: 'GET',
		path: '/cgi-bin/media/get',
		auth: true,
		handler: (ctx) => {
			const { corp } = appOfToken(ctx);
			const id = ctx.req.query.media_id;
			if (!id) return fail(41006, 'media_id missing');
			const media = corp.media.get(id);
			if (!media) return fail(40007, 'invalid media_id');
			// Node rejects non-Latin-1 header text; sending the UTF-8 bytes as Latin-1 puts the raw
			// UTF-8 filename on the wire, as WeCom does.
			const headers: Record<string, string> = {
				'content-type': media.contentType,
				'content-disposition': `attachment; filename="${Buffer.from(media.filename, 'utf8').toString('latin1')}"`,
			};
			// 支持断点下载（分块下载）: a Range header gets 206 with that slice (path/90254).
			const range = /^bytes=(\d*)-(\d*)$/.exec(String(ctx.req.headers.range ?? ''));
			if (range && (range[1] !== '' || range[2] !== '')) {
				const size = media.data.length;
				let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
				let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
				start = Math.max(0, start);
				end = Math.min(size - 1, end);
				if (start > end) return { status: 416, headers: { 'content-range': `bytes */${size}` }, body: Buffer.alloc(0) };
				headers['content-range'] = `bytes ${start}-${end}/${size}`;
				return { status: 206, headers, body: media.data.subarray(start, end + 1) };
			}
			return { headers, body: media.data };
		},
	};

	// ---- group robot (path/91770) ----

	function robotOf(key: string | undefined): Robot | undefined {
		return key ? robots.get(key) : undefined;
	}

	const webhookSend: Route = {
		method: 'POST',
		path: '/cgi-bin/webhook/send',
		handler: (ctx) => {
			const robot = robotOf(ctx.req.query.key);
			if (!robot) return fail(93000, 'invalid webhook url');
			const body = bodyObject(ctx);
			const msgtype = str(body.msgtype);
			const types = ['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card'];
			if (!msgtype || !types.includes(msgtype)) return fail(40008, 'invalid message type');
			const raw = body[msgtype];
			if (!isObject(raw)) return fail(40058, `${msgtype} missing`);
			const payload: Record<string, unknown> = { ...raw };
			const error = ((): EmulatorResponse | undefined => {
				switch (msgtype) {
					case 'text': {
						const content = str(payload.content);
						if (!content) return fail(44004, 'empty content');
						if (byteLength(content) > 2048) return fail(40058, 'text.content exceed max length 2048. invalid Request Parameter');
						for (const list of ['mentioned_list', 'mentioned_mobile_list']) {
							if (payload[list] !== undefined && !Array.isArray(payload[list])) return fail(40058, `${list} must be an array`);
						}
						return undefined;
					}
					case 'markdown':
					case 'markdown_v2': {
						const content = str(payload.content);
						if (!content) return fail(44004, 'empty content');
						if (byteLength(content) > 4096) {
							return fail(40058, `${msgtype}.content exceed max length 4096. invalid Request Parameter`);
						}
						return undefined;
					}
					case 'image': {
						const base64 = str(payload.base64);
						const md5 = str(payload.md5);
						if (!base64 || !md5) return fail(40058, 'image.base64 and image.md5 are required');
						if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return fail(40058, 'image.base64 is not base64');
						const bytes = Buffer.from(base64, 'base64');
						// 图片（base64编码前）最大不能超过2M，支持JPG,PNG格式.
						if (bytes.length > 2 * MB) return fail(40009, 'invalid image size');
						// md5 is of the image bytes before base64 encoding.
						if (createHash('md5').update(bytes).digest('hex') !== md5.toLowerCase()) return fail(301019, 'media md5 not match');
						return undefined;
					}
					case 'news':
						return checkArticles(payload.articles, (a) => {
							if (!str(a.title)) return fail(41016, 'title missing');
							if (!str(a.url)) return fail(41010, 'url missing');
							return undefined;
						});
					case 'file':
					case 'voice': {
						const id = str(payload.media_id);
						if (!id) return fail(41006, 'media_id missing');
						const media = robot.media.get(id);
						if (!media || media.type !== msgtype) return fail(40007, 'invalid media_id');
						return undefined;
					}
					case 'template_card':
						return checkTemplateCard(payload, ROBOT_CARD_TYPES);
					default:
						return fail(40008, 'invalid message type');
				}
			})();
			if (error) return error;
			if (robot.rateLimitPerMinute > 0) {
				// 每个机器人发送的消息不能超过20条/分钟 (path/91770).
				const now = core.now();
				robot.sendTimes = robot.sendTimes.filter((t) => now - t < 60_000);
				if (robot.sendTimes.length >= robot.rateLimitPerMinute) return fail(45009, 'api freq out of limit');
				robot.sendTimes.push(now);
			}
			recordMessage({ kind: 'robot', robotKey: robot.key, msgtype, payload, body });
			return reply(ok());
		},
	};

	const webhookUpload: Route = {
		method: 'POST',
		path: '/cgi-bin/webhook/upload_media',
		handler: (ctx) => {
			const robot = robotOf(ctx.req.query.key);
			if (!robot) return fail(93000, 'invalid webhook url');
			const upload = readUpload(ctx, ROBOT_MEDIA_LIMITS);
			if (upload.error) return upload.error;
			const media = storeMedia(robot.media, upload.value);
			return reply(ok({ type: media.type, media_id: media.media_id, created_at: String(media.created_at) }));
		},
	};

	// ---- callbacks sent by the emulator to a receiver ----

	function resolveApp(options: { app?: Partial<WecomApp>; corpId?: string; agentId?: number }): WecomApp | undefined {
		const corpId = options.app?.corpId ?? options.corpId;
		const agentId = options.app?.agentId ?? options.agentId;
		const candidates = [...corps.values()].flatMap((c) => [...c.apps.values()]);
		return candidates.find((a) => (corpId === undefined || a.corpId === corpId) && (agentId === undefined || a.agentId === agentId));
	}

	function keysFor(options: WecomCallbackOptions | WecomUrlVerificationOptions): { keys: WxCallbackKeys; app?: WecomApp } {
		const app = resolveApp(options);
		const corpId = options.app?.corpId ?? options.corpId ?? app?.corpId;
		const token = options.token ?? options.app?.token ?? app?.token;
		const encodingAesKey = options.encodingAesKey ?? options.app?.encodingAesKey ?? app?.encodingAesKey;
		if (!corpId || !token || !encodingAesKey) {
			throw new Error('No WeCom app matches; pass app, corpId/agentId of a registered app, or token and encodingAesKey');
		}
		return { keys: { token, encodingAesKey, receiveId: corpId }, app };
	}

	async function sendCallback(options: WecomCallbackOptions): Promise<CallbackResult> {
		const { keys, app } = keysFor(options);
		const agentId = options.omitAgentId ? undefined : (options.app?.agentId ?? options.agentId ?? app?.agentId);
		const nowSeconds = Math.floor(core.now() / 1000);
		const message: Record<string, string | number> = {
			ToUserName: keys.receiveId,
			CreateTime: nowSeconds,
			...options.message,
		};
		if (agentId !== undefined && message.AgentID === undefined) message.AgentID = agentId;
		const plaintext = plaintextXml(message);
		// Envelope of path/90930 (接收数据格式): ToUserName, AgentID, Encrypt.
		const envelope = (encrypt: string) =>
			plaintextXml({ ToUserName: keys.receiveId, AgentID: agentId === undefined ? undefined : String(agentId), Encrypt: encrypt });
		return deliverCallback(keys, {
			url: options.url,
			plaintext,
			envelope,
			timestamp: options.timestamp ?? nowSeconds,
			nonce: options.nonce,
			forge: options.forge,
			times: options.times,
			timeoutMs: options.timeoutMs,
			contentType: options.contentType,
		});
	}

	async function sendUrlVerification(options: WecomUrlVerificationOptions): Promise<UrlVerificationResult> {
		const { keys } = keysFor(options);
		return verifyCallbackUrl(keys, {
			url: options.url,
			echoPlain: options.echoPlain,
			timestamp: options.timestamp ?? Math.floor(core.now() / 1000),
			nonce: options.nonce,
			forge: options.forge,
			timeoutMs: options.timeoutMs,
		});
	}

	const routes: Route[] = [
		gettoken,
		agentGet,
		messageSend,
		messageRecall,
		appchatCreate,
		appchatUpdate,
		appchatGet,
		appchatSend,
		tagCreate,
		tagUpdate,
		tagDelete,
		tagGet,
		tagAddUsers,
		tagDelUsers,
		tagList,
		userGet,
		userListId,
		convertToOpenid,
		convertToUserid,
		mediaUpload,
		mediaGet,
		webhookSend,
		webhookUpload,
	];

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: '/wecom',
		routes,
		errors: {
			missingToken: () => wecomError(41001, 'access_token missing'),
			invalidToken: () => wecomError(40014, 'invalid access_token'),
			expiredToken: () => wecomError(42001, 'access_token expired'),
			rateLimited: (code) =>
				code === -1 ? wecomError(-1, 'system busy') : wecomError(code ?? 45009, 'api freq out of limit'),
			// 不符合json规范……errmsg里会有“Warning: wrong json format.” (path/90313).
			badJson: () => wecomError(40058, 'Warning: wrong json format. invalid Request Parameter'),
			wrongMethod: (expected) => wecomError(expected === 'POST' ? 43002 : 43001, `require ${expected} method`),
		},
		reset: () => {
			for (const corp of corps.values()) {
				seedTags(corp);
				corp.chats.clear();
				corp.media.clear();
			}
			for (const robot of robots.values()) {
				robot.media.clear();
				robot.sendTimes = [];
			}
			sent.clear();
		},
		control: {
			callback: (body) => sendCallback(controlOptions(body) as unknown as WecomCallbackOptions),
			'url-verification': (body) => sendUrlVerification(controlOptions(body) as unknown as WecomUrlVerificationOptions),
		},
	};
	core.register(definition);

	return {
		addApp,
		addUser,
		addRobot,
		/** Extra routes under /wecom (e.g. WeChat KF's /cgi-bin/kf/…), with the same token checks. */
		addRoutes: (extra: Route[]) => core.addRoutes(PLATFORM, extra),
		apps: (): WecomApp[] => [...corps.values()].flatMap((c) => [...c.apps.values()]),
		app: (corpId?: string, agentId?: number): WecomApp | undefined => resolveApp({ corpId, agentId }),
		users: (corpId: string): WecomUser[] => [...(corps.get(corpId)?.users.values() ?? [])].map((u) => ({ ...u })),
		tags: (corpId: string) =>
			[...(corps.get(corpId)?.tags.values() ?? [])].map((t) => ({
				tagid: t.tagid,
				tagname: t.tagname,
				userlist: [...t.users],
				partylist: [...t.parties],
			})),
		chat: (corpId: string, chatid: string): WecomChat | undefined => corps.get(corpId)?.chats.get(chatid),
		media: (mediaId: string): WecomMedia | undefined => {
			for (const corp of corps.values()) if (corp.media.has(mediaId)) return corp.media.get(mediaId);
			for (const robot of robots.values()) if (robot.media.has(mediaId)) return robot.media.get(mediaId);
			return undefined;
		},
		openidOf,
		/** Every recorded WeCom message: app messages, app-chat messages and robot messages. */
		get messages(): WecomMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM) as WecomMessage[];
		},
		get robotMessages(): WecomMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM && m.kind === 'robot') as WecomMessage[];
		},
		sendCallback,
		sendUrlVerification,
		/** The wecom token (as the server knows it) behind an access_token string. */
		tokenInfo: (accessToken: string) => core.tokens.get(accessToken),
	};
}

/** Control-API JSON → sender options: `app` may be given as {corpId, agentId}. */
function controlOptions(body: Record<string, unknown>): Record<string, unknown> {
	const options: Record<string, unknown> = { ...body };
	delete options.platform;
	if (typeof options.url !== 'string') throw new Error('callback needs "url"');
	if (options.message !== undefined && !isObject(options.message)) throw new Error('"message" must be an object');
	if (options.message === undefined) options.message = {};
	return options;
}

function truncateByChars(text: string, max: number): string {
	return [...text].slice(0, max).join('');
}

export const wecomPlatform = { install: installWecom };
export type WecomApi = ReturnType<typeof installWecom>;
