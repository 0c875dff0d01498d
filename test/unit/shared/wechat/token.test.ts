/**
 * The WeChat family's token endpoints against the emulator: gettoken (WeCom), stable_token and
 * the classic token (Official Account, test/emulator/platforms/officialAccount.ts). What is
 * checked: the request each endpoint wants, the stored fields and whose token they are, one
 * fetch per identity at a time, hints and redaction, and the force_refresh rule of stable_token
 * (only after the platform refused the token, at most once per 30 s and identity).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { platformRequest } from '../../../../nodes/shared/request';
import type { Dialect } from '../../../../nodes/shared/request';
import { CREDENTIAL_TEST_HEADER, clearTokenCache, rejectToken, storedTokenUsable, tokenForRequest, tokenKey } from '../../../../nodes/shared/token';
import { wxErrcodeError } from '../../../../nodes/shared/wechat/envelope';
import type { WxTokenEndpoint, WxTokenSource } from '../../../../nodes/shared/wechat/token';
import {
	OFFICIAL_ACCOUNT_TOKEN_HINTS,
	clearForceRefreshLog,
	fetchWxToken,
	wxTokenFingerprint,
	wxTokenSpec,
} from '../../../../nodes/shared/wechat/token';
import { fetchWeComToken, weComTokenFingerprint } from '../../../../nodes/WeCom/transport';
import type { Emulator } from '../../../emulator';
import { officialAccountFixture as OA, startEmulator, wecomFixture } from '../../../emulator';
import { TestCredentialsHelper, runNode } from '../../../helpers';

const store = { field: 'accessToken', expiresField: 'expiresAt', fingerprintField: 'tokenFingerprint' };
const official = (endpoint: WxTokenEndpoint): WxTokenSource => ({
	platform: 'WeChat Official Account',
	endpoint,
	defaultBaseUrl: 'https://api.weixin.qq.com',
	scope: 'oa',
	idField: 'appId',
	secretField: 'appSecret',
	hints: OFFICIAL_ACCOUNT_TOKEN_HINTS,
	store,
});
const STABLE = official('stable_token');
const CLASSIC = official('token');

let emulator: Emulator;
const realNow = Date.now;
let skewMs = 0;

/** n8n's IHttpRequestHelper for preAuthentication, on fetch; a failure names the URL as n8n's does. */
function requestHelper(): IHttpRequestHelper {
	return {
		helpers: {
			async httpRequest(options: IHttpRequestOptions) {
				const url = new URL(options.url);
				for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
				let res: Response;
				try {
					res = await fetch(url, {
						method: options.method,
						headers: options.body ? { 'content-type': 'application/json' } : {},
						body: options.body ? JSON.stringify(options.body) : undefined,
					});
				} catch {
					throw new Error(`request to ${url.toString()} failed, reason: connect ECONNREFUSED`);
				}
				return await res.json();
			},
		},
	} as unknown as IHttpRequestHelper;
}

const oaCredentials = (overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	appId: OA.appId,
	appSecret: OA.appSecret,
	baseUrl: emulator.baseUrl('oa'),
	...overrides,
});
const fetchOa = async (source: WxTokenSource, credentials = oaCredentials()) =>
	(await fetchWxToken.call(requestHelper(), credentials, source)) as { accessToken: string; expiresAt: number; tokenFingerprint: string };
const stableForceFlags = () =>
	emulator.requests({ platform: 'oa', path: '/cgi-bin/stable_token' }).map((r) => (r.json as { force_refresh?: unknown }).force_refresh);
const domainIp = async (token: string) =>
	(await (await fetch(`${emulator.baseUrl('oa')}/cgi-bin/get_api_domain_ip?access_token=${encodeURIComponent(token)}`)).json()) as {
		errcode?: number;
	};

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
	clearTokenCache();
	clearForceRefreshLog();
	skewMs = 0;
	// The emulator runs in this process on Date.now too: both clocks move together.
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
});
afterEach(() => jest.restoreAllMocks());

