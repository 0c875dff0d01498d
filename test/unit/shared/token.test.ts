/**
 * The token bookkeeping of shared/token.ts on its own: one cache entry per identity, the
 * fingerprint check of a stored token, and the signals between a credential's authenticate and
 * its preAuthentication (StaleTokenError, the credential-test header).
 */
import crypto from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import {
	CREDENTIAL_TEST_HEADER,
	clearTokenCache,
	credentialKey,
	exchangeWanted,
	markExchanged,
	obtainToken,
	rejectToken,
	StaleTokenError,
	storedTokenUsable,
	tokenForRequest,
	tokenKey,
} from '../../../nodes/shared/token';
import type { TokenSpec } from '../../../nodes/shared/token';

const spec: TokenSpec = {
	field: 'accessToken',
	expiresField: 'expiresAt',
	fingerprintField: 'tokenFingerprint',
	fingerprint: (c) => tokenKey('test', String(c.appId), String(c.secret)),
};

function stored(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	const values = { appId: 'app', secret: 'secret-1', ...overrides };
	return {
		accessToken: 'token-1',
		expiresAt: Date.now() + 3600_000,
		tokenFingerprint: spec.fingerprint({ appId: 'app', secret: 'secret-1' }),
		...values,
	};
}

beforeEach(() => clearTokenCache());

describe('credentialKey', () => {
	// Known answers: `printf 'wecom\0https://qyapi.weixin.qq.com\0ww1\0s3cret' | openssl dgst -sha256`, and with `other`.
	const KEY = '44d893eafbad81cb199abf2cbeba378bb6b351a7c64038b29c94362474324f70';
	const OTHER = '94b5dac47d7e8755d14588fee1d8aa0e102affcc6ac68fb7adc27dd10cb23d01';
	const parts = (c: ICredentialDataDecryptedObject) => ['wecom', 'https://qyapi.weixin.qq.com', String(c.corpId), String(c.secret)];

	afterEach(() => jest.restoreAllMocks());

	it('is the sha256 of the values, hashed once per credentials object while they stay the same', () => {
		const hash = jest.spyOn(crypto, 'createHash');
		const credentials: ICredentialDataDecryptedObject = { corpId: 'ww1', secret: 's3cret' };
		const keys = Array.from({ length: 5 }, () => credentialKey(credentials, ...parts(credentials)));
		expect(keys).toEqual(Array(5).fill(KEY));
		expect(tokenKey(...parts(credentials))).toBe(KEY);
		expect(hash).toHaveBeenCalledTimes(2);
	});

	it('gives an edited object the key of its new values, and another object its own', () => {
		const credentials: ICredentialDataDecryptedObject = { corpId: 'ww1', secret: 's3cret' };
		expect(credentialKey(credentials, ...parts(credentials))).toBe(KEY);
		credentials.secret = 'other';
		expect(credentialKey(credentials, ...parts(credentials))).toBe(OTHER);
		credentials.secret = 's3cret';
		expect(credentialKey(credentials, ...parts(credentials))).toBe(KEY);
		const copy = { corpId: 'ww1', secret: 'other' };
		expect(credentialKey(copy, ...parts(copy))).toBe(OTHER);
	});
});

