/**
 * The WeChat Official Account API credential inside n8n-core's request helpers, against the
 * emulator's two token endpoints: stable_token by default (one call however many items, the
 * stored token reused, force_refresh only after WeChat refused the token and at most once per
 * 30 s), the classic /cgi-bin/token on request; the credential test (a real exchange and
 * get_api_domain_ip); the dialect's codes (45009 at once, 45011 backed off, 40164, 48001); and
 * Access Token → Get, which hands out the current token and never asks for a new one.
 */
import { WeChatOfficialAccountApi } from '../../../credentials/WeChatOfficialAccountApi.credentials';
import { OFFICIAL_ACCOUNT_TOKEN } from '../../../nodes/WeChatOfficialAccount/transport';
import { officialAccountFixture as OA } from '../../emulator';
import { credentialTester } from '../../helpers/credentialTest';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { jsonOf, platformHarness } from '../../helpers/platform';

const tester = credentialTester(WeChatOfficialAccountApi);

const h = platformHarness('oa');
let helper: TestCredentialsHelper;

const stored = () => helper.getStored('weChatOfficialAccountApi')!;
const forceFlags = () => h.emulator.requests({ platform: 'oa', path: '/cgi-bin/stable_token' }).map((r) => (r.json as { force_refresh: unknown }).force_refresh);
const listTags = (items = 1) =>
	h.run({ resource: 'tag', operation: 'list' }, { credentialsHelper: helper, items: Array.from({ length: items }, () => ({ json: {} })) });

const testCredential = () => tester(helper);

beforeEach(() => {
	helper = new TestCredentialsHelper({ weChatOfficialAccountApi: h.credentials('weChatOfficialAccountApi') }, [WeChatOfficialAccountApi]);
});

describe('stable_token (the default)', () => {
	it('one normal-mode call for eight items, stored with whose token it is, reused by the next run', async () => {
		expect(jsonOf(await listTags(8))).toHaveLength(8);
		expect(forceFlags()).toEqual([false]);
		const [exchange] = h.emulator.requests({ platform: 'oa', path: '/cgi-bin/stable_token' });
		expect(exchange.json).toEqual({ grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret, force_refresh: false });
		expect(stored().tokenFingerprint).toBe(OFFICIAL_ACCOUNT_TOKEN.fingerprint(stored()));
		expect(String(stored().tokenFingerprint)).not.toContain(OA.appSecret);
		expect(h.emulator.oa.tokenInfo(String(stored().accessToken))?.meta).toEqual({ appId: OA.appId, kind: 'stable' });
		await listTags();
		expect(h.emulator.tokenCalls('oa')).toBe(1);
	});

	it('refused (40001): one force_refresh, the call retried once; another refusal within 30 s is not forced', async () => {
		await listTags();
		h.emulator.revokeTokens('oa');
		expect((await listTags(4)).error).toBeUndefined();
		expect(forceFlags()).toEqual([false, true]);
		const codes = h.calls('/cgi-bin/tags/get').map((r) => (r.responseBody as { errcode?: number }).errcode ?? 0);
		// The four items went out together with the revoked token; each was retried once, with the one new token.
		expect(codes).toEqual([0, 40001, 40001, 40001, 40001, 0, 0, 0, 0]);
		h.emulator.revokeTokens('oa');
		expect((await listTags()).error).toBeUndefined();
		// Within 30 s of the forced one: normal mode, which hands out the (new) current token.
		expect(forceFlags()).toEqual([false, true, false]);
	});

	it('an expired token (42001) is fetched anew', async () => {
		await listTags();
		h.emulator.expireTokens('oa');
		expect((await listTags()).error).toBeUndefined();
		expect(h.emulator.tokenCalls('oa')).toBe(2);
	});
});

