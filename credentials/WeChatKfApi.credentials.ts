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
import { fetchKfToken, KF_TOKEN } from '../nodes/WeChatKf/transport';

/** WeChat KF (微信客服) run from WeCom: the API Secret and the callback (接收事件) settings. */
export class WeChatKfApi implements ICredentialType {
	name = 'weChatKfApi';

	displayName = 'WeChat KF API';

	icon: Icon = { light: 'file:../nodes/WeChatKf/wechatKf.svg', dark: 'file:../nodes/WeChatKf/wechatKf.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-kf-api-credential';

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
			displayName: 'WeChat KF Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Secret under WeChat KF (微信客服) → API in the WeCom admin console, or that of the self-built app listed there under 可调用接口的应用',
		},
		{
			displayName: 'Callback Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The Token of the callback set under WeChat KF → API (接收事件服务器). Needed by the WeChat KF Trigger.',
		},
		// The EncodingAESKey decrypts every callback: it is a secret, whatever its name suggests.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Callback EncodingAESKey',
			name: 'encodingAesKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The 43-character EncodingAESKey set beside the callback Token. Needed by the WeChat KF Trigger.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://qyapi.weixin.qq.com',
			description: 'Change only to call WeCom through a fixed-IP proxy (WeCom only accepts calls from trusted IPs)',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		// Not a password field: n8n 2.8 fails to open a credential whose password field holds a number.
		{
			displayName: 'Access Token Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
		// Whose token the stored one is (a hash of Corp ID, Secret and Base URL): after an edit it
		// no longer matches, and the token is fetched anew.
		{
			displayName: 'Access Token Fingerprint',
			name: 'tokenFingerprint',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchKfToken.call(this, credentials);
	}

	/** Adds `access_token` to the query (an own property: n8n copies credential types with a spread). */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const { token, requestOptions: options } = tokenForRequest(credentials, requestOptions, KF_TOKEN, 'WeChat KF');
		return { ...options, qs: { ...(options.qs ?? {}), access_token: token } };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl || "https://qyapi.weixin.qq.com"}}',
			url: '/cgi-bin/kf/account/list',
			method: 'POST',
			body: { offset: 0, limit: 1 },
			// Makes authenticate insist on a token exchanged with the values being tested.
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'errcode', value: 48002, message: 'This Secret may not call the WeChat KF API' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'errcode', value: 60020, message: 'This server IP is not in the trusted IP list' },
			},
			{ type: 'responseSuccessBody', properties: { key: 'errcode', value: 95017, message: 'The WeChat KF API is switched off' } },
			{ type: 'responseSuccessBody', properties: { key: 'errcode', value: 40014, message: 'Invalid access token' } },
		],
	};
}
