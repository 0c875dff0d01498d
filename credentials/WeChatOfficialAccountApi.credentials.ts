import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { wxAuthenticate, wxBaseUrlField, wxCredentialTest, wxTokenFields } from '../nodes/shared/wechat/credential';
import {
	OFFICIAL_ACCOUNT_BASE_URL,
	OFFICIAL_ACCOUNT_TOKEN,
	fetchOfficialAccountToken,
} from '../nodes/WeChatOfficialAccount/transport';

/** A WeChat Official Account (公众号): its developer ID and secret, and its server configuration (服务器配置). */
export class WeChatOfficialAccountApi implements ICredentialType {
	name = 'weChatOfficialAccountApi';

	displayName = 'WeChat Official Account API';

	icon: Icon = {
		light: 'file:../nodes/WeChatOfficialAccount/wechatOfficialAccount.svg',
		dark: 'file:../nodes/WeChatOfficialAccount/wechatOfficialAccount.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-official-account-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'AppID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'wx0123456789abcdef',
			description: 'The developer ID (开发者ID, AppID) under Settings and Development → Basic Configuration (基本配置)',
		},
		{
			displayName: 'AppSecret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The developer password (开发者密码, AppSecret) beside the AppID, used to get the access token',
		},
		{
			displayName: 'Callback Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The Token of Basic Configuration → Server Configuration (服务器配置). Needed by the WeChat Official Account Trigger and Passive Reply.',
		},
		// The EncodingAESKey decrypts every callback: it is a secret, whatever its name suggests.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'EncodingAESKey',
			name: 'encodingAesKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The 43-character EncodingAESKey (消息加解密密钥) of the server configuration. Not needed in Plaintext mode.',
		},
		{
			displayName: 'Message Encryption',
			name: 'messageEncryption',
			type: 'options',
			options: [
				{
					name: 'Plaintext (明文模式)',
					value: 'plaintext',
					description: 'Messages arrive and replies go unencrypted',
				},
				{
					name: 'Compatible (兼容模式)',
					value: 'compatible',
					description: 'Messages arrive in both forms; for switching over',
				},
				{
					name: 'Safe (安全模式)',
					value: 'safe',
					description: 'Messages and replies are encrypted (recommended)',
				},
			],
			default: 'safe',
			description:
				'As set under Server Configuration → Message Encryption Method (消息加解密方式). In Safe mode the trigger refuses every unencrypted callback.',
		},
		{
			displayName: 'Token Endpoint',
			name: 'endpoint',
			type: 'options',
			options: [
				{
					name: 'Stable (stable_token)',
					value: 'stable',
					description: 'Shares the current token with every other server of the account (recommended)',
				},
				{
					name: 'Classic (/cgi-bin/token)',
					value: 'classic',
					description: 'Each fetch replaces the token the other servers hold (they see 40001 five minutes later)',
				},
			],
			default: 'stable',
		},
		wxBaseUrlField(
			OFFICIAL_ACCOUNT_BASE_URL,
			'Change only to call WeChat through a fixed-IP proxy (the account accepts API calls only from its IP whitelist)',
		),
		...wxTokenFields(),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchOfficialAccountToken.call(this, credentials);
	}

	/** Adds `access_token` to the query; an own property, as wxAuthenticate explains. */
	authenticate = wxAuthenticate(OFFICIAL_ACCOUNT_TOKEN, 'WeChat Official Account');

	test: ICredentialTestRequest = wxCredentialTest(OFFICIAL_ACCOUNT_BASE_URL, { url: '/cgi-bin/get_api_domain_ip' }, [
		[40164, 'This server IP is not in the account IP whitelist'],
		[61004, 'This server IP is not in the account IP whitelist'],
		[48001, 'API unauthorized for this account'],
		[40001, 'Invalid access token or AppSecret'],
	]);
}
