/**
 * Tokens shared by several n8n processes (queue-mode workers): the credential in n8n's database is
 * the one place a refresh reaches every worker; each worker also keeps its own token cache
 * (shared/token.ts). A worker whose token is refused must not fall back to a cached token that
 * another worker's refresh replaced, and should take the token that worker stored before fetching
 * yet another (which, on the Official Account's force_refresh or a classic token, would revoke it).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestHelper,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import type { Dialect } from '../../../nodes/shared/request';
import { platformRequest } from '../../../nodes/shared/request';
import type { TokenSpec } from '../../../nodes/shared/token';
import {
	clearTokenCache,
	expiryFromLifetime,
	obtainToken,
	rejectToken,
	storedTokenUsable,
	tokenKey,
} from '../../../nodes/shared/token';
import { wxErrcodeError } from '../../../nodes/shared/wechat/envelope';
import { officialAccountFixture } from '../../emulator/fixtures';
import { TestCredentialsHelper } from '../../helpers/credentials';
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

function oaFingerprint(credentials: ICredentialDataDecryptedObject): string {
	return tokenKey('oa-x', String(credentials.baseUrl), String(credentials.appId), String(credentials.appSecret));
}

const dialect: Dialect = {
	platform: 'WeChat Official Account',
	credentialType: 'testOaAcrossApi',
	defaultBaseUrl: 'https://api.weixin.qq.com',
	secretFields: ['appSecret', 'accessToken'],
	decodeError: wxErrcodeError,
	tokenInvalidCodes: ['40001', '40014', '42001'],
	token: { field: 'accessToken', expiresField: 'expiresAt', fingerprintField: 'tokenFingerprint', fingerprint: oaFingerprint },
};

class TestOaAcrossApi implements ICredentialType {
	name = 'testOaAcrossApi';
	displayName = 'Test OA Across';
	properties: ICredentialType['properties'] = [
		{ displayName: 'App ID', name: 'appId', type: 'string', default: '' },
		{ displayName: 'App Secret', name: 'appSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
		{ displayName: 'Expires', name: 'expiresAt', type: 'hidden', default: 0 },
		{ displayName: 'Fingerprint', name: 'tokenFingerprint', type: 'hidden', default: '' },
	];
	authenticate = { type: 'generic' as const, properties: { qs: { access_token: '={{$credentials.accessToken}}' } } };
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const result = await obtainToken(oaFingerprint(credentials), async () => {
			const body = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${String(credentials.baseUrl)}/cgi-bin/stable_token`,
				body: { grant_type: 'client_credential', appid: credentials.appId, secret: credentials.appSecret },
				json: true,
			})) as { access_token?: string; expires_in: number; errcode?: number };
			if (!body.access_token) throw new Error(`stable_token refused: errcode ${body.errcode}`);
			return { token: body.access_token, expiresAt: expiryFromLifetime(body.expires_in) };
		});
		return { accessToken: result.token, expiresAt: result.expiresAt, tokenFingerprint: oaFingerprint(credentials) };
	}
}

class DomainIpNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domain IP',
		name: 'domainIpAcross',
		group: ['output'],
		version: 1,
		description: 'test',
		defaults: { name: 'Domain IP' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'testOaAcrossApi', required: true }],
		properties: [],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const body = await platformRequest.call(this, dialect, { method: 'GET', path: '/cgi-bin/get_api_domain_ip', itemIndex: 0 });
		return [[{ json: body, pairedItem: { item: 0 } }]];
	}
}

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
