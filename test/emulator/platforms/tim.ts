/**
 * Tencent Cloud IM (腾讯云即时通信 IM) REST API, mounted at /tim (stands for
 * https://console.tim.qq.com and the other data-center hosts), plus the third-party callback sender.
 *
 * Every call is `POST /v4/{service}/{command}?sdkappid&identifier&usersig&random&contenttype=json`
 * (REST API 简介, cloud.tencent.com/document/product/269/1519). The UserSig is checked the way
 * Tencent does: base64url-style unescape (* → +, - → /, _ → =), zlib inflate, JSON, HMAC-SHA256
 * with the app's key over the TLS.identifier / sdkappid / time / expire lines, expiry, and the
 * identifier must be the app administrator. Answers are HTTP 200 with
 * { ActionStatus, ErrorCode, ErrorInfo }, errors included.
 *
 * API (`emulator.tim`): addApp, addUser, addGroup, setOnline, expireUserSigs, userSigsSeen,
 * users / groups / messages, sendCallback (also `sendTimCallback`, and POST /__emulator/callback
 * with {platform: 'tim', url, command, body?, token?, requestTime?, forge?, ...}).
 *
 * Where the emulator chooses: an account whose UserID starts with "fail_" is refused by
 * multiaccount_import (to exercise FailAccounts); caps answer the codes listed in TIM_LIMITS.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';
import { inflateSync } from 'zlib';
import type { EmulatorCore } from '../core';
import { httpCall, withQuery, type HttpResult } from '../callback';
import type { EmulatorResponse, PlatformDefinition, RecordedMessage, Route, RouteContext } from '../types';
import { bodyObject, isObject } from './shared';

const PLATFORM = 'tim';

export interface TimAppOptions {
	sdkAppId: string;
	/** The app key (密钥) that signs UserSigs. */
	secretKey: string;
	/** The app administrator account (App 管理员). */
	admin: string;
	/** Callback authentication token (回调鉴权 Token). */
	callbackToken?: string;
	/** Accounts imported from the start (the admin always is). */
	users?: Array<string | { UserID: string; Nick?: string; FaceUrl?: string }>;
}

export interface TimUser {
	UserID: string;
	Nick: string;
	FaceUrl: string;
	/** Profile tags → values (Tag_Profile_IM_* and Tag_Profile_Custom_*). */
	profile: Record<string, unknown>;
}

export interface TimMember {
	Member_Account: string;
	Role: 'Owner' | 'Admin' | 'Member';
	JoinTime: number;
}

export interface TimGroup {
	GroupId: string;
	Type: string;
	Name: string;
	Owner_Account: string;
	Introduction: string;
	Notification: string;
	FaceUrl: string;
	ApplyJoinOption: string;
	MaxMemberCount: number;
	CreateTime: number;
	members: Map<string, TimMember>;
	nextMsgSeq: number;
}

interface TimAppState extends Required<Omit<TimAppOptions, 'users'>> {
	users: Map<string, TimUser>;
	groups: Map<string, TimGroup>;
	online: Map<string, 'Online' | 'PushOnline' | 'Offline'>;
}

export interface TimMessage extends RecordedMessage {
	platform: 'tim';
	kind: 'c2c' | 'batch' | 'group' | 'groupSystem';
	sdkAppId: string;
	/** The request body as sent. */
	body: Record<string, unknown>;
	from: string;
	to?: string;
	recipients?: string[];
	groupId?: string;
	MsgBody?: unknown[];
	/** The text of the TIMTextElem elements, joined by new lines. */
	text?: string;
	MsgKey?: string;
	MsgSeq?: number;
	content?: string;
}

export type TimCallbackForgery = 'sign' | 'sdkAppId' | 'stale' | 'unsigned';

export interface TimCallbackOptions {
	/** The receiver, e.g. an n8n webhook URL; the callback query is appended. */
	url: string;
	command: string;
	/** The JSON body (CallbackCommand is added), or a string sent as is (malformed-body tests). */
	body?: Record<string, unknown> | string;
	sdkAppId?: string;
	/** Sign with this token (Sign = sha256(token + RequestTime)); none = no Sign/RequestTime. */
	token?: string;
	requestTime?: number | string;
	/** 'sign' signs with another token, 'sdkAppId' names another app, 'stale' dates RequestTime 10 minutes back, 'unsigned' drops Sign. */
	forge?: TimCallbackForgery;
	clientIp?: string;
	optPlatform?: string;
	timeoutMs?: number;
	/** Send the identical request this many times, as a retry would. */
	times?: number;
	/** The request's Content-Type (Tencent's is application/json). */
	contentType?: string;
}

