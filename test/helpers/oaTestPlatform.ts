/**
 * A minimal Official Account for request-layer tests: a dialect, a credential whose
 * preAuthentication fetches stable_token (as WeCom's fetches gettoken), and a node that makes one
 * cheap read (GET /cgi-bin/get_api_domain_ip) through platformRequest. `name` keeps the types of
 * two test files apart (n8n's caches are per type name); `dialect` adds codes to the defaults.
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
import type { Dialect } from '../../nodes/shared/request';
import { platformRequest } from '../../nodes/shared/request';
import { expiryFromLifetime, obtainToken, tokenKey } from '../../nodes/shared/token';
import { wxErrcodeError } from '../../nodes/shared/wechat/envelope';

export function oaTestPlatform(name: string, dialectChanges: Partial<Dialect> = {}) {
	const credentialType = `test${name}Api`;
	const fingerprint = (credentials: ICredentialDataDecryptedObject): string =>
		tokenKey(`oa-${name}`, String(credentials.baseUrl), String(credentials.appId), String(credentials.appSecret));
	const dialect: Dialect = {
		platform: 'WeChat Official Account',
		credentialType,
		defaultBaseUrl: 'https://api.weixin.qq.com',
		secretFields: ['appSecret', 'accessToken'],
		decodeError: wxErrcodeError,
		tokenInvalidCodes: ['40001', '40014', '42001'],
		token: { field: 'accessToken', expiresField: 'expiresAt', fingerprintField: 'tokenFingerprint', fingerprint },
		...dialectChanges,
	};

	class Credential implements ICredentialType {
		name = credentialType;
		displayName = `Test ${name}`;
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
			const result = await obtainToken(fingerprint(credentials), async () => {
				const body = (await this.helpers.httpRequest({
					method: 'POST',
					url: `${String(credentials.baseUrl)}/cgi-bin/stable_token`,
					body: { grant_type: 'client_credential', appid: credentials.appId, secret: credentials.appSecret },
					json: true,
				})) as { access_token?: string; expires_in: number; errcode?: number };
				if (!body.access_token) throw new Error(`stable_token refused: errcode ${body.errcode}`);
				return { token: body.access_token, expiresAt: expiryFromLifetime(body.expires_in) };
			});
			return { accessToken: result.token, expiresAt: result.expiresAt, tokenFingerprint: fingerprint(credentials) };
		}
	}

	class DomainIpNode implements INodeType {
		description: INodeTypeDescription = {
			displayName: 'Domain IP',
			name: `domainIp${name}`,
			group: ['output'],
			version: 1,
			description: 'test',
			defaults: { name: 'Domain IP' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [],
		};
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const body = await platformRequest.call(this, dialect, { method: 'GET', path: '/cgi-bin/get_api_domain_ip', itemIndex: 0 });
			return [[{ json: body, pairedItem: { item: 0 } }]];
		}
	}

	return { credentialType, dialect, fingerprint, Credential, DomainIpNode };
}
