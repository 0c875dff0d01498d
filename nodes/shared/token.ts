/**
 * Access tokens for the platforms that issue them (WeCom, WeChat KF, Official Account, Meituan).
 *
 * The token lives in the credential (a hidden `expirable` field plus its expiry), so n8n persists
 * it and every worker shares it. On top of that, this process keeps one entry per credential
 * identity and one in-flight fetch, so concurrent items and executions that all find the token
 * empty call the platform's token endpoint once, not once each.
 */
import { createHash } from 'crypto';

export interface TokenResult {
	token: string;
	/** Epoch milliseconds after which the token must not be used (already includes a safety margin). */
	expiresAt: number;
}

interface Entry extends TokenResult {
	key: string;
}

const MAX_ENTRIES = 500;
const cache = new Map<string, Entry>();
const inflight = new Map<string, Promise<TokenResult>>();
// Tokens the platform said are invalid: a cached copy of one of these is never handed out again.
const rejected = new Set<string>();

/** A stable key for one credential identity; the secret is hashed so it is not kept in memory as a key. */
export function tokenKey(...parts: Array<string | number | undefined>): string {
	return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex');
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

/**
 * Returns a valid token for `key`, calling `fetch` only when no usable one is cached and no fetch
 * for the same key is already under way. `force` skips the cache (a credential test, or n8n's
 * own "credentials expired" path) but still joins a fetch already in flight.
 */
export async function obtainToken(
	key: string,
	fetch: () => Promise<TokenResult>,
	options: { force?: boolean } = {},
): Promise<TokenResult> {
	const cached = cache.get(key);
	if (!options.force && cached && !rejected.has(cached.token) && !isExpired(cached.expiresAt)) {
		return { token: cached.token, expiresAt: cached.expiresAt };
	}
	const running = inflight.get(key);
	if (running) return await running;
	const promise = (async () => {
		try {
			const result = await fetch();
			remember(key, result);
			return result;
		} finally {
			inflight.delete(key);
		}
	})();
	inflight.set(key, promise);
	return await promise;
}

function remember(key: string, result: TokenResult): void {
	cache.delete(key);
	cache.set(key, { key, ...result });
	while (cache.size > MAX_ENTRIES) {
		const oldest = cache.keys().next().value as string;
		cache.delete(oldest);
	}
}

/** The platform rejected this token (revoked, expired early): never serve it from the cache again. */
export function rejectToken(token: unknown): void {
	if (typeof token !== 'string' || token === '') return;
	rejected.add(token);
	if (rejected.size > MAX_ENTRIES * 4) {
		const first = rejected.values().next().value as string;
		rejected.delete(first);
	}
}

/** For tests: forget every cached token. */
export function clearTokenCache(): void {
	cache.clear();
	inflight.clear();
	rejected.clear();
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
