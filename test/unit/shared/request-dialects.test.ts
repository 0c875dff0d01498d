/**
 * The request layer follows each platform's own code table. The Official Account differs from
 * WeCom: 40001 there means "token invalid or not latest" (refresh), 45011 is the per-minute rate
 * limit (back off), 45009 the daily quota (fail at once: retrying today cannot help).
 * Docs: developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
import { officialAccountFixture } from '../../emulator/fixtures';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { oaTestPlatform } from '../../helpers/oaTestPlatform';
import { useEmulator } from '../../helpers/platform';
import { runNode } from '../../helpers/workflow';

const { fingerprint: oaFingerprint, Credential: TestOfficialAccountApi, DomainIpNode } = oaTestPlatform('OfficialAccount', {
	rateLimitCodes: ['45011', '-1'],
	quotaCodes: ['45009'],
});

const oa = useEmulator();
let helper: TestCredentialsHelper;
const run = () => runNode({ node: DomainIpNode, credentialsHelper: helper, credentialTypes: [TestOfficialAccountApi] });

beforeEach(() => {
	helper = new TestCredentialsHelper(
		{
			testOfficialAccountApi: {
				appId: officialAccountFixture.appId,
				appSecret: officialAccountFixture.appSecret,
				baseUrl: oa.emulator.baseUrl('oa'),
			},
		},
		[TestOfficialAccountApi],
	);
});

it('refreshes on the Official Account token code 40001 and retries once', async () => {
	expect((await run()).error).toBeUndefined();
	oa.emulator.revokeTokens('oa');
	const second = await run();
	expect(second.error).toBeUndefined();
	expect(second.items[0][0].json.ip_list).toEqual(expect.any(Array));
	const codes = oa.emulator
		.requests({ platform: 'oa', path: '/cgi-bin/get_api_domain_ip' })
		.map((r) => (r.responseBody as { errcode?: number }).errcode ?? 0);
	expect(codes).toEqual([0, 40001, 0]);
	expect(oa.emulator.tokenCalls('oa')).toBe(2);
});

it('fails at once on the daily quota code 45009, with a clear message', async () => {
	await run();
	oa.emulator.rateLimit('oa', 5, { code: 45009, path: '/cgi-bin/get_api_domain_ip' });
	const failed = await run();
	expect(failed.error?.message).toMatch(/45009/);
	expect(String(failed.error?.description)).toMatch(/daily quota/i);
	expect(oa.emulator.pathCalls('oa', '/cgi-bin/get_api_domain_ip')).toBe(2);
});

it('backs off on the per-minute limit 45011 and succeeds within the bound', async () => {
	oa.emulator.rateLimit('oa', 2, { code: 45011, path: '/cgi-bin/get_api_domain_ip' });
	expect((await run()).error).toBeUndefined();
	expect(oa.emulator.pathCalls('oa', '/cgi-bin/get_api_domain_ip')).toBe(3);
});

it('any dialect with a token spec: an edited AppSecret is not served the stored token of the old one', async () => {
	expect((await run()).error).toBeUndefined();
	const stored = helper.getStored('testOfficialAccountApi')!;
	expect(stored.tokenFingerprint).toBe(oaFingerprint(stored));
	// The user edits the secret; the token fetched with the old one stays stored beside it.
	const wrongSecret = 'ffffffffffffffffffffffffffffffff';
	helper.setCredentials('testOfficialAccountApi', { ...stored, appSecret: wrongSecret });
	const failed = await run();
	expect(failed.error?.message).toMatch(/40001/);
	const exchanges = oa.emulator.requests({ platform: 'oa', path: '/cgi-bin/stable_token' }).map((r) => (r.json as { secret: string }).secret);
	expect(exchanges).toEqual([officialAccountFixture.appSecret, wrongSecret]);
	expect(oa.emulator.pathCalls('oa', '/cgi-bin/get_api_domain_ip')).toBe(1);
});
