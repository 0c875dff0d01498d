/**
 * Access tokens for the platforms that issue them (WeCom, WeChat KF, Official Account, Meituan).
 *
 * The token lives in the credential (a hidden `expirable` field plus its expiry), so n8n persists
 * it and every worker shares it. On top of that, this process keeps one entry per credential
 * identity and one in-flight fetch, so concurrent items and executions that all find the token
 * empty call the platform's token endpoint once, not once each.
 */
import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

export interface TokenResult {
	token: string;
	/** Epoch milliseconds after which the token must not be used (already includes a safety margin). */
	expiresAt: number;
}

/** What a fetch is told about the token it replaces. */
export interface TokenFetchInfo {
	/**
	 * The platform refused this identity's last token (a token-invalid code, see rejectToken). A
	 * token endpoint that hands back the current token until told otherwise (the Official
	 * Account's stable_token) must then be asked for a new one.
	 */
	refused: boolean;
}

export interface ObtainedToken extends TokenResult {
	/** Issued by the platform for this call (or a fetch it joined), not served from the cache. */
	fresh: boolean;
}

/**
 * Where a platform's fetched token lives in its credential, and whose it is. A token belongs to
 * the values it was fetched with: after the user edits the credential (another secret, another
 * app, another host), the stored token is someone else's and must not be sent.
 */
export interface TokenSpec {
	/** The hidden `expirable` field holding the token. */
	field: string;
	/** The hidden field with the token's expiry (epoch ms). */
	expiresField: string;
	/** The hidden field with `fingerprint()` of the values the stored token was fetched with. */
	fingerprintField: string;
	/**
	 * A hash of every value that decides whose token the platform returns (id, secret, host);
	 * also the key of this process's cache, so the two can never disagree.
	 */
	fingerprint(credentials: ICredentialDataDecryptedObject): string;
}

interface Entry extends TokenResult {
	key: string;
	/** When this process stored it (epoch ms). */
	storedAt: number;
}

const MAX_ENTRIES = 500;
const cache = new Map<string, Entry>();
const inflight = new Map<string, Promise<TokenResult>>();
// Tokens the platform said are invalid: a cached copy of one of these is never handed out again.
const rejected = new Set<string>();
// Whose each token is (the identity it was fetched or read for) and when this process first saw it,
// so that refusing a token marks its identity as refused until a new token is fetched for it.
const owners = new Map<string, { key: string; seenAt: number }>();
const refusedKeys = new Set<string>();

/** A stable key for one credential identity; the secret is hashed so it is not kept in memory as a key. */
export function tokenKey(...parts: Array<string | number | undefined>): string {
	return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex');
}

// Keys made from a credentials object (a run's copy), by the values they were made of: a run asks
// for the same key on every call. They go with the object, which holds those values anyway.
const keysOfCredentials = new WeakMap<object, Map<string, string>>();

/** tokenKey of values read from `credentials`, made once per object while the values stay the same. */
export function credentialKey(credentials: object, ...parts: Array<string | number | undefined>): string {
	const input = parts.map((p) => String(p ?? '')).join('\u0000');
	let keys = keysOfCredentials.get(credentials);
	if (!keys) {
		keys = new Map();
		keysOfCredentials.set(credentials, keys);
	}
	let key = keys.get(input);
	if (key === undefined) {
		if (keys.size >= 8) keys.clear();
		key = tokenKey(...parts);
		keys.set(input, key);
	}
	return key;
}

/**
 * When the platform says a token lives `expiresInSeconds`, stop using it a little earlier: five
 * minutes before (WeCom and WeChat recommend refreshing ahead), or a tenth of a short lifetime.
 */
export function expiryFromLifetime(expiresInSeconds: number, now = Date.now()): number {
	const lifetime = Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds : 7200;
	const margin = Math.min(300, lifetime / 10);
	return now + Math.floor((lifetime - margin) * 1000);
}

export function isExpired(expiresAt: unknown, now = Date.now()): boolean {
	const at = typeof expiresAt === 'number' ? expiresAt : Number(expiresAt);
	return !Number.isFinite(at) || at <= now;
}

/** The stored token is there, unexpired, and was fetched with the credential's current values. */
export function storedTokenUsable(
	credentials: ICredentialDataDecryptedObject,
	spec: TokenSpec,
	now = Date.now(),
): boolean {
	const token = credentials[spec.field];
	if (typeof token !== 'string' || token === '' || isExpired(credentials[spec.expiresField], now)) return false;
	const fingerprint = spec.fingerprint(credentials);
	if (credentials[spec.fingerprintField] !== fingerprint) return false;
	// A token another worker fetched reaches this process only through the credential.
	own(token, fingerprint);
	return true;
}

function own(token: string, key: string, now = Date.now()): void {
	const seen = owners.get(token);
	owners.delete(token);
	owners.set(token, { key, seenAt: seen?.key === key ? seen.seenAt : now });
	if (owners.size > MAX_ENTRIES * 4) owners.delete(owners.keys().next().value as string);
}

/**
 * Returns a valid token for `key`, calling `fetch` only when no usable one is cached and no fetch
 * for the same key is already under way. `key` must be the identity's fingerprint (TokenSpec):
 * a key that left out the secret would hand the old app's token to an edited credential.
 * `force` skips the cache (a credential test) but still joins a fetch already in flight.
 */
