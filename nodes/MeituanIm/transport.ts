/**
 * Meituan Waimai / Shangou open platform (美团外卖 / 美团闪购开放平台) on the shared request layer:
 * no token, every call signed (app_id, timestamp, sig in the query), its error envelope, its codes.
 *
 * Signing (开发者文档 → 接入指南 → 签名算法): sig = md5(url + "?" + sorted k=v of every system and
 * application parameter but sig, raw values, joined by "&" + app_secret), lower-case hex, where url
 * is the request URL without its query. GET: every parameter in the query. POST: system parameters
 * and sig in the query, application parameters as an application/x-www-form-urlencoded body.
 * Error envelope: { data: "ng", error: { code, msg } }; codes 700-703 and 711 (错误码说明).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { meituanSign } from '../shared/crypto';
import type { Dialect, DialectPacing, PlatformError, PlatformRequest, RequestContext } from '../shared/request';
import { platformRequest } from '../shared/request';
import { runMaxPerSecond } from '../shared/router';
import { credentialKey } from '../shared/token';

export const MEITUAN_CREDENTIAL = 'meituanApi';
export const MEITUAN_BASE_URL = 'https://waimaiopen.meituan.com/api/v1/';

/** Paths below the base URL. Waimai and Shangou share the host; where a path differs, it is listed per platform. */
export const MEITUAN_PATHS = {
	msgSend: 'ecommerce/IM/msgSend',
	msgRead: 'wm/IM/msgRead',
	connection: 'wm/IM/getConnectionToken',
	getImStatus: 'wm/IM/getPoiIMStatus',
	setImStatus: 'wm/IM/setPoiIMStatus',
	poiIds: 'poi/getids',
} as const;

export function meituanAppId(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.appId ?? '').trim();
}

export function meituanSecret(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.appSecret ?? '').trim();
}

/** Meituan's envelope: `error` with a code other than 0 is a failure (data is then "ng"). */
export function meituanError(body: unknown): PlatformError | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const error = (body as { error?: unknown }).error;
	if (!error || typeof error !== 'object') return undefined;
	const { code, msg, message } = error as { code?: unknown; msg?: unknown; message?: unknown };
	if (code === undefined || code === null || Number(code) === 0) return undefined;
	return { code: String(code), message: String(msg ?? message ?? '') };
}

/** 错误码说明: the system codes every API shares. */
export const MEITUAN_HINTS: Record<string, string> = {
	'700': 'Meituan had a system error (系统错误): try again later.',
	'701': 'A parameter is missing or invalid (参数错误): check the store code (app_poi_code), IDs and message fields.',
	'702': 'The App ID is not valid (app_id 不存在或无权限): check the credential\'s App ID and that the app is online in the developer console.',
	'703':
		'The signature was refused (签名错误): check the credential\'s App Secret, that the Base URL is exactly the one Meituan signs (https://waimaiopen.meituan.com/api/v1/), and the server clock.',
	'711': 'Meituan is rate-limiting this app (调用频率超限): the call was retried; slow the workflow down.',
};

export const MEITUAN_RATE_LIMIT_CODES = ['711'];

/**
 * 调用频率限制: limits are per app and API and set per app in the developer console; the IM APIs
 * are documented at 50 calls a second per app. 711 beyond: the pacer learns the real cap.
 */
export const MEITUAN_CALLS_PER_SECOND = 50;

const MEITUAN_PACING: DialectPacing = {
	identity: (credentials) => credentialKey(credentials, 'meituan', meituanAppId(credentials)),
	// The 50 a second comes in as each call's maxPerSecond (Max Calls per Second, default 50):
	// an app whose limit Meituan set higher raises it there.
	perApi: [],
	rateLimitBudgetMs: 30000,
};

export const meituanDialect: Dialect = {
	platform: 'Meituan',
	credentialType: MEITUAN_CREDENTIAL,
	defaultBaseUrl: MEITUAN_BASE_URL,
	secretFields: ['appSecret'],
	decodeError: meituanError,
	rateLimitCodes: MEITUAN_RATE_LIMIT_CODES,
	hints: MEITUAN_HINTS,
	pacing: MEITUAN_PACING,
};

type ParamValue = string | number | boolean;

