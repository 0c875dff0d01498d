/**
 * Access tokens of the WeChat family, for a credential's preAuthentication. Three endpoints:
 * - gettoken (WeCom, WeChat KF): GET /cgi-bin/gettoken?corpid&corpsecret, 7200 s; a new token does
 *   not revoke the previous one (developer.work.weixin.qq.com/document/path/91039).
 * - stable_token (Official Account): POST /cgi-bin/stable_token. In normal mode it returns the
 *   current token while that is valid; force_refresh issues a new one and revokes the old, and
 *   works at most once per 30 s and 20 times a day
 *   (developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
 * - token (Official Account, classic): GET /cgi-bin/token?grant_type=client_credential; every call
 *   replaces the previous token, which stays usable for 5 minutes
 *   (developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html).
 * One fetch per credential identity at a time, and the result names the identity it was fetched
 * for, so an edited credential never sends it (shared/token.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { baseUrlOf } from '../request';
import { redact } from '../redact';
import type { TokenSpec } from '../token';
import {
	credentialKey,
	exchangeWanted,
	expiryFromLifetime,
	markExchanged,
	obtainToken,
	storedTokenUsable,
	TokenError,
} from '../token';
import { wxErrcodeError, wxHints } from './envelope';

export type WxTokenEndpoint = 'gettoken' | 'stable_token' | 'token';

/** Where a product gets its token, and where its credential keeps it. */
export interface WxTokenSource {
	/** Name in error messages, e.g. "WeCom". */
	platform: string;
	endpoint: WxTokenEndpoint;
	defaultBaseUrl: string;
	/** Namespace of the fingerprint: two products' tokens never share a cache entry. */
	scope: string;
	/** The credential fields with the id (Corp ID, AppID) and the secret sent for the token. */
	idField: string;
	secretField: string;
	/** Hints for the token endpoint's error codes. */
	hints: Record<string, string>;
	/** The credential's hidden token fields. */
	store: Omit<TokenSpec, 'fingerprint'>;
}

/** The token endpoints' own codes on the Official Account (getAccessToken / getStableAccessToken error tables). */
export const OFFICIAL_ACCOUNT_TOKEN_HINTS: Record<string, string> = wxHints({
	'40001': 'The AppSecret is wrong: copy it again from Settings and Development → Basic Configuration (基本配置).',
	'40013': 'The AppID is wrong: use the AppID (开发者ID) under Basic Configuration.',
	'40125': 'The AppSecret is not valid: it is 32 characters, under Basic Configuration.',
	'41004': 'The AppSecret is missing.',
	'45009': 'The daily quota of token calls (or of forced refreshes, 20 a day) is used up.',
	'89503': 'This server IP needs the administrator to confirm it (IP 调用需要管理员确认) before it may fetch tokens.',
});

/**
 * Whose token the endpoint returns: the id, the secret and the host asked. Values are trimmed as
 * they are sent, so a stray space does not make a second identity.
 */
export function wxTokenFingerprint(source: WxTokenSource, credentials: ICredentialDataDecryptedObject): string {
	return credentialKey(
		credentials,
		source.scope,
		baseUrlOf(credentials, source.defaultBaseUrl),
		String(credentials[source.idField] ?? '').trim(),
		String(credentials[source.secretField] ?? '').trim(),
	);
}

/** The TokenSpec of a source, for its dialect and its credential's authenticate. */
export function wxTokenSpec(source: WxTokenSource): TokenSpec {
	return { ...source.store, fingerprint: (credentials) => wxTokenFingerprint(source, credentials) };
}

type TokenRequest = (base: string, id: string, secret: string, forceRefresh: boolean) => IHttpRequestOptions;

const REQUESTS: Record<WxTokenEndpoint, TokenRequest> = {
	gettoken: (base, id, secret) => ({
		method: 'GET',
		url: `${base}/cgi-bin/gettoken`,
		qs: { corpid: id, corpsecret: secret },
	}),
	stable_token: (base, id, secret, forceRefresh) => ({
		method: 'POST',
		url: `${base}/cgi-bin/stable_token`,
		body: { grant_type: 'client_credential', appid: id, secret, force_refresh: forceRefresh },
	}),
	token: (base, id, secret) => ({
		method: 'GET',
		url: `${base}/cgi-bin/token`,
		qs: { grant_type: 'client_credential', appid: id, secret },
	}),
};

// stable_token ignores a second force_refresh within 30 s and allows 20 a day: one per identity
// and 30 s, and only when the platform refused the token, keeps that quota for real refusals.
const FORCE_REFRESH_INTERVAL_MS = 30 * 1000;
const lastForced = new Map<string, number>();

function mayForceRefresh(fingerprint: string, now = Date.now()): boolean {
	const last = lastForced.get(fingerprint);
	if (last !== undefined && now - last < FORCE_REFRESH_INTERVAL_MS) return false;
	lastForced.delete(fingerprint);
	lastForced.set(fingerprint, now);
	if (lastForced.size > 1000) lastForced.delete(lastForced.keys().next().value as string);
	return true;
}

/**
 * Fetches a token for the credential's current values, or joins a fetch under way, and returns the
 * hidden fields to store: the token, its expiry and the fingerprint of the values it belongs to.
 */
export async function fetchWxToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	source: WxTokenSource,
): Promise<IDataObject> {
	const base = baseUrlOf(credentials, source.defaultBaseUrl);
	const id = String(credentials[source.idField] ?? '').trim();
	const secret = String(credentials[source.secretField] ?? '').trim();
	const secrets = [secret, String(credentials[source.store.field] ?? '')];
	const spec = wxTokenSpec(source);
	const fingerprint = spec.fingerprint(credentials);
	// A credential test wants a token exchanged with the values on the screen. n8n asking again
	// while the stored token is still good means the platform refused it: skip the cache then too.
	const force = exchangeWanted(credentials) || storedTokenUsable(credentials, spec);
	const result = await obtainToken(
		fingerprint,
		async ({ refused }) => {
			const forceRefresh = source.endpoint === 'stable_token' && refused && mayForceRefresh(fingerprint);
			let body: IDataObject | undefined;
			let transportError = '';
			try {
				body = (await this.helpers.httpRequest({
					...REQUESTS[source.endpoint](base, id, secret, forceRefresh),
					json: true,
					timeout: 30000,
				})) as IDataObject;
			} catch (error) {
				// Its message may carry the request URL or body, secret included: keep only a redacted copy.
				transportError = (error as Error).message;
			}
			if (!body) throw new TokenError(redact(`${source.platform} token request failed: ${transportError}`, secrets));
			const failure = wxErrcodeError(body);
			if (failure || typeof body.access_token !== 'string') {
				const code = failure?.code ?? 'unknown';
				const hint = source.hints[code] ? ` ${source.hints[code]}` : '';
				throw new TokenError(
					redact(
						`${source.platform} refused the access token request: errcode ${code} ${failure?.message ?? ''}.${hint}`,
						secrets,
					),
				);
			}
			return { token: body.access_token, expiresAt: expiryFromLifetime(Number(body.expires_in)) };
		},
		{ force },
	);
	if (result.fresh) markExchanged(credentials);
	return {
		[source.store.field]: result.token,
		[source.store.expiresField]: result.expiresAt,
		[source.store.fingerprintField]: fingerprint,
	};
}

/** For tests: forget when each identity last forced a refresh. */
export function clearForceRefreshLog(): void {
	lastForced.clear();
}
