import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** The key of a WeCom group robot (群机器人) webhook; the whole webhook URL is accepted too. */
export function robotKey(value: unknown): string {
	const text = String(value ?? '').trim();
	const match = /[?&]key=([^&#\s]+)/.exec(text);
	return match ? decodeURIComponent(match[1]) : text;
}

export class WeComRobotApi implements ICredentialType {
	name = 'weComRobotApi';

	displayName = 'WeCom Group Robot API';

	icon: Icon = { light: 'file:../nodes/WeCom/wecom.svg', dark: 'file:../nodes/WeCom/wecom.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wecom-group-robot-api-credential';

	properties: INodeProperties[] = [
		// Whoever holds the key can post to the group: it is a secret.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Webhook Key',
			name: 'webhookKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-...',
			description: "The robot's webhook URL, or just its key",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://qyapi.weixin.qq.com',
			description: 'Change only to call WeCom through a proxy',
		},
	];

	/**
	 * Adds the key to the query, for the WeCom node and the HTTP Request node ("Custom API Call").
	 * An own property, not a method: n8n copies credential types with object spread before it
	 * decides whether to offer them to the HTTP Request node, and a spread drops prototype methods.
	 */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		return { ...requestOptions, qs: { ...(requestOptions.qs ?? {}), key: robotKey(credentials.webhookKey) } };
	};

	// An empty message is refused with 40008 by a valid key and with 93000 by a wrong one: the
	// test tells them apart without posting anything to the group.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl || "https://qyapi.weixin.qq.com"}}',
			url: '/cgi-bin/webhook/send',
			method: 'POST',
			body: {},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'errcode', value: 93000, message: 'The webhook key is wrong or the robot was removed' },
			},
		],
	};
}
