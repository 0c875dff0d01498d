import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import {
	weComCorpIdField,
	wxAuthenticate,
	wxBaseUrlField,
	wxCredentialTest,
	wxTokenFields,
} from '../nodes/shared/wechat/credential';
import { fetchKfToken, KF_BASE_URL, KF_TOKEN } from '../nodes/WeChatKf/transport';

/** WeChat KF (微信客服) run from WeCom: the API Secret and the callback (接收事件) settings. */
export class WeChatKfApi implements ICredentialType {
	name = 'weChatKfApi';

	displayName = 'WeChat KF API';

	icon: Icon = { light: 'file:../nodes/WeChatKf/wechatKf.svg', dark: 'file:../nodes/WeChatKf/wechatKf.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-kf-api-credential';

	properties: INodeProperties[] = [
		weComCorpIdField(),
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
		wxBaseUrlField(
			KF_BASE_URL,
			'Change only to call WeCom through a fixed-IP proxy (WeCom only accepts calls from trusted IPs)',
		),
		...wxTokenFields(),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchKfToken.call(this, credentials);
	}

	/** Adds `access_token` to the query; an own property, as wxAuthenticate explains. */
	authenticate = wxAuthenticate(KF_TOKEN, 'WeChat KF');

	test: ICredentialTestRequest = wxCredentialTest(
		KF_BASE_URL,
		{ url: '/cgi-bin/kf/account/list', method: 'POST', body: { offset: 0, limit: 1 } },
		[
			[48002, 'This Secret may not call the WeChat KF API'],
			[60020, 'This server IP is not in the trusted IP list'],
			[95017, 'The WeChat KF API is switched off'],
			[40014, 'Invalid access token'],
		],
	);
}
