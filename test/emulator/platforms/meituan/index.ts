/**
 * Meituan Waimai / Shangou open platform (美团外卖 / 闪购开放平台) IM APIs, mounted at /meituan
 * (stands for https://waimaiopen.meituan.com/api/v1/; a credential's Base URL is `${url}/meituan`),
 * plus the IM push sender.
 *
 * Every call is checked as Meituan does (签名算法): app_id known (else 702), timestamp within
 * 10 minutes of the emulator clock and sig = md5(url + "?" + sorted k=v + secret) over the URL as
 * called and every query and form parameter (else 703). msgSend decrypts msg_content with the
 * app's key (AES-128-CBC, key = IV = first 16 bytes of the secret) and records what the user sees;
 * a msg_id already taken is answered result_code 1 and not delivered again.
 *
 * API (`emulator.meituan`): addApp, app, messages, reads, calls, sendPush (also POST
 * /__emulator/callback with {platform: 'meituan', url, message?, forge?, times?, encodeTwice?}).
 */
import type { EmulatorCore } from '../../core';
import type { EmulatorResponse, PlatformDefinition, RecordedMessage, Route, RouteContext } from '../../types';
import { isObject } from '../shared';
import { decrypt, sign } from './crypto';
import type { PushOptions } from './callback';
import { sendPush } from './callback';

const PLATFORM = 'meituan';
const PREFIX = '/meituan';
const API = '/';
/** Sent types of msgSend: 1 text, 2 picture, 4 goods card; 11 / 12 / 14 the same in a group. */
const SEND_TYPES = new Set([1, 2, 4, 11, 12, 14]);
const MAX_SPU_CODES = 7;
const MAX_SKEW_SECONDS = 600;

export interface MeituanAppOptions {
	appId: string;
	appSecret: string;
	/** Store codes (app_poi_code) of the app. */
	stores: string[];
}

export interface MeituanMessage extends RecordedMessage {
	platform: 'meituan';
	kind: 'msgSend';
	appId: string;
	msgId: string;
	appPoiCode: string;
	openUserId?: string;
	groupId?: string;
	orderId?: string;
	msgType: number;
	msgSource: number;
	/** msg_content decrypted: what the user sees (text or picture URL). */
	text?: string;
	spuCodes?: string[];
	push: Record<string, unknown>;
}

export interface MeituanCall {
	path: string;
	method: string;
	params: Record<string, string>;
	/** The verdict of the signature check: undefined when the call passed. */
	refused?: string;
}

interface AppState {
	options: MeituanAppOptions;
	imStatus: Map<string, number>;
	msgIds: Set<string>;
}

const ng = (code: number, msg: string) => ({ data: 'ng', error: { code, msg } });