export interface TimCallbackResult extends HttpResult {
	/** The answer parsed as JSON, when it is JSON. */
	json?: Record<string, unknown>;
	request: { url: string; query: Record<string, string>; body: string };
	deliveries?: TimCallbackResult[];
}

/** The error envelope; ActionStatus FAIL whenever ErrorCode is not 0. */
export function timError(code: number, info: string): Record<string, unknown> {
	return { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info };
}

const fail = (code: number, info: string): EmulatorResponse => ({ body: timError(code, info) });
const ok = (extra: Record<string, unknown> = {}): EmulatorResponse => ({
	body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...extra },
});

// Per-call caps the docs give, and the code this emulator answers when one is exceeded.
export const TIM_LIMITS = {
	/** multiaccount_import (269/4919), account_delete (269/36443), account_check (269/38417): 70402. */
	accounts: 100,
	/** batchsendmsg (269/1612): 90011. */
	batchRecipients: 500,
	/** query_online_status (269/2566): 70402. */
	onlineStatus: 500,
	/** get_group_info (269/1616). */
	groupInfo: 50,
	/** add_group_member (269/1621, 一次最多添加20个成员). */
	addMembers: 20,
	/** delete_group_member (269/1622). */
	removeMembers: 100,
	/** get_group_member_info Limit (269/1617). */
	memberPage: 200,
	/** portrait_get (269/1639). */
	profiles: 100,
};

const GROUP_TYPES = ['Public', 'Private', 'ChatRoom', 'AVChatRoom', 'Community', 'Work', 'Meeting'];
const MAX_LIFETIME = 604800;