describe('stable_token', () => {
	it('asks in normal mode and stores the token, its expiry and whose it is', async () => {
		const before = Date.now();
		const result = await fetchOa(STABLE);
		expect(Object.keys(result).sort()).toEqual(['accessToken', 'expiresAt', 'tokenFingerprint']);
		expect((await domainIp(result.accessToken)).errcode).toBeUndefined();
		// 7200 s less the 300 s margin of shared/token.ts.
		expect(result.expiresAt).toBeGreaterThanOrEqual(before + 6900_000);
		expect(result.expiresAt).toBeLessThanOrEqual(Date.now() + 6900_000);
		expect(result.tokenFingerprint).toBe(wxTokenFingerprint(STABLE, oaCredentials()));
		const [request] = emulator.requests({ platform: 'oa', path: '/cgi-bin/stable_token' });
		expect(request.method).toBe('POST');
		expect(request.json).toEqual({ grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret, force_refresh: false });
	});

	it('forces a refresh only after the platform refused the token, at most once per 30 s per identity', async () => {
		const first = await fetchOa(STABLE);
		// What the request layer does on a token-invalid code.
		rejectToken(first.accessToken);
		const second = await fetchOa(STABLE);
		expect(second.accessToken).not.toBe(first.accessToken);
		// A forced refresh revokes the old token at once.
		expect((await domainIp(first.accessToken)).errcode).toBe(40001);
		rejectToken(second.accessToken);
		const third = await fetchOa(STABLE);
		skewMs += 31_000;
		rejectToken(third.accessToken);
		await fetchOa(STABLE);
		expect(stableForceFlags()).toEqual([false, true, false, true]);
	});

	it('does not force for a credential test, an expired token or another identity\'s refusal', async () => {
		const credentials = oaCredentials();
		const first = await fetchOa(STABLE, credentials);
		expect(() => tokenForRequest(credentials, { headers: { [CREDENTIAL_TEST_HEADER]: '1' } }, wxTokenSpec(STABLE), 'OA')).toThrow();
		await fetchOa(STABLE, credentials);
		const expired = oaCredentials({ ...first, expiresAt: Date.now() - 1 });
		skewMs += 7200_000;
		await fetchOa(STABLE, expired);
		// Same app through another host name: another identity, with its own token.
		const other = oaCredentials({ baseUrl: emulator.baseUrl('oa').replace('127.0.0.1', 'localhost') });
		const otherToken = await fetchOa(STABLE, other);
		rejectToken(otherToken.accessToken);
		skewMs += 31_000;
		await fetchOa(STABLE, credentials);
		expect(stableForceFlags()).toEqual([false, false, false, false]);
	});

	it('forces for a token another worker stored, once the request layer has read and sent it', async () => {
		const stored = await fetchOa(STABLE);
		clearTokenCache();
		const credentials = oaCredentials(stored);
		expect(storedTokenUsable(credentials, wxTokenSpec(STABLE))).toBe(true);
		rejectToken(credentials.accessToken);
		credentials.accessToken = '';
		await fetchOa(STABLE, credentials);
		expect(stableForceFlags()).toEqual([false, true]);
	});

	it('fetches once for concurrent callers of one identity', async () => {
		const results = await Promise.all([fetchOa(STABLE), fetchOa(STABLE), fetchOa(STABLE)]);
		expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
		expect(emulator.tokenCalls('oa', OA.appId)).toBe(1);
	});
});

describe('classic token', () => {
	it('asks GET /cgi-bin/token with grant_type client_credential', async () => {
		const result = await fetchOa(CLASSIC);
		expect((await domainIp(result.accessToken)).errcode).toBeUndefined();
		const [request] = emulator.requests({ platform: 'oa', path: '/cgi-bin/token' });
		expect(request.method).toBe('GET');
		expect(request.query).toMatchObject({ grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret });
	});

	it.each([
		[{ appSecret: 'short-secret' }, /errcode 40125 .*The AppSecret is not valid/],
		[{ appSecret: 'ffffffffffffffffffffffffffffffff' }, /errcode 40001 .*The AppSecret is wrong/],
		[{ appId: 'wx_unknown_app' }, /errcode 40013 .*The AppID is wrong/],
	])('refuses %j with the code and its hint, the secret left out', async (overrides, message) => {
		const credentials = oaCredentials(overrides);
		const error = await fetchOa(CLASSIC, credentials).catch((e: Error) => e);
		expect(error).toMatchObject({ name: 'TokenError', message: expect.stringMatching(message) });
		expect((error as Error).message).not.toContain(String(credentials.appSecret));
	});

	it('keeps the secret out of a transport failure', async () => {
		const error = await fetchOa(CLASSIC, oaCredentials({ baseUrl: 'http://127.0.0.1:9' })).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/^WeChat Official Account token request failed: /);
		expect((error as Error).message).not.toContain(OA.appSecret);
	});
});