function flatParams(source: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!source) return out;
	if (typeof source === 'string') {
		for (const [k, v] of new URLSearchParams(source)) out[k] = v;
		return out;
	}
	if (source instanceof URLSearchParams) {
		for (const [k, v] of source) out[k] = v;
		return out;
	}
	if (typeof source === 'object' && !Buffer.isBuffer(source)) {
		for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
			if (v === undefined || v === null) continue;
			out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v as ParamValue);
		}
	}
	return out;
}

/** n8n's legacy request options (the HTTP Request node's Custom API Call): `uri` and `form`. */
type AnyRequestOptions = IHttpRequestOptions & { uri?: string; form?: unknown };

/** The absolute URL of a request, without its query, and the parameters its query carried. */
function requestUrl(options: AnyRequestOptions): { url: string; query: Record<string, string> } {
	let url = String(options.url ?? options.uri ?? '');
	const base = options.baseURL ? String(options.baseURL) : '';
	if (base && !/^https?:\/\//i.test(url)) url = base.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, '');
	const at = url.indexOf('?');
	if (at < 0) return { url, query: {} };
	return { url: url.slice(0, at), query: flatParams(url.slice(at + 1)) };
}

/**
 * Signs one request as Meituan verifies it: app_id and timestamp added, sig over the exact URL and
 * every query and form parameter. A POST's object body becomes the form body, encoded here, so the
 * bytes sent are those signed. Used by the credential's authenticate, so the node and the HTTP
 * Request node ("Custom API Call") sign alike.
 */
export function signMeituanRequest(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
	nowMs = Date.now(),
): IHttpRequestOptions {
	const secret = meituanSecret(credentials);
	const legacy = options as AnyRequestOptions;
	const { url, query } = requestUrl(legacy);
	const qs: Record<string, string> = { ...query, ...flatParams(options.qs) };
	delete qs.sig;
	qs.app_id = meituanAppId(credentials);
	qs.timestamp = String(Math.floor(nowMs / 1000));
	const method = String(options.method ?? 'GET').toUpperCase();
	const form = method === 'GET' ? {} : flatParams(legacy.form ?? options.body);
	const sig = meituanSign(url, { ...form, ...qs }, secret);
	const signed: AnyRequestOptions = { ...options, qs: { ...qs, sig } };
	if (legacy.uri !== undefined && options.url === undefined) signed.uri = url;
	else signed.url = url;
	delete signed.baseURL;
	if (legacy.form !== undefined && method !== 'GET') {
		// The legacy request encodes `form` itself: the same values, as signed.
		signed.form = form;
	} else if (method !== 'GET' && Object.keys(form).length > 0) {
		signed.body = new URLSearchParams(form).toString();
		const headers = { ...((options.headers as IDataObject | undefined) ?? {}) };
		for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-type') delete headers[key];
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		signed.headers = headers;
	} else if (method !== 'GET') {
		delete signed.body;
	}
	return signed;
}

/** A call to Meituan: `form` are the application parameters (query for GET, form body for POST). */
export async function meituanRequest(
	this: RequestContext,
	request: Omit<PlatformRequest, 'body' | 'qs'> & { form?: Record<string, ParamValue | undefined> },
): Promise<IDataObject> {
	const { form, ...rest } = request;
	const params: IDataObject = {};
	for (const [k, v] of Object.entries(form ?? {})) if (v !== undefined && v !== '') params[k] = v;
	const method = request.method ?? 'GET';
	const maxPerSecond = runMaxPerSecond.call(this, MEITUAN_CALLS_PER_SECOND);
	const call: PlatformRequest = {
		maxPerSecond,
		...rest,
		path: '/' + request.path.replace(/^\/+/, ''),
		method,
		...(method === 'GET' ? { qs: params } : { body: params }),
	};
	return (await platformRequest.call(this, meituanDialect, call)) as IDataObject;
}

// Our own msg_id: unique per process and time, so a resend of the same call carries the same id.
let lastMsgId = 0;

/** A msg_id for msgSend: milliseconds × 1000 plus a counter, increasing and below 2^53. */
export function newMsgId(nowMs = Date.now()): number {
	const candidate = nowMs * 1000 + Math.floor(Math.random() * 1000);
	lastMsgId = candidate > lastMsgId ? candidate : lastMsgId + 1;
	return lastMsgId;
}
