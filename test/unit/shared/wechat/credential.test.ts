/**
 * The WeChat-family credential kit (nodes/shared/wechat/credential.ts) as the three credentials
 * built on it use it: authenticate is an own function that survives the object spread n8n copies
 * credential types with, and puts the stored token in the query beside what is there; the hidden
 * token fields come last, in the names the token specs store into; the test request always asks
 * for a fresh exchange against the Base URL or the platform's host.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';
import { WeChatKfApi } from '../../../../credentials/WeChatKfApi.credentials';
import { WeChatOfficialAccountApi } from '../../../../credentials/WeChatOfficialAccountApi.credentials';
import { WeComApi } from '../../../../credentials/WeComApi.credentials';
import type { TokenSpec } from '../../../../nodes/shared/token';
import { CREDENTIAL_TEST_HEADER } from '../../../../nodes/shared/token';
import { KF_TOKEN } from '../../../../nodes/WeChatKf/transport';
import { OFFICIAL_ACCOUNT_TOKEN } from '../../../../nodes/WeChatOfficialAccount/transport';
import { WECOM_TOKEN } from '../../../../nodes/WeCom/transport';
import { credentialFixtures } from '../../../helpers/fixtures';

type Authenticate = (credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

const cases: Array<[string, ICredentialType, TokenSpec, ICredentialDataDecryptedObject, string]> = [
	['WeComApi', new WeComApi(), WECOM_TOKEN, credentialFixtures.weComApi(), 'https://qyapi.weixin.qq.com'],
	['WeChatKfApi', new WeChatKfApi(), KF_TOKEN, credentialFixtures.weChatKfApi(), 'https://qyapi.weixin.qq.com'],
	[
		'WeChatOfficialAccountApi',
		new WeChatOfficialAccountApi(),
		OFFICIAL_ACCOUNT_TOKEN,
		credentialFixtures.weChatOfficialAccountApi(),
		'https://api.weixin.qq.com',
	],
];

describe.each(cases)('%s', (_name, type, spec, saved, host) => {
	it('authenticate survives a spread and adds the stored token to the query', async () => {
		const copy = { ...type };
		expect(typeof copy.authenticate).toBe('function');
		const stored = { ...saved, accessToken: 'tok-1', expiresAt: Date.now() + 60_000, tokenFingerprint: spec.fingerprint(saved) };
		const options = await (copy.authenticate as Authenticate)(stored, { url: '/x', qs: { keep: 1 } });
		expect(options.qs).toEqual({ keep: 1, access_token: 'tok-1' });
		expect(options.url).toBe('/x');
	});

	it('authenticate refuses a token stored for other values instead of sending it', async () => {
		const stored = { ...saved, accessToken: 'tok-old', expiresAt: Date.now() + 60_000, tokenFingerprint: 'someone-else' };
		await expect((type.authenticate as Authenticate)(stored, { url: '/x' })).rejects.toThrow();
	});

	it('ends with the hidden token fields the token spec stores into, the Base URL before them', () => {
		const tail = type.properties.slice(-4);
		expect(tail.map((p) => p.name)).toEqual(['baseUrl', spec.field, spec.expiresField, spec.fingerprintField]);
		expect(tail[0]).toMatchObject({ type: 'string', default: host });
		expect(tail.slice(1).map((p) => p.type)).toEqual(['hidden', 'hidden', 'hidden']);
		// A number in a password field breaks n8n 2.8; the token and its fingerprint are secrets.
		expect(tail.slice(1).map((p) => Boolean(p.typeOptions?.password))).toEqual([true, false, true]);
	});

	it('tests against the Base URL or the host, with a fresh exchange, failing on errcodes', () => {
		const { request, rules } = type.test!;
		expect(request.baseURL).toBe(`={{$credentials.baseUrl || "${host}"}}`);
		expect(request.headers).toEqual({ [CREDENTIAL_TEST_HEADER]: '1' });
		expect(rules?.length).toBeGreaterThan(2);
		for (const rule of rules ?? []) expect(rule).toMatchObject({ type: 'responseSuccessBody', properties: { key: 'errcode' } });
	});
});
