/**
 * WeCom's host (qyapi.weixin.qq.com), which WeCom apps and WeChat KF both call, each with a token
 * of its own from gettoken: what their dialects and token sources have alike because it is the
 * host's, not the product's. Limits: developer.work.weixin.qq.com/document/path/90312 (频率限制);
 * codes: path/90313 (全局错误码); gettoken: path/91039.
 */
import type { Dialect, DialectPacing, RateLimit } from '../request';
import type { TokenSpec } from '../token';
import { WX_TOKEN_STORE } from './credential';
import { wxErrcodeError } from './envelope';
import type { WxTokenSource } from './token';

export const WORK_BASE_URL = 'https://qyapi.weixin.qq.com';

/** Per corp and API at most 10,000 calls a minute and 150,000 an hour (45009 beyond), path/90312. */
export const WORK_PER_API_LIMITS: RateLimit[] = [
	{ calls: 10000, perMs: 60000, what: 'calls a minute to one API' },
	{ calls: 150000, perMs: 3600000, what: 'calls an hour to one API' },
];

// WeCom counts per minute: a rate-limited call is retried for a whole window and a margin.
export const WORK_RATE_LIMIT_BUDGET_MS = 70000;

/** A gettoken source on WeCom's host: the Corp ID and `secretField`, kept in the family's hidden fields. */
export function workTokenSource(
	source: Pick<WxTokenSource, 'platform' | 'scope' | 'secretField' | 'hints'>,
): WxTokenSource {
	return {
		platform: source.platform,
		endpoint: 'gettoken',
		defaultBaseUrl: WORK_BASE_URL,
		scope: source.scope,
		idField: 'corpId',
		secretField: source.secretField,
		hints: source.hints,
		store: WX_TOKEN_STORE,
	};
}

/** A product's dialect on WeCom's host: the envelope and codes are the host's, the rest the product's. */
export function workDialect(
	product: Pick<Dialect, 'platform' | 'credentialType' | 'secretFields' | 'hints'> & {
		token: TokenSpec;
		pacing: DialectPacing;
	},
): Dialect {
	return {
		platform: product.platform,
		credentialType: product.credentialType,
		defaultBaseUrl: WORK_BASE_URL,
		secretFields: product.secretFields,
		decodeError: wxErrcodeError,
		// 40001 means a wrong secret on WeCom's host (not an old token, as on the Official Account).
		tokenInvalidCodes: ['40014', '42001', '41001'],
		rateLimitCodes: ['45009', '-1'],
		hints: product.hints,
		token: product.token,
		pacing: product.pacing,
	};
}