export function installMeituan(core: EmulatorCore) {
	const apps = new Map<string, AppState>();
	const calls: MeituanCall[] = [];
	const reads: Array<{ appId: string; appPoiCode: string; msgId: string; openUserId: string }> = [];

	function addApp(options: MeituanAppOptions): AppState {
		const state: AppState = { options, imStatus: new Map(options.stores.map((s) => [s, 1])), msgIds: new Set() };
		apps.set(options.appId, state);
		return state;
	}

	function paramsOf(ctx: RouteContext): { params: Record<string, string>; duplicate?: string } {
		const params: Record<string, string> = { ...ctx.req.query };
		if (ctx.req.method === 'POST' && ctx.req.rawBody.length > 0) {
			if (!/x-www-form-urlencoded/i.test(String(ctx.req.headers['content-type'] ?? ''))) return { params, duplicate: 'content-type' };
			for (const [k, v] of new URLSearchParams(ctx.req.rawBody.toString('utf8'))) {
				if (k in params) return { params, duplicate: k };
				params[k] = v;
			}
		}
		return { params };
	}

	/** Checks app_id, timestamp and sig; the app, or the error answer. */
	function verify(ctx: RouteContext, path: string): { app: AppState; params: Record<string, string> } | EmulatorResponse {
		const { params, duplicate } = paramsOf(ctx);
		const record: MeituanCall = { path, method: ctx.req.method, params };
		calls.push(record);
		const refuse = (code: number, msg: string): EmulatorResponse => {
			record.refused = `${code} ${msg}`;
			return { body: ng(code, msg) };
		};
		if (duplicate) return refuse(701, `parameter ${duplicate} repeated or body not a form`);
		const app = apps.get(params.app_id ?? '');
		if (!app) return refuse(702, 'app_id 不存在');
		const ts = Number(params.timestamp);
		if (!/^\d{10}$/.test(params.timestamp ?? '') || Math.abs(core.now() / 1000 - ts) > MAX_SKEW_SECONDS) return refuse(703, 'timestamp 无效');
		const url = `http://${String(ctx.req.headers.host)}${PREFIX}${ctx.req.path}`;
		if (!params.sig || params.sig !== sign(url, params, app.options.appSecret)) return refuse(703, '签名验证错误');
		return { app, params };
	}

	function route(method: 'GET' | 'POST', path: string, handle: (app: AppState, params: Record<string, string>) => EmulatorResponse): Route {
		return {
			method,
			path: API + path,
			handler: (ctx) => {
				const checked = verify(ctx, path);
				if (!('app' in checked)) return checked;
				return handle(checked.app, checked.params);
			},
		};
	}

	function storeOf(app: AppState, code: string | undefined): string | EmulatorResponse {
		if (!code) return { body: ng(701, 'app_poi_code 不能为空') };
		if (!app.imStatus.has(code)) return { body: ng(701, `门店 ${code} 不存在`) };
		return code;
	}

	function msgSend(app: AppState, params: Record<string, string>): EmulatorResponse {
		let push: Record<string, unknown>;
		try {
			// IDs beyond 2^53 are kept as their digits (a Java long would be).
			push = JSON.parse(String(params.push_content ?? '').replace(/([:\[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"')) as Record<string, unknown>;
			if (!isObject(push)) throw new Error('not an object');
		} catch {
			return { body: ng(701, 'push_content 格式错误') };
		}
		const failed = (code: number, msg: string): EmulatorResponse => ({
			body: { data: 'ng', result_code: 3, error_list: [{ msg_id: push.msg_id ?? null, code, msg }] },
		});
		if (String(push.app_id) !== app.options.appId) return failed(702, 'push_content.app_id 与 app_id 不一致');
		const code = String(push.app_poi_code ?? '');
		if (!app.imStatus.has(code)) return failed(701, `门店 ${code} 不存在`);
		const msgId = String(push.msg_id ?? '');
		if (!/^\d+$/.test(msgId)) return failed(701, 'msg_id 必须是数字');
		const type = Number(push.msg_type);
		if (!SEND_TYPES.has(type)) return failed(701, `msg_type ${String(push.msg_type)} 不支持`);
		if (Number(push.msg_source) !== 1) return failed(701, 'msg_source 必须为 1');
		const group = type > 10;
		if (group ? !push.group_id : !push.open_user_id) return failed(701, group ? 'group_id 不能为空' : 'open_user_id 不能为空');
		let text: string | undefined;
		let spuCodes: string[] | undefined;
		if (type % 10 === 4) {
			spuCodes = String(push.app_spu_codes ?? '').split(',').filter(Boolean);
			if (spuCodes.length === 0 || spuCodes.length > MAX_SPU_CODES) return failed(701, 'app_spu_codes 数量必须为 1 到 7');
		} else {
			text = decrypt(app.options.appSecret, String(push.msg_content ?? ''));
			if (!text) return failed(701, 'msg_content 解密失败');
		}
		if (app.imStatus.get(code) !== 1) return failed(801, '门店未开通IM');
		// A msg_id already taken: the message is not delivered again.
		if (!app.msgIds.has(msgId)) {
			app.msgIds.add(msgId);
			const message: Omit<MeituanMessage, 'time'> = {
				platform: PLATFORM,
				kind: 'msgSend',
				appId: app.options.appId,
				msgId,
				appPoiCode: code,
				...(group ? { groupId: String(push.group_id) } : { openUserId: String(push.open_user_id) }),
				...(push.order_id !== undefined ? { orderId: String(push.order_id) } : {}),
				msgType: type,
				msgSource: 1,
				...(text !== undefined ? { text } : {}),
				...(spuCodes ? { spuCodes } : {}),
				push,
			};
			core.recordMessage(message as never);
		}
		return { body: { data: 'ok', result_code: 1, error_list: [] } };
	}

	const routes: Route[] = [
		route('POST', 'ecommerce/IM/msgSend', msgSend),
		route('POST', 'wm/IM/msgRead', (app, p) => {
			const store = storeOf(app, p.app_poi_code);
			if (typeof store !== 'string') return store;
			if (!p.msg_id || !p.open_user_id) return { body: ng(701, 'msg_id 与 open_user_id 不能为空') };
			reads.push({ appId: app.options.appId, appPoiCode: store, msgId: p.msg_id, openUserId: p.open_user_id });
			return { body: { data: 'ok' } };
		}),
		route('GET', 'wm/IM/getConnectionToken', (app) => ({
			body: { data: { connectionToken: `emulator-connection-${app.options.appId}`, userCount: 3, appKey: `emulator-appkey-${app.options.appId}` } },
		})),
		route('GET', 'wm/IM/getPoiIMStatus', (app, p) => {
			const store = storeOf(app, p.app_poi_code);
			if (typeof store !== 'string') return store;
			return { body: { data: { app_poi_code: store, im_status: app.imStatus.get(store) } } };
		}),
		route('POST', 'wm/IM/setPoiIMStatus', (app, p) => {
			const store = storeOf(app, p.app_poi_code);
			if (typeof store !== 'string') return store;
			if (p.im_status !== '0' && p.im_status !== '1') return { body: ng(701, 'im_status 必须为 0 或 1') };
			app.imStatus.set(store, Number(p.im_status));
			return { body: { data: 'ok' } };
		}),
		route('GET', 'poi/getids', (app) => ({ body: { data: [...app.imStatus.keys()] } })),
	];

	function defaultApp(): AppState {
		const first = [...apps.values()][0];
		if (!first) throw new Error('no Meituan app registered');
		return first;
	}

	async function push(options: Omit<PushOptions, 'appId' | 'appSecret'> & { appId?: string; appSecret?: string }) {
		const app = options.appId ? apps.get(options.appId) : defaultApp();
		return await sendPush({ ...options, appId: options.appId ?? app!.options.appId, appSecret: options.appSecret ?? app!.options.appSecret });
	}

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: PREFIX,
		routes,
		errors: {
			missingToken: () => ng(703, 'sig 不能为空'),
			invalidToken: () => ng(703, '签名验证错误'),
			expiredToken: () => ng(703, 'timestamp 无效'),
			rateLimited: (code) => ng(code ?? 711, '调用频率超限'),
			badJson: () => ng(701, '参数格式错误'),
			wrongMethod: (expected) => ng(701, `请使用 ${expected}`),
		},
		reset: () => {
			for (const app of apps.values()) {
				app.imStatus = new Map(app.options.stores.map((s) => [s, 1]));
				app.msgIds.clear();
			}
			calls.length = 0;
			reads.length = 0;
		},
		control: {
			callback: (body) => {
				const options = { ...body } as Record<string, unknown>;
				delete options.platform;
				if (typeof options.url !== 'string') throw new Error('meituan callback needs "url"');
				if (options.message !== undefined && !isObject(options.message)) throw new Error('"message" must be an object');
				return push(options as unknown as PushOptions);
			},
		},
	};
	core.register(definition);

	return {
		addApp,
		app: (appId?: string) => (appId ? apps.get(appId) : defaultApp()),
		imStatus: (appPoiCode: string, appId?: string) => (appId ? apps.get(appId) : defaultApp())?.imStatus.get(appPoiCode),
		get messages(): MeituanMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM) as MeituanMessage[];
		},
		/** Every call with its parameters and, when refused, why. */
		calls: (): MeituanCall[] => [...calls],
		reads: () => [...reads],
		/** The IM push to a trigger URL, signed with the app's secret (default: the first app). */
		sendPush: push,
	};
}

export const meituanPlatform = { install: installMeituan };
export type MeituanApi = ReturnType<typeof installMeituan>;
export { sendPush } from './callback';
export type { PushOptions, PushResult, PushForgery } from './callback';
export { sign as meituanEmulatorSign, encrypt as meituanEmulatorEncrypt, decrypt as meituanEmulatorDecrypt } from './crypto';