describe('gettoken (WeCom)', () => {
	const wecom = () => ({ corpId: wecomFixture.corpId, corpSecret: wecomFixture.corpSecret, baseUrl: emulator.baseUrl('wecom') });

	it('keeps the fingerprint stored tokens were fetched with before the family kit', async () => {
		const result = await fetchWeComToken.call(requestHelper(), wecom());
		const legacy = tokenKey('wecom', emulator.baseUrl('wecom'), wecomFixture.corpId, wecomFixture.corpSecret);
		expect(result.tokenFingerprint).toBe(legacy);
		expect(weComTokenFingerprint({ ...wecom(), corpSecret: ` ${wecomFixture.corpSecret} ` })).toBe(legacy);
		expect(emulator.requests({ platform: 'wecom', path: '/cgi-bin/gettoken' })[0].query).toMatchObject({
			corpid: wecomFixture.corpId,
			corpsecret: wecomFixture.corpSecret,
		});
	});

	it('never forces anything on gettoken: a refusal just fetches anew', async () => {
		const first = await fetchWeComToken.call(requestHelper(), wecom());
		rejectToken(first.accessToken);
		const second = await fetchWeComToken.call(requestHelper(), wecom());
		expect(second.accessToken).not.toBe(first.accessToken);
		expect(emulator.requests({ platform: 'wecom', path: '/cgi-bin/gettoken' }).map((r) => Object.keys(r.query).sort())).toEqual([
			['corpid', 'corpsecret'],
			['corpid', 'corpsecret'],
		]);
	});

	it('names a wrong secret with WeCom\'s hint', async () => {
		const error = await fetchWeComToken.call(requestHelper(), { ...wecom(), corpSecret: 'wrong-secret-value' }).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/^WeCom refused the access token request: errcode 40001 .*The Secret is wrong/);
		expect((error as Error).message).not.toContain('wrong-secret-value');
	});
});

/** An Official Account credential on the kit: stable_token in preAuthentication, the token in the query. */
class StableTokenApi implements ICredentialType {
	name = 'stableTokenApi';
	displayName = 'Stable Token Test';
	properties: ICredentialType['properties'] = [
		{ displayName: 'App ID', name: 'appId', type: 'string', default: '' },
		{ displayName: 'App Secret', name: 'appSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' },
		{ displayName: 'Expires', name: 'expiresAt', type: 'hidden', default: 0 },
		{ displayName: 'Fingerprint', name: 'tokenFingerprint', type: 'hidden', default: '' },
	];
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchWxToken.call(this, credentials, STABLE);
	}
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => {
		const { token, requestOptions: options } = tokenForRequest(credentials, requestOptions, wxTokenSpec(STABLE), 'OA');
		return { ...options, qs: { ...(options.qs ?? {}), access_token: token } };
	};
}

const oaDialect: Dialect = {
	platform: 'WeChat Official Account',
	credentialType: 'stableTokenApi',
	defaultBaseUrl: 'https://api.weixin.qq.com',
	secretFields: ['appSecret', 'accessToken'],
	decodeError: wxErrcodeError,
	tokenInvalidCodes: ['40001', '40014', '42001'],
	token: wxTokenSpec(STABLE),
};

class DomainIp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domain IP',
		name: 'domainIp',
		group: ['output'],
		version: 1,
		description: 'GET get_api_domain_ip',
		defaults: { name: 'Domain IP' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'stableTokenApi', required: true }],
		properties: [],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const body = await platformRequest.call(this, oaDialect, { path: '/cgi-bin/get_api_domain_ip', itemIndex: 0 });
		return [[{ json: body }]];
	}
}

it('in n8n: a token the platform refuses is replaced by a forced stable_token refresh, and the call retried', async () => {
	const helper = new TestCredentialsHelper({ stableTokenApi: oaCredentials() }, [StableTokenApi]);
	const run = () => runNode({ node: DomainIp, credentialsHelper: helper, credentialTypes: [StableTokenApi] });
	expect((await run()).error).toBeUndefined();
	emulator.revokeTokens('oa');
	const again = await run();
	expect(again.error).toBeUndefined();
	expect(again.items[0][0].json.ip_list).toEqual(expect.any(Array));
	expect(stableForceFlags()).toEqual([false, true]);
	const stored = helper.getStored('stableTokenApi')!;
	expect(stored.tokenFingerprint).toBe(wxTokenFingerprint(STABLE, stored));
});
