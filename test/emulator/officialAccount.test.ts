import { startEmulator, type Emulator } from './server';
import { officialAccountFixture as OA } from './fixtures';
import { getJson, postJson, type Json } from './testUtils';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => emu.reset());

const getToken = (query: Record<string, string> = {}) =>
	getJson(`${emu.url}/oa/cgi-bin/token?${new URLSearchParams({ grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret, ...query })}`);
const stable = (body: Json = {}) =>
	postJson(`${emu.url}/oa/cgi-bin/stable_token`, { grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret, ...body });
const domainIp = (token: string) => getJson(`${emu.url}/oa/cgi-bin/get_api_domain_ip?access_token=${encodeURIComponent(token)}`);

describe('GET /cgi-bin/token', () => {
	it('issues a token without errcode and counts the call', async () => {
		const answer = await getToken();
		expect(Object.keys(answer).sort()).toEqual(['access_token', 'expires_in']);
		expect(answer.expires_in).toBe(7200);
		expect(emu.tokenCalls('oa', OA.appId)).toBe(1);
		const ips = await domainIp(answer.access_token);
		expect(ips.errcode).toBeUndefined();
		expect(Array.isArray(ips.ip_list) && ips.ip_list.length > 0).toBe(true);
	});

	it.each([
		[{ grant_type: 'password' }, 40002],
		[{ appid: '' }, 41002],
		[{ secret: '' }, 41004],
		[{ appid: 'wx_unknown' }, 40013],
		[{ secret: 'ffffffffffffffffffffffffffffffff' }, 40001],
		[{ secret: 'short' }, 40125],
	])('%j answers errcode %d', async (query, code) => {
		const answer = await getToken(query);
		expect(answer.errcode).toBe(code);
		expect(answer.access_token).toBeUndefined();
		expect(answer.errmsg).toMatch(/ rid: /);
	});

	it('replaces the previous token, which stays usable for five minutes only', async () => {
		const first = (await getToken()).access_token;
		const second = (await getToken()).access_token;
		expect(second).not.toBe(first);
		expect((await domainIp(first)).ip_list).toBeDefined();
		emu.advanceClock(301);
		const stale = await domainIp(first);
		expect(stale.errcode).toBe(40001);
		expect(stale.errmsg).toContain('not latest');
		expect((await domainIp(second)).ip_list).toBeDefined();
	});

	it('expires a token after expires_in with 42001', async () => {
		const token = (await getToken()).access_token;
		emu.advanceClock(7200);
		expect((await domainIp(token)).errcode).toBe(42001);
	});
});

describe('POST /cgi-bin/stable_token', () => {
	it('returns the same token in normal mode with the remaining lifetime', async () => {
		const first = await stable();
		emu.advanceClock(1000);
		const again = await stable({ force_refresh: false });
		expect(again.access_token).toBe(first.access_token);
		// Whole seconds left; a few milliseconds pass between the calls.
		expect(again.expires_in).toBeGreaterThanOrEqual(6199);
		expect(again.expires_in).toBeLessThanOrEqual(6200);
		expect(emu.tokenCalls('oa', OA.appId)).toBe(2);
	});

	it('is isolated from getAccessToken', async () => {
		const stableToken = (await stable()).access_token;
		await getToken();
		await getToken();
		emu.advanceClock(301);
		expect((await domainIp(stableToken)).ip_list).toBeDefined();
	});

	it('hands out a new token in the last five minutes while the old one lives out its time', async () => {
		const first = await stable();
		emu.advanceClock(7200 - 299);
		const renewed = await stable();
		expect(renewed.access_token).not.toBe(first.access_token);
		expect(renewed.expires_in).toBe(7200);
		expect((await domainIp(first.access_token)).ip_list).toBeDefined();
		emu.advanceClock(300);
		expect((await domainIp(first.access_token)).errcode).toBe(42001);
	});

	it('force_refresh invalidates the previous token at once, but not twice within 30 s', async () => {
		const first = (await stable()).access_token;
		const forced = (await stable({ force_refresh: true })).access_token;
		expect(forced).not.toBe(first);
		expect((await domainIp(first)).errcode).toBe(40001);
		expect((await stable({ force_refresh: true })).access_token).toBe(forced);
		emu.advanceClock(31);
		const later = (await stable({ force_refresh: true })).access_token;
		expect(later).not.toBe(forced);
	});

	it('allows 20 forced refreshes a day, then 45009', async () => {
		for (let i = 0; i < 20; i++) {
			expect((await stable({ force_refresh: true })).access_token).toBeDefined();
			emu.advanceClock(31);
		}
		expect((await stable({ force_refresh: true })).errcode).toBe(45009);
		expect((await stable()).access_token).toBeDefined();
	});

	it('checks credentials like getAccessToken and wants POST', async () => {
		expect((await stable({ appid: 'wx_unknown' })).errcode).toBe(40013);
		expect((await stable({ secret: 'nope' })).errcode).toBe(40125);
		expect((await getJson(`${emu.url}/oa/cgi-bin/stable_token`)).errcode).toBe(43002);
		expect((await postJson(`${emu.url}/oa/cgi-bin/stable_token`, '{not json')).errcode).toBe(47001);
	});
});

describe('token errors on other OA calls', () => {
	it('answers 41001, 40001 and 42001', async () => {
		expect((await getJson(`${emu.url}/oa/cgi-bin/get_api_domain_ip`)).errcode).toBe(41001);
		expect((await domainIp('made-up')).errcode).toBe(40001);
		const token = (await stable()).access_token;
		emu.expireTokens('oa');
		expect((await domainIp(token)).errcode).toBe(42001);
	});

	it('answers 40001 after revokeTokens', async () => {
		const token = (await getToken()).access_token;
		emu.revokeTokens('oa');
		expect((await domainIp(token)).errcode).toBe(40001);
	});
});
