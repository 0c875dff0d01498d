/**
 * WeChat Official Account (公众号) server API, mounted at /oa (stands for https://api.weixin.qq.com).
 * For now: the two token endpoints and a cheap read for credential tests.
 *
 * Unlike WeCom, successful answers carry no errcode, and getAccessToken replaces the previous
 * token (keeping it usable for 5 minutes) while getStableAccessToken is isolated from it.
 */
import type { EmulatorCore } from '../core';
import type { EmulatorResponse, PlatformDefinition, Route, TokenRecord } from '../types';
import { bodyObject, hint, str } from './shared';

const PLATFORM = 'oa';
const GRACE_MS = 5 * 60 * 1000;
const FORCE_REFRESH_INTERVAL_MS = 30 * 1000;
const FORCE_REFRESH_PER_DAY = 20;

export interface OfficialAccountAppOptions {
	appId: string;
	appSecret: string;
	/** Message-push Token (服务器配置). */
	token: string;
	encodingAesKey: string;
	/** Access token lifetime in seconds (WeChat: 7200). */
	tokenTtl?: number;
}

export interface OfficialAccountApp extends Required<OfficialAccountAppOptions> {}

function rid(): string {
	const h = hint().padEnd(24, '0');
	return `${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}`;
}

export function officialAccountError(code: number, message: string): { errcode: number; errmsg: string } {
	return { errcode: code, errmsg: `${message} rid: ${rid()}` };
}

const fail = (code: number, message: string): EmulatorResponse => ({ body: officialAccountError(code, message) });

export function installOfficialAccount(core: EmulatorCore) {
	const apps = new Map<string, OfficialAccountApp>();
	const forceRefreshes = new Map<string, number[]>();

	function addApp(options: OfficialAccountAppOptions): OfficialAccountApp {
		if (apps.has(options.appId)) throw new Error(`Official Account ${options.appId} already exists`);
		const app: OfficialAccountApp = { tokenTtl: 7200, ...options };
		apps.set(app.appId, app);
		return app;
	}

	/** The checks both token endpoints share, in the order of their error tables. */
	function authenticate(grantType: string | undefined, appId: string | undefined, secret: string | undefined): OfficialAccountApp | EmulatorResponse {
		core.countTokenCall(PLATFORM, [appId ?? '']);
		if (grantType !== 'client_credential') return fail(40002, 'invalid grant_type');
		if (!appId) return fail(41002, 'appid missing');
		if (!secret) return fail(41004, 'appsecret missing');
		const app = apps.get(appId);
		if (!app) return fail(40013, 'invalid appid');
		if (secret !== app.appSecret) {
			// An AppSecret is 32 hex characters: a value of another shape is "invalid appsecret"
			// (40125), a well-formed but wrong one "AppSecret错误" (40001), per the getAccessToken
			// error table (developers.weixin.qq.com/doc/service/api/base/api_getaccesstoken).
			return /^[0-9a-f]{32}$/i.test(secret)
				? fail(40001, 'invalid credential, access_token is invalid or not latest')
				: fail(40125, 'invalid appsecret');
		}
		return app;
	}

	function tokenBody(record: TokenRecord): Record<string, unknown> {
		return { access_token: record.token, expires_in: Math.max(0, Math.round((record.expiresAt - core.now()) / 1000)) };
	}

	const getToken: Route = {
		method: 'GET',
		path: '/cgi-bin/token',
		handler: ({ req }) => {
			const app = authenticate(req.query.grant_type, req.query.appid, req.query.secret);
			if (!('appId' in app)) return app;
			const owner = `${app.appId}/token`;
			// 重复获取将导致上次获取的access_token失效, but 5分钟内新老access_token都可用
			// (developers.weixin.qq.com/doc/service/guide/dev/api).
			for (const old of core.tokens.list(PLATFORM, owner)) core.tokens.revoke(old, core.now() + GRACE_MS);
			const record = core.tokens.issue(PLATFORM, owner, app.tokenTtl, { appId: app.appId, kind: 'token' });
			return { body: tokenBody(record) };
		},
	};

	const stableToken: Route = {
		method: 'POST',
		path: '/cgi-bin/stable_token',
		handler: (ctx) => {
			const body = bodyObject(ctx);
			const app = authenticate(str(body.grant_type), str(body.appid), str(body.secret));
			if (!('appId' in app)) return app;
			const owner = `${app.appId}/stable`;
			const now = core.now();
			const current = core.tokens.current(PLATFORM, owner);
			const issue = () => core.tokens.issue(PLATFORM, owner, app.tokenTtl, { appId: app.appId, kind: 'stable' });
			// Semantics of developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html.
			if (body.force_refresh === true) {
				const history = (forceRefreshes.get(app.appId) ?? []).filter((t) => now - t < 24 * 3600 * 1000);
				forceRefreshes.set(app.appId, history);
				// 连续使用该模式时，请保证调用时间隔至少为30s，否则不会刷新.
				if (current && history.length > 0 && now - history[history.length - 1] < FORCE_REFRESH_INTERVAL_MS) {
					return { body: tokenBody(current) };
				}
				// 强制刷新模式每天限用20次.
				if (history.length >= FORCE_REFRESH_PER_DAY) return fail(45009, 'reach max api daily quota limit');
				history.push(now);
				// 强制刷新模式，会导致上次获取的 access_token 失效.
				for (const old of core.tokens.list(PLATFORM, owner)) core.tokens.revoke(old);
				return { body: tokenBody(issue()) };
			}
			// 普通模式: access_token 有效期内重复调用该接口不会更新 access_token, except that 平台会提前5分钟
			// 更新 — inside the last 5 minutes a new token comes back and the old one lives out its time.
			if (current && current.expiresAt - now > GRACE_MS) return { body: tokenBody(current) };
			return { body: tokenBody(issue()) };
		},
	};

	const apiDomainIp: Route = {
		method: 'GET',
		path: '/cgi-bin/get_api_domain_ip',
		auth: true,
		handler: () => ({ body: { ip_list: ['101.89.47.18', '101.91.34.103'] } }),
	};

	const callbackIp: Route = {
		method: 'GET',
		path: '/cgi-bin/getcallbackip',
		auth: true,
		handler: () => ({ body: { ip_list: ['106.55.206.146', '106.55.207.51'] } }),
	};

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: '/oa',
		routes: [getToken, stableToken, apiDomainIp, callbackIp],
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
		reset: () => forceRefreshes.clear(),
	};
	core.register(definition);

	return {
		addApp,
		apps: (): OfficialAccountApp[] => [...apps.values()],
		app: (appId?: string): OfficialAccountApp | undefined => (appId ? apps.get(appId) : [...apps.values()][0]),
		tokenInfo: (accessToken: string) => core.tokens.get(accessToken),
	};
}

export const officialAccountPlatform = { install: installOfficialAccount };
export type OfficialAccountApi = ReturnType<typeof installOfficialAccount>;
