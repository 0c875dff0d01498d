import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { CREDENTIAL_TEST_HEADER, tokenForRequest } from '../nodes/shared/token';
import { fetchWeComToken, WECOM_TOKEN } from '../nodes/WeCom/transport';

/** A WeCom (企业微信) self-built app: its API secret and its callback (接收消息) settings. */
export class WeComApi implements ICredentialType {
	name = 'weComApi';

	displayName = 'WeCom API';

	icon: Icon = { light: 'file:../nodes/WeCom/wecom.svg', dark: 'file:../nodes/WeCom/wecom.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wecom-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Corp ID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ww0123456789abcdef',
			description: 'The corp ID (企业ID), under My Company → Company Info in the WeCom admin console',
		},
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1000002',
			description: 'The AgentId of the self-built app, under App Management',
		},
		{
			displayName: 'Secret',
			name: 'corpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The app's Secret (used to get the access token)",
		},
		{
			displayName: 'Callback Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The Token set under the app → Receive Messages (接收消息). Needed by the WeCom Trigger.',
		},
		// The EncodingAESKey decrypts every callback: it is a secret, whatever its name suggests.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Callback EncodingAESKey',
			name: 'encodingAesKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The 43-character EncodingAESKey set beside the callback Token. Needed by the WeCom Trigger.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://qyapi.weixin.qq.com',
			description:
				'Change only to call WeCom through a fixed-IP proxy (WeCom only accepts calls from the app trusted IPs)',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		// Not a password field: n8n 2.8 redacts those with String.startsWith and fails to open a
		// credential whose password field holds a number. An expiry time is no secret anyway, and
		// its name says so to n8n's scanner (a name with "token" in it must be a password field).
		{
			displayName: 'Access Token Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
		// Whose token the stored one is (a hash of Corp ID, Secret and Base URL): after an edit it
		// no longer matches, and the token is fetched anew instead of sending as the old app.
		{
			displayName: 'Access Token Fingerprint',
			name: 'tokenFingerprint',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchWeComToken.call(this, credentials);
	}

	/**
	 * Adds `access_token` to the query: for the WeCom node, the credential test and the HTTP
	 * Request node ("Custom API Call"). A function, not an expression, because n8n 2.41 evaluates
	 * every expression in an isolate, per request. An own property, not a method: n8n copies
	 * credential types with object spread before it decides whether to offer "Custom API Call"
	 * and the HTTP Request node's predefined credential, and a spread drops prototype methods.
	 */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const { token, requestOptions: options } = tokenForRequest(credentials, requestOptions, WECOM_TOKEN, 'WeCom');
		return { ...options, qs: { ...(options.qs ?? {}), access_token: token } };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl || "https://qyapi.weixin.qq.com"}}',
			url: '/cgi-bin/agent/get',
			qs: { agentid: '={{$credentials.agentId}}' },
			// Makes authenticate insist on a token exchanged with the values being tested.
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'errcode', value: 40056, message: 'The Agent ID is wrong' } },
			{
				type: 'responseSuccessBody',
				properties: { key: 'errcode', value: 301002, message: 'The Agent ID does not belong to this Secret' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'errcode', value: 60020, message: 'This server IP is not in the app trusted IP list' },
			},
			{ type: 'responseSuccessBody', properties: { key: 'errcode', value: 48002, message: 'API forbidden for this app' } },
			{ type: 'responseSuccessBody', properties: { key: 'errcode', value: 40014, message: 'Invalid access token' } },
		],
	};
}