function unescapeSig(userSig: string): Buffer {
	return Buffer.from(userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
}

function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

export interface DecodedUserSig {
	'TLS.ver': string;
	'TLS.identifier': string;
	'TLS.sdkappid': number;
	'TLS.time': number;
	'TLS.expire': number;
	'TLS.sig': string;
}

/** Opens a UserSig; undefined when it is not one (Tencent: 70003 解析失败). */
export function decodeUserSig(userSig: string): DecodedUserSig | undefined {
	try {
		const doc = JSON.parse(inflateSync(unescapeSig(userSig)).toString('utf8')) as DecodedUserSig;
		if (!doc || typeof doc !== 'object' || typeof doc['TLS.sig'] !== 'string') return undefined;
		return doc;
	} catch {
		return undefined;
	}
}

function messageText(msgBody: unknown): string {
	if (!Array.isArray(msgBody)) return '';
	return msgBody
		.filter((el) => isObject(el) && el.MsgType === 'TIMTextElem')
		.map((el) => String(((el as Record<string, unknown>).MsgContent as Record<string, unknown> | undefined)?.Text ?? ''))
		.join('\n');
}

function validMsgBody(msgBody: unknown): boolean {
	return (
		Array.isArray(msgBody) &&
		msgBody.length > 0 &&
		msgBody.every((el) => isObject(el) && typeof el.MsgType === 'string' && /^TIM\w+Elem$/.test(el.MsgType) && isObject(el.MsgContent))
	);
}

function isUint32(value: unknown): boolean {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

function stringList(value: unknown): string[] | undefined {
	return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

export function installTim(core: EmulatorCore) {
	const apps = new Map<string, TimAppState>();
	const expiredSigs = new Set<string>();
	const seenSigs: string[] = [];
	let nextGroup = 1;

	function newUser(entry: string | { UserID: string; Nick?: string; FaceUrl?: string }): TimUser {
		const u = typeof entry === 'string' ? { UserID: entry } : entry;
		const user: TimUser = { UserID: u.UserID, Nick: u.Nick ?? '', FaceUrl: u.FaceUrl ?? '', profile: {} };
		if (user.Nick) user.profile.Tag_Profile_IM_Nick = user.Nick;
		if (user.FaceUrl) user.profile.Tag_Profile_IM_Image = user.FaceUrl;
		return user;
	}

	const seeds = new Map<string, TimAppOptions>();

	function seed(state: TimAppState, options: TimAppOptions): void {
		state.users.clear();
		state.groups.clear();
		state.online.clear();
		for (const entry of [options.admin, ...(options.users ?? [])]) {
			const user = newUser(entry);
			state.users.set(user.UserID, user);
		}
	}

	function addApp(options: TimAppOptions): TimAppState {
		if (apps.has(options.sdkAppId)) throw new Error(`Tencent Cloud IM app ${options.sdkAppId} already exists`);
		const state: TimAppState = {
			sdkAppId: options.sdkAppId,
			secretKey: options.secretKey,
			admin: options.admin,
			callbackToken: options.callbackToken ?? '',
			users: new Map(),
			groups: new Map(),
			online: new Map(),
		};
		seeds.set(options.sdkAppId, options);
		seed(state, options);
		apps.set(state.sdkAppId, state);
		return state;
	}

	function appOf(sdkAppId?: string): TimAppState {
		const app = sdkAppId ? apps.get(String(sdkAppId)) : [...apps.values()][0];
		if (!app) throw new Error(`No Tencent Cloud IM app ${sdkAppId ?? ''}`);
		return app;
	}

	/** The checks of REST API 简介 (269/1519) and the UserSig codes of 错误码 (269/1671). */
	function authenticate(ctx: RouteContext): TimAppState | EmulatorResponse {
		const q = ctx.req.query;
		if (!q.sdkappid) return fail(60012, 'REST API needs sdkappid in the URL');
		const random = Number(q.random);
		if (q.random === undefined || !/^\d+$/.test(q.random) || !isUint32(random)) {
			return fail(60002, 'random must be a 32-bit unsigned integer');
		}
		if (q.contenttype !== 'json') return fail(60002, 'contenttype must be json');
		if (!q.identifier || !q.usersig) return fail(60004, 'identifier or usersig missing');
		const app = apps.get(q.sdkappid);
		if (!app) return fail(70020, 'sdkappid not found');
		seenSigs.push(q.usersig);
		const doc = decodeUserSig(q.usersig);
		if (!doc) return fail(70003, 'usersig parse failed');
		if (String(doc['TLS.sdkappid']) !== q.sdkappid) return fail(70014, 'sdkappid does not match usersig');
		if (doc['TLS.identifier'] !== q.identifier) return fail(70013, 'identifier does not match usersig');
		const content =
			`TLS.identifier:${doc['TLS.identifier']}\n` +
			`TLS.sdkappid:${doc['TLS.sdkappid']}\n` +
			`TLS.time:${doc['TLS.time']}\n` +
			`TLS.expire:${doc['TLS.expire']}\n`;
		const expected = createHmac('sha256', app.secretKey).update(content, 'utf8').digest('base64');
		if (!sameText(expected, doc['TLS.sig'])) return fail(70009, 'usersig verification failed');
		const nowSeconds = Math.floor(core.now() / 1000);
		if (Number(doc['TLS.time']) + Number(doc['TLS.expire']) < nowSeconds || expiredSigs.has(q.usersig)) {
			return fail(70001, 'usersig expired');
		}
		if (q.identifier !== app.admin) return fail(60010, 'this request requires the app administrator');
		return app;
	}

	function route(path: string, handler: (app: TimAppState, body: Record<string, unknown>, ctx: RouteContext) => EmulatorResponse): Route {
		return {
			method: 'POST',
			path,
			handler: (ctx) => {
				const app = authenticate(ctx);
				if (!('users' in app)) return app;
				if (!isObject(ctx.req.json)) return fail(60003, 'request body is not a JSON object');
				return handler(app, bodyObject(ctx), ctx);
			},
		};
	}

	function record(message: Omit<TimMessage, 'platform' | 'time'>): TimMessage {
		return core.recordMessage({ platform: PLATFORM, ...message }) as TimMessage;
	}

	const nowSeconds = () => Math.floor(core.now() / 1000);
	const randomUint32 = () => Math.floor(Math.random() * 0x100000000);

	const routes: Route[] = [
		// 导入单个账号 (269/1608): UserID at most 32 bytes.
		route('/v4/im_open_login_svc/account_import', (app, body) => {
			const userId = body.UserID;
			if (typeof userId !== 'string' || !userId || Buffer.byteLength(userId) > 32) return fail(70402, 'invalid UserID');
			const user = newUser({ UserID: userId, Nick: body.Nick as string | undefined, FaceUrl: body.FaceUrl as string | undefined });
			app.users.set(userId, { ...user, profile: { ...app.users.get(userId)?.profile, ...user.profile } });
			return ok();
		}),
		// 导入多个账号 (269/4919): AccountList [{UserID, Nick?, FaceUrl?}] (or the old Accounts [UserID]).
		route('/v4/im_open_login_svc/multiaccount_import', (app, body) => {
			const list = Array.isArray(body.AccountList) ? body.AccountList : Array.isArray(body.Accounts) ? body.Accounts : undefined;
			if (!list || list.length === 0) return fail(70402, 'AccountList missing');
			if (list.length > TIM_LIMITS.accounts) return fail(70402, `at most ${TIM_LIMITS.accounts} accounts per request`);
			const failed: string[] = [];
			for (const entry of list) {
				const account = (isObject(entry) ? entry : { UserID: entry }) as Record<string, unknown>;
				const userId = account.UserID;
				if (typeof userId !== 'string' || !userId || Buffer.byteLength(userId) > 32 || userId.startsWith('fail_')) {
					failed.push(String(userId ?? ''));
					continue;
				}
				app.users.set(userId, newUser({ UserID: userId, Nick: account.Nick as string | undefined, FaceUrl: account.FaceUrl as string | undefined }));
			}
			return ok({ FailAccounts: failed });
		}),
		// 删除账号 (269/36443).
		route('/v4/im_open_login_svc/account_delete', (app, body) => {
			if (!Array.isArray(body.DeleteItem) || body.DeleteItem.length === 0) return fail(70402, 'DeleteItem missing');
			if (body.DeleteItem.length > TIM_LIMITS.accounts) return fail(70402, `at most ${TIM_LIMITS.accounts} accounts per request`);
			const ResultItem = body.DeleteItem.map((item) => {
				const userId = String((item as Record<string, unknown>)?.UserID ?? '');
				if (!app.users.has(userId)) return { ResultCode: 70107, ResultInfo: 'Err_TLS_PT_Open_Login_Account_Not_Exist', UserID: userId };
				app.users.delete(userId);
				return { ResultCode: 0, ResultInfo: '', UserID: userId };
			});
			return ok({ ResultItem });
		}),
		// 查询账号 (269/38417).
		route('/v4/im_open_login_svc/account_check', (app, body) => {
			if (!Array.isArray(body.CheckItem) || body.CheckItem.length === 0) return fail(70402, 'CheckItem missing');
			if (body.CheckItem.length > TIM_LIMITS.accounts) return fail(70402, `at most ${TIM_LIMITS.accounts} accounts per request`);
			const ResultItem = body.CheckItem.map((item) => {
				const userId = String((item as Record<string, unknown>)?.UserID ?? '');
				return { UserID: userId, ResultCode: 0, ResultInfo: '', AccountStatus: app.users.has(userId) ? 'Imported' : 'NotImported' };
			});
			return ok({ ResultItem });
		}),
		// 单发单聊消息 (269/2282).
		route('/v4/openim/sendmsg', (app, body) => {
			const to = body.To_Account;
			if (typeof to !== 'string' || !to) return fail(90010, 'To_Account missing');
			if (!isUint32(body.MsgRandom)) return fail(90005, 'MsgRandom missing or not an integer');
			if (!validMsgBody(body.MsgBody)) return fail(90010, 'MsgBody missing or invalid');
			if (body.MsgLifeTime !== undefined && !(isUint32(body.MsgLifeTime) && Number(body.MsgLifeTime) <= MAX_LIFETIME)) {
				return fail(90026, 'MsgLifeTime out of range');
			}
			if (body.SyncOtherMachine !== undefined && ![1, 2].includes(Number(body.SyncOtherMachine))) {
				return fail(90031, 'SyncOtherMachine must be 1 or 2');
			}
			const from = typeof body.From_Account === 'string' && body.From_Account ? body.From_Account : app.admin;
			if (!app.users.has(from)) return fail(90012, 'From_Account not imported');
			if (!app.users.has(to)) return fail(90012, 'To_Account not imported');
			const MsgTime = nowSeconds();
			const MsgSeq = typeof body.MsgSeq === 'number' ? body.MsgSeq : randomUint32();
			const MsgKey = `${MsgSeq}_${body.MsgRandom}_${MsgTime}`;
			record({ kind: 'c2c', sdkAppId: app.sdkAppId, body, from, to, MsgBody: body.MsgBody as unknown[], text: messageText(body.MsgBody), MsgKey });
			return ok({ MsgTime, MsgKey, MsgId: `${randomUint32()}-${MsgTime}-${body.MsgRandom}` });
		}),
		// 批量发单聊消息 (269/1612): at most 500 recipients.
		route('/v4/openim/batchsendmsg', (app, body) => {
			const to = stringList(body.To_Account);
			if (!to || to.length === 0) return fail(90010, 'To_Account missing');
			if (to.length > TIM_LIMITS.batchRecipients) return fail(90011, `more than ${TIM_LIMITS.batchRecipients} recipients`);
			if (!isUint32(body.MsgRandom)) return fail(90005, 'MsgRandom missing or not an integer');
			if (!validMsgBody(body.MsgBody)) return fail(90010, 'MsgBody missing or invalid');
			const from = typeof body.From_Account === 'string' && body.From_Account ? body.From_Account : app.admin;
			const ErrorList = to.filter((id) => !app.users.has(id)).map((id) => ({ To_Account: id, ErrorCode: 70107 }));
			const delivered = to.filter((id) => app.users.has(id));
			const MsgTime = nowSeconds();
			const MsgKey = `${randomUint32()}_${body.MsgRandom}_${MsgTime}`;
			record({ kind: 'batch', sdkAppId: app.sdkAppId, body, from, recipients: delivered, MsgBody: body.MsgBody as unknown[], text: messageText(body.MsgBody), MsgKey });
			return ok({ MsgKey, ...(ErrorList.length ? { ErrorList } : {}) });
		}),
		// 在群组中发送普通消息 (269/1629).
		route('/v4/group_open_http_svc/send_group_msg', (app, body) => {
			const group = app.groups.get(String(body.GroupId ?? ''));
			if (!group) return fail(10010, 'group does not exist');
			if (!isUint32(body.Random)) return fail(10004, 'Random missing or not an integer');
			if (!validMsgBody(body.MsgBody)) return fail(10004, 'MsgBody missing or invalid');
			const from = typeof body.From_Account === 'string' && body.From_Account ? body.From_Account : app.admin;
			const MsgSeq = group.nextMsgSeq++;
			const MsgTime = nowSeconds();
			record({ kind: 'group', sdkAppId: app.sdkAppId, body, from, groupId: group.GroupId, MsgBody: body.MsgBody as unknown[], text: messageText(body.MsgBody), MsgSeq });
			return ok({ MsgTime, MsgSeq });
		}),
		// 在群组中发送系统通知 (269/1630).
		route('/v4/group_open_http_svc/send_group_system_notification', (app, body) => {
			const group = app.groups.get(String(body.GroupId ?? ''));
			if (!group) return fail(10010, 'group does not exist');
			if (typeof body.Content !== 'string' || !body.Content) return fail(10004, 'Content missing');
			const members = body.ToMembers_Account === undefined ? [...group.members.keys()] : stringList(body.ToMembers_Account);
			if (!members) return fail(10004, 'ToMembers_Account must be an array of UserIDs');
			record({ kind: 'groupSystem', sdkAppId: app.sdkAppId, body, from: app.admin, groupId: group.GroupId, recipients: members, content: body.Content });
			return ok();
		}),
		// 创建群组 (269/1615).
		route('/v4/group_open_http_svc/create_group', (app, body) => {
			const type = String(body.Type ?? '');
			if (!GROUP_TYPES.includes(type)) return fail(10004, 'invalid group Type');
			if (typeof body.Name !== 'string' || !body.Name) return fail(10004, 'Name missing');
			let groupId = typeof body.GroupId === 'string' ? body.GroupId : '';
			if (groupId) {
				if (app.groups.has(groupId)) return fail(10021, 'group id already used');
				if (type === 'Community' && !groupId.startsWith('@TGS#_')) return fail(10004, 'a Community group id must start with @TGS#_');
			} else {
				groupId = `${type === 'Community' ? '@TGS#_' : '@TGS#'}${(nextGroup++).toString(36).toUpperCase()}EMU`;
			}
			const owner = typeof body.Owner_Account === 'string' ? body.Owner_Account : '';
			if (owner && !app.users.has(owner)) return fail(10019, 'Owner_Account not imported');
			const initial = Array.isArray(body.MemberList) ? body.MemberList : [];
			if (initial.length && type === 'AVChatRoom') return fail(10004, 'an AVChatRoom cannot have initial members');
			const members = new Map<string, TimMember>();
			const joined = nowSeconds();
			if (owner) members.set(owner, { Member_Account: owner, Role: 'Owner', JoinTime: joined });
			for (const m of initial) {
				const account = String((m as Record<string, unknown>)?.Member_Account ?? '');
				if (!app.users.has(account)) return fail(10019, `member ${account} not imported`);
				if (!members.has(account)) members.set(account, { Member_Account: account, Role: 'Member', JoinTime: joined });
			}
			app.groups.set(groupId, {
				GroupId: groupId,
				Type: type,
				Name: body.Name,
				Owner_Account: owner,
				Introduction: String(body.Introduction ?? ''),
				Notification: String(body.Notification ?? ''),
				FaceUrl: String(body.FaceUrl ?? ''),
				ApplyJoinOption: String(body.ApplyJoinOption ?? 'NeedPermission'),
				MaxMemberCount: Number(body.MaxMemberCount ?? 2000),
				CreateTime: joined,
				members,
				nextMsgSeq: 1,
			});
			return ok({ GroupId: groupId });
		}),
		// 解散群组 (269/1624).
		route('/v4/group_open_http_svc/destroy_group', (app, body) => {
			if (!app.groups.delete(String(body.GroupId ?? ''))) return fail(10010, 'group does not exist');
			return ok();
		}),
		// 获取群详细资料 (269/1616).
		route('/v4/group_open_http_svc/get_group_info', (app, body) => {
			const ids = stringList(body.GroupIdList);
			if (!ids || ids.length === 0) return fail(10004, 'GroupIdList missing');
			if (ids.length > TIM_LIMITS.groupInfo) return fail(10004, `at most ${TIM_LIMITS.groupInfo} groups per request`);
			const GroupInfo = ids.map((id) => {
				const g = app.groups.get(id);
				if (!g) return { GroupId: id, ErrorCode: 10010, ErrorInfo: 'group does not exist' };
				return {
					GroupId: g.GroupId,
					ErrorCode: 0,
					ErrorInfo: '',
					Type: g.Type,
					Name: g.Name,
					Owner_Account: g.Owner_Account,
					Introduction: g.Introduction,
					Notification: g.Notification,
					FaceUrl: g.FaceUrl,
					ApplyJoinOption: g.ApplyJoinOption,
					MaxMemberNum: g.MaxMemberCount,
					MemberNum: g.members.size,
					CreateTime: g.CreateTime,
					NextMsgSeq: g.nextMsgSeq,
				};
			});
			return ok({ GroupInfo });
		}),
		// 获取群成员详细资料 (269/1617): Limit/Offset, or Limit/Next for a Community.
		route('/v4/group_open_http_svc/get_group_member_info', (app, body) => {
			const g = app.groups.get(String(body.GroupId ?? ''));
			if (!g) return fail(10010, 'group does not exist');
			const all = [...g.members.values()];
			const limit = body.Limit === undefined ? all.length : Number(body.Limit);
			if (!Number.isInteger(limit) || limit < 0 || limit > TIM_LIMITS.memberPage) return fail(10004, `Limit must be 0..${TIM_LIMITS.memberPage}`);
			if (g.Type === 'Community') {
				if (body.Offset !== undefined) return fail(10004, 'a Community pages with Next, not Offset');
				const start = body.Next ? Number(Buffer.from(String(body.Next), 'base64').toString('utf8')) : 0;
				if (!Number.isInteger(start) || start < 0) return fail(10004, 'invalid Next');
				const page = all.slice(start, start + limit);
				const end = start + page.length;
				const Next = end < all.length ? Buffer.from(String(end)).toString('base64') : '';
				return ok({ MemberNum: all.length, MemberList: page, Next });
			}
			const offset = Number(body.Offset ?? 0);
			if (!Number.isInteger(offset) || offset < 0) return fail(10004, 'invalid Offset');
			return ok({ MemberNum: all.length, MemberList: all.slice(offset, offset + limit) });
		}),
		// 增加群成员 (269/1621).
		route('/v4/group_open_http_svc/add_group_member', (app, body) => {
			const g = app.groups.get(String(body.GroupId ?? ''));
			if (!g) return fail(10010, 'group does not exist');
			if (g.Type === 'AVChatRoom') return fail(10007, 'an AVChatRoom cannot add members');
			if (!Array.isArray(body.MemberList) || body.MemberList.length === 0) return fail(10004, 'MemberList missing');
			if (body.MemberList.length > TIM_LIMITS.addMembers) return fail(10004, `at most ${TIM_LIMITS.addMembers} members per request`);
			const MemberList = body.MemberList.map((m) => {
				const account = String((m as Record<string, unknown>)?.Member_Account ?? '');
				if (!app.users.has(account)) return { Member_Account: account, Result: 0 };
				if (g.members.has(account)) return { Member_Account: account, Result: 2 };
				g.members.set(account, { Member_Account: account, Role: 'Member', JoinTime: nowSeconds() });
				return { Member_Account: account, Result: 1 };
			});
			return ok({ MemberList });
		}),
		// 删除群成员 (269/1622): members not in the group are no error.
		route('/v4/group_open_http_svc/delete_group_member', (app, body) => {
			const g = app.groups.get(String(body.GroupId ?? ''));
			if (!g) return fail(10010, 'group does not exist');
			const list = stringList(body.MemberToDel_Account);
			if (!list || list.length === 0) return fail(10004, 'MemberToDel_Account missing');
			if (list.length > TIM_LIMITS.removeMembers) return fail(10004, `at most ${TIM_LIMITS.removeMembers} members per request`);
			for (const account of list) g.members.delete(account);
			return ok();
		}),
		// 拉取资料 (269/1639).
		route('/v4/profile/portrait_get', (app, body) => {
			const to = stringList(body.To_Account);
			const tags = stringList(body.TagList);
			if (!to || to.length === 0 || !tags || tags.length === 0) return fail(40001, 'To_Account or TagList missing');
			if (to.length > TIM_LIMITS.profiles) return fail(40001, `at most ${TIM_LIMITS.profiles} accounts per request`);
			const UserProfileItem = to.map((id) => {
				const user = app.users.get(id);
				if (!user) return { To_Account: id, ResultCode: 40003, ResultInfo: 'account not found' };
				const ProfileItem = tags.filter((t) => user.profile[t] !== undefined).map((Tag) => ({ Tag, Value: user.profile[Tag] }));
				return { To_Account: id, ProfileItem, ResultCode: 0, ResultInfo: '' };
			});
			return ok({ UserProfileItem, Fail_Account: UserProfileItem.filter((u) => u.ResultCode !== 0).map((u) => u.To_Account) });
		}),
		// 设置资料 (269/1640).
		route('/v4/profile/portrait_set', (app, body) => {
			const user = app.users.get(String(body.From_Account ?? ''));
			if (!user) return fail(40003, 'account not found');
			if (!Array.isArray(body.ProfileItem) || body.ProfileItem.length === 0) return fail(40001, 'ProfileItem missing');
			for (const item of body.ProfileItem) {
				const tag = String((item as Record<string, unknown>)?.Tag ?? '');
				if (!/^Tag_Profile_(IM|Custom)_\w+$/.test(tag)) return fail(40001, `unknown tag ${tag}`);
			}
			for (const item of body.ProfileItem as Array<Record<string, unknown>>) user.profile[String(item.Tag)] = item.Value;
			return ok();
		}),
		// 查询账号在线状态 (269/2566): at most 500 UserIDs.
		route('/v4/openim/query_online_status', (app, body) => {
			const to = stringList(body.To_Account);
			if (!to || to.length === 0) return fail(70402, 'To_Account missing');
			if (to.length > TIM_LIMITS.onlineStatus) return fail(70402, `at most ${TIM_LIMITS.onlineStatus} accounts per request`);
			const QueryResult = to
				.filter((id) => app.users.has(id))
				.map((id) => {
					const Status = app.online.get(id) ?? 'Offline';
					return Number(body.IsNeedDetail) === 1
						? { To_Account: id, Status, Detail: Status === 'Offline' ? [] : [{ Platform: 'iPhone', Status }] }
						: { To_Account: id, Status };
				});
			const ErrorList = to.filter((id) => !app.users.has(id)).map((id) => ({ To_Account: id, ErrorCode: 70107 }));
			return ok({ QueryResult, ...(ErrorList.length ? { ErrorList } : {}) });
		}),
	];

	/** sendTimCallback with the first (or the named) app's SDKAppID filled in. */
	async function sendCallback(options: TimCallbackOptions): Promise<TimCallbackResult> {
		const sdkAppId = String(options.sdkAppId ?? [...apps.values()][0]?.sdkAppId ?? '');
		return await sendTimCallback({ ...options, sdkAppId });
	}

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: '/tim',
		routes,
		errors: {
			missingToken: () => timError(60004, 'identifier or usersig missing'),
			invalidToken: () => timError(70009, 'usersig verification failed'),
			expiredToken: () => timError(70001, 'usersig expired'),
			// 60007 "REST 接口调用频率超过限制" (269/1671); group APIs answer 10006 / 10023.
			rateLimited: (code) => timError(code ?? 60007, 'request frequency limit exceeded'),
			badJson: () => timError(60003, 'request body is not valid JSON'),
			wrongMethod: (expected) => timError(60002, `use ${expected}`),
		},
		reset: () => {
			for (const [sdkAppId, state] of apps) seed(state, seeds.get(sdkAppId) as TimAppOptions);
			expiredSigs.clear();
			seenSigs.length = 0;
			nextGroup = 1;
		},
		control: {
			callback: (body) => {
				const options = { ...body } as Record<string, unknown>;
				delete options.platform;
				if (typeof options.url !== 'string' || typeof options.command !== 'string') throw new Error('tim callback needs "url" and "command"');
				if (options.body !== undefined && typeof options.body !== 'string' && !isObject(options.body)) throw new Error('"body" must be an object or a string');
				return sendCallback(options as unknown as TimCallbackOptions);
			},
		},
	};
	core.register(definition);

	return {
		addApp,
		app: (sdkAppId?: string) => appOf(sdkAppId),
		addUser(sdkAppId: string, user: string | { UserID: string; Nick?: string; FaceUrl?: string }): TimUser {
			const created = newUser(user);
			appOf(sdkAppId).users.set(created.UserID, created);
			return created;
		},
		/** A group with members (the owner included when given); members must exist or are imported. */
		addGroup(
			sdkAppId: string,
			group: { GroupId: string; Type?: string; Name?: string; Owner_Account?: string; members?: string[] },
		): TimGroup {
			const app = appOf(sdkAppId);
			const joined = nowSeconds();
			const members = new Map<string, TimMember>();
			for (const account of [group.Owner_Account, ...(group.members ?? [])].filter((a): a is string => !!a)) {
				if (!app.users.has(account)) app.users.set(account, newUser(account));
				members.set(account, { Member_Account: account, Role: account === group.Owner_Account ? 'Owner' : 'Member', JoinTime: joined });
			}
			const created: TimGroup = {
				GroupId: group.GroupId,
				Type: group.Type ?? (group.GroupId.startsWith('@TGS#_') ? 'Community' : 'Public'),
				Name: group.Name ?? group.GroupId,
				Owner_Account: group.Owner_Account ?? '',
				Introduction: '',
				Notification: '',
				FaceUrl: '',
				ApplyJoinOption: 'NeedPermission',
				MaxMemberCount: 2000,
				CreateTime: joined,
				members,
				nextMsgSeq: 1,
			};
			app.groups.set(created.GroupId, created);
			return created;
		},
		setOnline(sdkAppId: string, userId: string, status: 'Online' | 'PushOnline' | 'Offline'): void {
			appOf(sdkAppId).online.set(userId, status);
		},
		users: (sdkAppId?: string): TimUser[] => [...appOf(sdkAppId).users.values()],
		user: (sdkAppId: string, userId: string): TimUser | undefined => appOf(sdkAppId).users.get(userId),
		groups: (sdkAppId?: string): TimGroup[] => [...appOf(sdkAppId).groups.values()],
		group: (sdkAppId: string, groupId: string): TimGroup | undefined => appOf(sdkAppId).groups.get(groupId),
		/** Every UserSig seen so far answers 70001 "expired" from now on (a fresh one is accepted). */
		expireUserSigs(): number {
			for (const sig of seenSigs) expiredSigs.add(sig);
			return expiredSigs.size;
		},
		/** The usersig query value of every authenticated call, oldest first. */
		userSigsSeen: (): string[] => [...seenSigs],
		decodeUserSig,
		get messages(): TimMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM) as TimMessage[];
		},
		sendCallback,
	};
}