describe('the classic endpoint', () => {
	it('GET /cgi-bin/token when the credential says Classic; a switch fetches a token of the other endpoint', async () => {
		helper.setCredentials('weChatOfficialAccountApi', { ...stored(), endpoint: 'classic' });
		expect((await listTags()).error).toBeUndefined();
		const [classic] = h.emulator.requests({ platform: 'oa', path: '/cgi-bin/token' });
		expect(classic.query).toEqual({ grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret });
		expect(h.emulator.oa.tokenInfo(String(stored().accessToken))?.meta).toEqual({ appId: OA.appId, kind: 'token' });
		helper.setCredentials('weChatOfficialAccountApi', { ...stored(), endpoint: 'stable' });
		await listTags();
		expect(h.emulator.oa.tokenInfo(String(stored().accessToken))?.meta).toEqual({ appId: OA.appId, kind: 'stable' });
		expect(h.emulator.tokenCalls('oa')).toBe(2);
	});
});

describe('the credential test', () => {
	it('exchanges a token and reads get_api_domain_ip with it, even with a token stored', async () => {
		await listTags();
		expect(await testCredential()).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(h.emulator.tokenCalls('oa')).toBe(2);
		const [check] = h.calls('/cgi-bin/get_api_domain_ip');
		expect(check.query.access_token).toBe(stored().accessToken);
		expect((check.responseBody as { ip_list: string[] }).ip_list.length).toBeGreaterThan(0);
	});

	it('a wrong AppSecret fails with 40001 and a hint, without the secret', async () => {
		const wrong = 'ffffffffffffffffffffffffffffffff';
		helper.setCredentials('weChatOfficialAccountApi', { ...stored(), appSecret: wrong });
		const result = await testCredential();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/40001.*AppSecret is wrong/);
		expect(result.message).not.toContain(wrong);
	});

	it('an IP outside the whitelist fails with 40164 and says where to add it', async () => {
		h.emulator.oa.setIpWhitelist(['203.0.113.7']);
		const result = await testCredential();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/40164.*IP Whitelist/);
		const failed = await listTags();
		expect(failed.error?.message).toMatch(/40164/);
		expect(String(failed.error?.description ?? failed.error?.message)).toMatch(/IP whitelist/);
	});
});

describe('the dialect', () => {
	it('45009 (daily quota) fails at once with a clear message', async () => {
		await listTags();
		h.emulator.rateLimit('oa', 5, { code: 45009, path: '/cgi-bin/tags/get' });
		const result = await listTags();
		expect(result.error?.message).toMatch(/45009/);
		expect(String(result.error?.description)).toMatch(/daily quota.*Retrying today will not help/);
		expect(h.calls('/cgi-bin/tags/get')).toHaveLength(2);
	});

	it('45011 (this minute) is backed off and retried', async () => {
		h.emulator.rateLimit('oa', 2, { code: 45011, path: '/cgi-bin/tags/get' });
		expect((await listTags()).error).toBeUndefined();
		expect(h.calls('/cgi-bin/tags/get')).toHaveLength(3);
	});

	it('48001 names the account type and interface permissions', async () => {
		h.emulator.oa.unauthorize('/cgi-bin/tags/get');
		const result = await listTags();
		expect(result.error?.message).toMatch(/48001/);
		expect(String(result.error?.description)).toMatch(/Interface Permissions/);
	});
});

describe('Access Token → Get', () => {
	const getToken = () => h.run({ resource: 'accessToken', operation: 'get' }, { credentialsHelper: helper });

	it('with none stored: the ordinary fetch once (normal mode), then the token as stored', async () => {
		const [out] = jsonOf(await getToken());
		expect(out).toEqual({ accessToken: stored().accessToken, expiresAt: new Date(Number(stored().expiresAt)).toISOString(), expiresIn: expect.any(Number), tokenEndpoint: 'stable' });
		expect(out.expiresIn).toBeGreaterThan(6800);
		expect(forceFlags()).toEqual([false]);
		expect(h.calls('/cgi-bin/get_api_domain_ip')).toHaveLength(1);
	});

	it('with a token stored: no call at all, the same token', async () => {
		await listTags();
		const calls = h.emulator.requests({ platform: 'oa' }).length;
		const [out] = jsonOf(await getToken());
		expect(out.accessToken).toBe(stored().accessToken);
		expect(h.emulator.requests({ platform: 'oa' })).toHaveLength(calls);
	});
});
