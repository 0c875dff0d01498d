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
import { fetchWeComToken, WECOM_BASE_URL, WECOM_TOKEN } from '../nodes/WeCom/transport';

/** A WeCom (企业微信) self-built app: its API secret and its callback (接收消息) settings. */
export class WeComApi implements ICredentialType {
	name = 'weComApi';

	displayName = 'WeCom API';

	icon: Icon = { light: 'file:../nodes/WeCom/wecom.svg', dark: 'file:../nodes/WeCom/wecom.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wecom-api-credential';

	properties: INodeProperties[] = [
		weComCorpIdField(),
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
		wxBaseUrlField(
			WECOM_BASE_URL,
			'Change only to call WeCom through a fixed-IP proxy (WeCom only accepts calls from the app trusted IPs)',
		),
		...wxTokenFields(),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchWeComToken.call(this, credentials);
	}

	/** Adds `access_token` to the query; an own property, as wxAuthenticate explains. */
	authenticate = wxAuthenticate(WECOM_TOKEN, 'WeCom');

	test: ICredentialTestRequest = wxCredentialTest(
		WECOM_BASE_URL,
		{ url: '/cgi-bin/agent/get', qs: { agentid: '={{$credentials.agentId}}' } },
		[
			[40056, 'The Agent ID is wrong'],
			[301002, 'The Agent ID does not belong to this Secret'],
			[60020, 'This server IP is not in the app trusted IP list'],
			[48002, 'API forbidden for this app'],
			[40014, 'Invalid access token'],
		],
	);
}