export const timPlatform = { install: installTim };
export type TimApi = ReturnType<typeof installTim>;

/**
 * One third-party callback as Tencent sends it (第三方回调简介, 269/1522): POST JSON to
 * url?SdkAppid&CallbackCommand&contenttype=json&ClientIP&OptPlatform, plus RequestTime and
 * Sign = sha256(token + RequestTime) when a token is given.
 */
export async function sendTimCallback(options: TimCallbackOptions & { sdkAppId: string }): Promise<TimCallbackResult> {
	const query: Record<string, string> = {
		SdkAppid: options.forge === 'sdkAppId' ? `${options.sdkAppId}9` : options.sdkAppId,
		CallbackCommand: options.command,
		contenttype: 'json',
		ClientIP: options.clientIp ?? '203.0.113.7',
		OptPlatform: options.optPlatform ?? 'iOS',
	};
	if (options.token !== undefined) {
		let requestTime = String(options.requestTime ?? Math.floor(Date.now() / 1000));
		if (options.forge === 'stale') requestTime = String(Number(requestTime) - 600);
		const signToken = options.forge === 'sign' ? `${options.token}_forged` : options.token;
		query.RequestTime = requestTime;
		if (options.forge !== 'unsigned') query.Sign = createHash('sha256').update(`${signToken}${requestTime}`).digest('hex');
	}
	const url = withQuery(options.url, query);
	const body =
		typeof options.body === 'string' ? options.body : JSON.stringify({ CallbackCommand: options.command, ...(options.body ?? {}) });
	const deliveries: TimCallbackResult[] = [];
	for (let i = 0; i < Math.max(1, Math.floor(options.times ?? 1)); i++) {
		const http = await httpCall(url, { method: 'POST', headers: { 'content-type': options.contentType ?? 'application/json' }, body }, options.timeoutMs ?? 5000);
		let json: Record<string, unknown> | undefined;
		try {
			json = http.body ? (JSON.parse(http.body) as Record<string, unknown>) : undefined;
		} catch {
			json = undefined;
		}
		deliveries.push({ ...http, json, request: { url, query, body } });
	}
	const last = deliveries[deliveries.length - 1];
	return deliveries.length > 1 ? { ...last, deliveries } : last;
}
