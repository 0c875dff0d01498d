/**
 * WeCom (企业微信) on the shared request layer: its result envelope, its error codes, its token.
 * Error codes: developer.work.weixin.qq.com/document/path/90313 (全局错误码).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import type { Dialect, PlatformError, PlatformRequest, RequestContext } from '../shared/request';
import { baseUrlOf, platformRequest } from '../shared/request';
import { redact } from '../shared/redact';
import type { TokenSpec } from '../shared/token';
import {
	exchangeWanted,
	expiryFromLifetime,
	markExchanged,
	obtainToken,
	storedTokenUsable,
	TokenError,
	tokenKey,
} from '../shared/token';

export const WECOM_BASE_URL = 'https://qyapi.weixin.qq.com';

/** WeChat-family envelope: { errcode, errmsg }, HTTP 200 even on errors; errcode 0 or absent is success. */
export function wxErrcodeError(body: unknown): PlatformError | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { errcode, errmsg } = body as { errcode?: unknown; errmsg?: unknown };
	if (errcode === undefined || errcode === null || Number(errcode) === 0) return undefined;
	return { code: String(errcode), message: String(errmsg ?? '') };
}

export const WECOM_HINTS: Record<string, string> = {
	'40001': 'The Secret is wrong: use the Secret of this app (应用), not the callback Token.',
	'40003': 'A user ID is wrong or not visible to this app.',
	'40013': 'The Corp ID (企业ID) is wrong.',
	'40056': 'The Agent ID is wrong.',
	'40007': 'The media_id is wrong or has expired (temporary media lasts 3 days).',
	'40008': 'The message type is not valid for this call.',
	'41001': 'The access token is missing.',
	'44004': 'The text content is empty.',
	'45009': 'WeCom rate limit reached: slow the workflow down.',
	'48002': 'This API is not allowed for this app: check the app permissions in the WeCom admin console.',
	'60011': 'The app has no permission for this user, department or tag: check the app visibility (可见范围).',
	'60020':
		'This IP is not in the app trusted IP list (企业可信IP). Add the n8n server IP in the admin console, or set the credential Base URL to a fixed-IP proxy.',
	'81013': 'No recipient is valid: check user IDs, department IDs and tag IDs.',
	'86003': 'The app chat does not exist (or was not created by this app).',
	'93000': 'The group robot webhook key is wrong or the robot was removed from the group.',
	'301002': 'The app has no permission for this data.',
};

/**
 * Whose token gettoken returns: the corp, the secret (each app has its own) and the host asked.
 * The Agent ID is not part of it: the secret alone decides the app.
 */
export function weComTokenFingerprint(credentials: ICredentialDataDecryptedObject, secretField = 'corpSecret'): string {
	return tokenKey(
		'wecom',
		baseUrlOf(credentials, WECOM_BASE_URL),
		String(credentials.corpId ?? '').trim(),
		String(credentials[secretField] ?? '').trim(),
	);
}

/** The WeCom API credential's hidden token fields. */
export const WECOM_TOKEN: TokenSpec = {
	field: 'accessToken',
	expiresField: 'tokenExpiresAt',
	fingerprintField: 'tokenFingerprint',
	fingerprint: (credentials) => weComTokenFingerprint(credentials),
};

export const weComDialect: Dialect = {
	platform: 'WeCom',
	credentialType: 'weComApi',
	defaultBaseUrl: WECOM_BASE_URL,
	secretFields: ['corpSecret', 'accessToken', 'token', 'encodingAesKey'],
	decodeError: wxErrcodeError,
	// 40001 means a wrong secret on WeCom (not an old token, as on the Official Account).
	tokenInvalidCodes: ['40014', '42001', '41001'],
	rateLimitCodes: ['45009', '-1'],
	hints: WECOM_HINTS,
	token: WECOM_TOKEN,
};

export const weComRobotDialect: Dialect = {
	platform: 'WeCom group robot',
	credentialType: 'weComRobotApi',
	defaultBaseUrl: WECOM_BASE_URL,
	secretFields: ['webhookKey'],
	decodeError: wxErrcodeError,
	rateLimitCodes: ['45009', '-1'],
	hints: WECOM_HINTS,
};

/** Every call of the WeCom actions; `credentialType: 'weComRobotApi'` makes it a group robot call. */
export async function weComRequest(this: RequestContext, request: PlatformRequest): Promise<IDataObject> {
	const dialect = request.credentialType === weComRobotDialect.credentialType ? weComRobotDialect : weComDialect;
	return (await platformRequest.call(this, dialect, request)) as IDataObject;
}

/**
 * Fetches a WeCom access token (GET /cgi-bin/gettoken, 7200 s; a new token does not revoke the
 * previous one: developer.work.weixin.qq.com/document/path/91039). Used by the credentials'
 * preAuthentication; one fetch per credential identity at a time (see shared/token.ts). The
 * result names the identity it was fetched for, so an edited credential never sends it.
 */
export async function fetchWeComToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	secretField = 'corpSecret',
): Promise<{ accessToken: string; tokenExpiresAt: number; tokenFingerprint: string }> {
	const base = baseUrlOf(credentials, WECOM_BASE_URL);
	const corpId = String(credentials.corpId ?? '').trim();
	const secret = String(credentials[secretField] ?? '').trim();
	const secrets = [secret, String(credentials.accessToken ?? '')];
	const spec: TokenSpec = { ...WECOM_TOKEN, fingerprint: (c) => weComTokenFingerprint(c, secretField) };
	const fingerprint = spec.fingerprint(credentials);
	// A credential test wants a token exchanged with the values on the screen. n8n asking again
	// while the stored token is still good means the platform refused it: skip the cache then too.
	const force = exchangeWanted(credentials) || storedTokenUsable(credentials, spec);
	const result = await obtainToken(
		fingerprint,
		async () => {
			let body: IDataObject | undefined;
			let transportError = '';
			try {
				body = (await this.helpers.httpRequest({
					method: 'GET',
					url: `${base}/cgi-bin/gettoken`,
					qs: { corpid: corpId, corpsecret: secret },
					json: true,
					timeout: 30000,
				})) as IDataObject;
			} catch (error) {
				// Its message may carry the request URL, secret included: keep only a redacted copy.
				transportError = (error as Error).message;
			}
			if (!body) throw new TokenError(redact(`WeCom token request failed: ${transportError}`, secrets));
			const failure = wxErrcodeError(body);
			if (failure || typeof body.access_token !== 'string') {
				const code = failure?.code ?? 'unknown';
				const hint = WECOM_HINTS[code] ? ` ${WECOM_HINTS[code]}` : '';
				throw new TokenError(
					redact(`WeCom refused the access token request: errcode ${code} ${failure?.message ?? ''}.${hint}`, secrets),
				);
			}
			return { token: body.access_token, expiresAt: expiryFromLifetime(Number(body.expires_in)) };
		},
		{ force },
	);
	if (result.fresh) markExchanged(credentials);
	return { accessToken: result.token, tokenExpiresAt: result.expiresAt, tokenFingerprint: fingerprint };
}