describe('obtainToken', () => {
	it('keeps one entry per identity: another secret never gets the cached token', async () => {
		let issued = 0;
		const fetch = async () => ({ token: `t${++issued}`, expiresAt: Date.now() + 60_000 });
		const first = await obtainToken(tokenKey('wecom', 'corp', 'secret-1'), fetch);
		const again = await obtainToken(tokenKey('wecom', 'corp', 'secret-1'), fetch);
		const other = await obtainToken(tokenKey('wecom', 'corp', 'secret-2'), fetch);
		expect([first, again, other]).toMatchObject([
			{ token: 't1', fresh: true },
			{ token: 't1', fresh: false },
			{ token: 't2', fresh: true },
		]);
	});

	it('force fetches anew; a rejected token is not served again', async () => {
		let issued = 0;
		const fetch = async () => ({ token: `t${++issued}`, expiresAt: Date.now() + 60_000 });
		const key = tokenKey('wecom', 'corp', 'secret');
		await obtainToken(key, fetch);
		expect(await obtainToken(key, fetch, { force: true })).toMatchObject({ token: 't2', fresh: true });
		rejectToken('t2');
		expect(await obtainToken(key, fetch)).toMatchObject({ token: 't3', fresh: true });
	});

	it('callers joining a fetch in flight share it and count it as fresh', async () => {
		let release: () => void = () => undefined;
		let calls = 0;
		const fetch = () =>
			new Promise<{ token: string; expiresAt: number }>((resolve) => {
				calls++;
				release = () => resolve({ token: 'shared', expiresAt: Date.now() + 60_000 });
			});
		const key = tokenKey('wecom', 'corp', 'secret');
		const a = obtainToken(key, fetch);
		const b = obtainToken(key, fetch, { force: true });
		release();
		expect(await Promise.all([a, b])).toEqual([
			expect.objectContaining({ token: 'shared', fresh: true }),
			expect.objectContaining({ token: 'shared', fresh: true }),
		]);
		expect(calls).toBe(1);
	});
});

describe('storedTokenUsable', () => {
	it('accepts a present, unexpired token fetched with the current values', () => {
		expect(storedTokenUsable(stored(), spec)).toBe(true);
	});

	it('refuses a token fetched with another secret, a missing fingerprint, an expired or blank token', () => {
		expect(storedTokenUsable(stored({ secret: 'secret-2' }), spec)).toBe(false);
		expect(storedTokenUsable(stored({ tokenFingerprint: '' }), spec)).toBe(false);
		expect(storedTokenUsable(stored({ expiresAt: Date.now() - 1 }), spec)).toBe(false);
		const { expiresAt: _expiry, ...withoutExpiry } = stored();
		expect(storedTokenUsable(withoutExpiry, spec)).toBe(false);
		expect(storedTokenUsable(stored({ accessToken: '' }), spec)).toBe(false);
	});
});

describe('tokenForRequest', () => {
	it('returns the stored token when it is usable', () => {
		const result = tokenForRequest(stored(), { url: '/x', headers: { accept: 'json' } }, spec, 'Test');
		expect(result).toEqual({ token: 'token-1', requestOptions: { url: '/x', headers: { accept: 'json' } } });
	});

	it('throws a 401-shaped StaleTokenError for a token of other values, so n8n refreshes and retries', () => {
		const credentials = stored({ secret: 'edited-secret' });
		let thrown: unknown;
		try {
			tokenForRequest(credentials, { url: '/x' }, spec, 'Test');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(StaleTokenError);
		expect((thrown as StaleTokenError).response.status).toBe(401);
		expect((thrown as Error).message).not.toContain('token-1');
		expect((thrown as Error).message).not.toContain('edited-secret');
		// A changed identity needs no forced exchange: the cache per identity is enough.
		expect(exchangeWanted(credentials)).toBe(false);
	});

	it('a credential test insists on a token exchanged for it, then strips its header', () => {
		const credentials = stored();
		const request = { url: '/x', headers: { 'X-China-IM-Credential-Test': '1', accept: 'json' } };
		expect(CREDENTIAL_TEST_HEADER).toBe('x-china-im-credential-test');
		expect(() => tokenForRequest(credentials, request, spec, 'Test')).toThrow(StaleTokenError);
		expect(exchangeWanted(credentials)).toBe(true);
		// What preAuthentication does once it has exchanged a token for this credentials object.
		markExchanged(credentials);
		expect(exchangeWanted(credentials)).toBe(false);
		const result = tokenForRequest(credentials, request, spec, 'Test');
		expect(result.requestOptions.headers).toEqual({ accept: 'json' });
		expect(request.headers).toHaveProperty('X-China-IM-Credential-Test');
		// Another object with the same values (another test) is not covered by that exchange.
		expect(() => tokenForRequest(stored(), request, spec, 'Test')).toThrow(StaleTokenError);
	});
});