export async function obtainToken(
	key: string,
	fetch: (info: TokenFetchInfo) => Promise<TokenResult>,
	options: { force?: boolean } = {},
): Promise<ObtainedToken> {
	const cached = cache.get(key);
	if (!options.force && cached && !rejected.has(cached.token) && !isExpired(cached.expiresAt)) {
		return { token: cached.token, expiresAt: cached.expiresAt, fresh: false };
	}
	const running = inflight.get(key);
	if (running) return { ...(await running), fresh: true };
	const promise = (async () => {
		try {
			const result = await fetch({ refused: refusedKeys.has(key) });
			remember(key, result);
			return result;
		} finally {
			inflight.delete(key);
		}
	})();
	inflight.set(key, promise);
	return { ...(await promise), fresh: true };
}

function remember(key: string, result: TokenResult): void {
	cache.delete(key);
	cache.set(key, { key, ...result, storedAt: Date.now() });
	own(result.token, key);
	refusedKeys.delete(key);
	while (cache.size > MAX_ENTRIES) {
		const oldest = cache.keys().next().value as string;
		cache.delete(oldest);
	}
}

/** Whether the platform refused this token in this process (rejectToken). */
export function tokenRefused(token: unknown): boolean {
	return typeof token === 'string' && rejected.has(token);
}

/** The platform rejected this token (revoked, expired early): never serve it from the cache again. */
export function rejectToken(token: unknown): void {
	if (typeof token !== 'string' || token === '') return;
	rejected.add(token);
	const owner = owners.get(token);
	if (owner !== undefined) {
		refusedKeys.add(owner.key);
		// Several processes (n8n queue-mode workers) share one credential but each has this cache. A
		// refused token this process first saw after it cached its own was written by another
		// process's refresh, which replaced the cached one: that is stale too, so the next fetch
		// must not serve it.
		const cached = cache.get(owner.key);
		if (cached && cached.token !== token && cached.storedAt <= owner.seenAt) cache.delete(owner.key);
	}
	if (refusedKeys.size > MAX_ENTRIES) refusedKeys.delete(refusedKeys.values().next().value as string);
	if (rejected.size > MAX_ENTRIES * 4) {
		const first = rejected.values().next().value as string;
		rejected.delete(first);
	}
}

// n8n hands one credentials object to preAuthentication and then to authenticate for a request
// (and again for its retry), so the object itself carries "a test asked for an exchange" and
// "this object got a token from the platform" between the two without touching stored data.
const exchangeRequested = new WeakSet<object>();
const exchanged = new WeakSet<object>();

/** Header a credential's `test.request` sets: the test must use a token exchanged for it. */
export const CREDENTIAL_TEST_HEADER = 'x-china-im-credential-test';

/**
 * Thrown by a credential's `authenticate` when the stored token may not be sent. It carries HTTP
 * 401 because that is what makes n8n run preAuthentication again (credentialsExpired) and retry
 * the request once, in httpRequestWithAuthentication (the credential test, our nodes) as in
 * requestWithAuthentication (the HTTP Request node), on 2.8 and 2.41 alike.
 */
export class StaleTokenError extends Error {
	readonly response = { status: 401, statusText: 'Unauthorized' };

	constructor(platform: string) {
		super(
			`The stored ${platform} access token belongs to other credential values or has expired, and a new one could not be fetched`,
		);
		this.name = 'StaleTokenError';
	}
}

/** For preAuthentication: whether a credential test is waiting for a newly exchanged token. */
export function exchangeWanted(credentials: object): boolean {
	return exchangeRequested.has(credentials);
}

/** For preAuthentication: this credentials object now holds a token the platform just issued. */
export function markExchanged(credentials: object): void {
	exchangeRequested.delete(credentials);
	exchanged.add(credentials);
}

/**
 * The token a credential's `authenticate` may send, and the request without the test header.
 * Throws StaleTokenError (so n8n fetches anew and retries) when the stored token is missing,
 * expired or fetched with other values, and, for a credential test, until a token has been
 * exchanged with the values on the screen: n8n's tester only runs preAuthentication when the
 * stored token is blank, so a saved token would otherwise pass any edited secret.
 */
export function tokenForRequest<T extends object>(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: T,
	spec: TokenSpec,
	platform: string,
): { token: string; requestOptions: T } {
	const headers: IDataObject = { ...((requestOptions as { headers?: IDataObject }).headers ?? {}) };
	let isTest = false;
	for (const name of Object.keys(headers)) {
		if (name.toLowerCase() !== CREDENTIAL_TEST_HEADER) continue;
		delete headers[name];
		isTest = true;
	}
	if (isTest && !exchanged.has(credentials)) {
		exchangeRequested.add(credentials);
		throw new StaleTokenError(platform);
	}
	if (!storedTokenUsable(credentials, spec)) throw new StaleTokenError(platform);
	return { token: String(credentials[spec.field]), requestOptions: { ...requestOptions, headers } };
}

/** For tests: forget every cached token. */
export function clearTokenCache(): void {
	cache.clear();
	inflight.clear();
	rejected.clear();
	owners.clear();
	refusedKeys.clear();
}

/**
 * A token request the platform refused. Thrown from a credential's preAuthentication, where n8n
 * gives no node to build a NodeApiError with; the request layer turns it into one.
 */
export class TokenError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TokenError';
	}
}
