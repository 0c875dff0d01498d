/**
 * Tokens shared by several n8n processes (queue-mode workers): the credential in n8n's database is
 * the one place a refresh reaches every worker; each worker also keeps its own token cache
 * (shared/token.ts). A worker whose token is refused must not fall back to a cached token that
 * another worker's refresh replaced, and should take the token that worker stored before fetching
 * yet another (which, on the Official Account's force_refresh or a classic token, would revoke it).
 */
import type {
	ICredentialDataDecryptedObject,
} from 'n8n-workflow';
import type { TokenSpec } from '../../../nodes/shared/token';
import {
	clearTokenCache,
	obtainToken,
	rejectToken,
	storedTokenUsable,
	tokenKey,
} from '../../../nodes/shared/token';
import { officialAccountFixture } from '../../emulator/fixtures';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { oaTestPlatform } from '../../helpers/oaTestPlatform';
import { useEmulator } from '../../helpers/platform';
import { runNode } from '../../helpers/workflow';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('token cache: a token another process stored and the platform refused', () => {
	const spec: TokenSpec = {
		field: 'accessToken',
		expiresField: 'expiresAt',
		fingerprintField: 'tokenFingerprint',
		fingerprint: (c) => tokenKey('test', String(c.appId)),
	};
	const withToken = (token: string): ICredentialDataDecryptedObject => ({
		appId: 'app',
		accessToken: token,
		expiresAt: Date.now() + 3600_000,
		tokenFingerprint: spec.fingerprint({ appId: 'app' }),
	});
	const key = spec.fingerprint({ appId: 'app' });
	beforeEach(() => clearTokenCache());

	it('drops this process\'s older cached token too, so the refresh fetches instead of serving it', async () => {
		let issued = 0;
		const fetch = async () => ({ token: `own-${++issued}`, expiresAt: Date.now() + 3600_000 });
		expect(await obtainToken(key, fetch)).toMatchObject({ token: 'own-1', fresh: true });
		await tick();
		// Another worker refreshed later; this process reads its token from the credential, sends it, and it is refused.
		expect(storedTokenUsable(withToken('other-worker'), spec)).toBe(true);
		rejectToken('other-worker');
		expect(await obtainToken(key, fetch)).toMatchObject({ token: 'own-2', fresh: true });
		expect(issued).toBe(2);
	});

	it('keeps a token this process fetched after it saw the refused one (a slow item refusing an older token)', async () => {
		let issued = 0;
		const fetch = async () => ({ token: `own-${++issued}`, expiresAt: Date.now() + 3600_000 });
		expect(storedTokenUsable(withToken('older'), spec)).toBe(true);
		await tick();
		await obtainToken(key, fetch);
		rejectToken('older');
		expect(await obtainToken(key, fetch)).toMatchObject({ token: 'own-1', fresh: false });
		expect(issued).toBe(1);
	});
});

// --- the request layer: re-read the credential before fetching ---------------------------------------

const { fingerprint: oaFingerprint, Credential: TestOaAcrossApi, DomainIpNode } = oaTestPlatform('OaAcross');

describe('request layer: a refused token, and the credential now holds another worker\'s', () => {
	const oa = useEmulator();

	async function stableToken(force: boolean): Promise<string> {
		const response = await fetch(`${oa.emulator.baseUrl('oa')}/cgi-bin/stable_token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				grant_type: 'client_credential',
				appid: officialAccountFixture.appId,
				secret: officialAccountFixture.appSecret,
				...(force ? { force_refresh: true } : {}),
			}),
		});
		return String(((await response.json()) as { access_token: string }).access_token);
	}

	it('retries with the stored token instead of fetching one more', async () => {
		const base = {
			appId: officialAccountFixture.appId,
			appSecret: officialAccountFixture.appSecret,
			baseUrl: oa.emulator.baseUrl('oa'),
		};
		const record = (token: string) => ({ ...base, accessToken: token, expiresAt: Date.now() + 3600_000, tokenFingerprint: oaFingerprint(base) });
		const first = await stableToken(false);
		const helper = new TestCredentialsHelper({ testOaAcrossApi: record(first) }, [TestOaAcrossApi]);
		// This run reads the credential with `first`; then another worker force-refreshes (which
		// revokes `first`) and stores its token in the credential.
		let replaced = '';
		const read = helper.getDecrypted.bind(helper);
		jest.spyOn(helper, 'getDecrypted').mockImplementationOnce(async (...args: Parameters<typeof helper.getDecrypted>) => {
			const data = await read(...args);
			replaced = await stableToken(true);
			helper.setCredentials('testOaAcrossApi', record(replaced));
			return data;
		});
		const tokenCallsBefore = oa.emulator.tokenCalls('oa');

		const result = await runNode({ node: DomainIpNode, credentialsHelper: helper, credentialTypes: [TestOaAcrossApi] });

		expect(result.error).toBeUndefined();
		expect(replaced).not.toBe(first);
		const sent = oa.emulator.requests({ platform: 'oa', path: '/cgi-bin/get_api_domain_ip' }).map((r) => r.query.access_token);
		expect(sent).toEqual([first, replaced]);
		// The one token call is the other worker's force_refresh: this run fetched none.
		expect(oa.emulator.tokenCalls('oa')).toBe(tokenCallsBefore + 1);
	});
});
