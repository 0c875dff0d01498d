/**
 * Access tokens: the classic /cgi-bin/token and /cgi-bin/stable_token, with their different rules
 * about the previous token, and the two IP-list reads a credential test uses.
 */
import type { Route, TokenRecord } from '../../types';
import { bodyObject, str } from '../shared';
import type { Account, OfficialAccountState } from './state';
import { fail, PLATFORM, reply } from './state';

const GRACE_MS = 5 * 60 * 1000;
const FORCE_REFRESH_INTERVAL_MS = 30 * 1000;
const FORCE_REFRESH_PER_DAY = 20;

export function tokenRoutes(state: OfficialAccountState): { routes: Route[]; reset(): void } {
	const { core } = state;
	const forceRefreshes = new Map<string, number[]>();

	/** The checks both token endpoints share, in the order of their error tables. */
	function authenticate(grantType: string | undefined, appId: string | undefined, secret: string | undefined) {
		core.countTokenCall(PLATFORM, [appId ?? '']);
		if (grantType !== 'client_credential') return fail(40002, 'invalid grant_type');
		if (!appId) return fail(41002, 'appid missing');
		if (!secret) return fail(41004, 'appsecret missing');
		const acc = state.accounts.get(appId);
		if (!acc) return fail(40013, 'invalid appid');
		if (secret !== acc.app.appSecret) {
			// An AppSecret is 32 hex characters: a value of another shape is "invalid appsecret"
			// (40125), a well-formed but wrong one "AppSecret错误" (40001), per the getAccessToken
			// error table (developers.weixin.qq.com/doc/service/api/base/api_getaccesstoken).
			return /^[0-9a-f]{32}$/i.test(secret)
				? fail(40001, 'invalid credential, access_token is invalid or not latest')
				: fail(40125, 'invalid appsecret');
		}
		return acc;
	}

	const isAccount = (value: unknown): value is Account => typeof value === 'object' && value !== null && 'app' in value;

	function tokenBody(record: TokenRecord): Record<string, unknown> {
		return { access_token: record.token, expires_in: Math.max(0, Math.round((record.expiresAt - core.now()) / 1000)) };
	}

	const getToken: Route = {
		method: 'GET',
		path: '/cgi-bin/token',
		handler: (ctx) => {
			const acc = authenticate(ctx.req.query.grant_type, ctx.req.query.appid, ctx.req.query.secret);
			if (!isAccount(acc)) return acc;
			const refused = state.ipRefusal(acc, ctx);
			if (refused) return refused;
			const { app } = acc;
			const owner = `${app.appId}/token`;
			// 重复获取将导致上次获取的access_token失效, but 5分钟内新老access_token都可用
			// (developers.weixin.qq.com/doc/service/guide/dev/api).
			for (const old of core.tokens.list(PLATFORM, owner)) core.tokens.revoke(old, core.now() + GRACE_MS);
			const record = core.tokens.issue(PLATFORM, owner, app.tokenTtl, { appId: app.appId, kind: 'token' });
			return reply(tokenBody(record));
		},
	};

	const stableToken: Route = {
		method: 'POST',
		path: '/cgi-bin/stable_token',
		handler: (ctx) => {
			const body = bodyObject(ctx);
			const acc = authenticate(str(body.grant_type), str(body.appid), str(body.secret));
			if (!isAccount(acc)) return acc;
			const refused = state.ipRefusal(acc, ctx);
			if (refused) return refused;
			const { app } = acc;
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
					return reply(tokenBody(current));
				}
				// 强制刷新模式每天限用20次.
				if (history.length >= FORCE_REFRESH_PER_DAY) return fail(45009, 'reach max api daily quota limit');
				history.push(now);
				// 强制刷新模式，会导致上次获取的 access_token 失效.
				for (const old of core.tokens.list(PLATFORM, owner)) core.tokens.revoke(old);
				return reply(tokenBody(issue()));
			}
			// 普通模式: access_token 有效期内重复调用该接口不会更新 access_token, except that 平台会提前5分钟
			// 更新 — inside the last 5 minutes a new token comes back and the old one lives out its time.
			if (current && current.expiresAt - now > GRACE_MS) return reply(tokenBody(current));
			return reply(tokenBody(issue()));
		},
	};

	const routes: Route[] = [
		getToken,
		stableToken,
		state.appRoute('GET', '/cgi-bin/get_api_domain_ip', () => reply({ ip_list: ['101.89.47.18', '101.91.34.103'] })),
		state.appRoute('GET', '/cgi-bin/getcallbackip', () => reply({ ip_list: ['106.55.206.146', '106.55.207.51'] })),
	];
	return { routes, reset: () => forceRefreshes.clear() };
}
