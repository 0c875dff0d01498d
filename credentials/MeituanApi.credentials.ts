import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { MEITUAN_BASE_URL, signMeituanRequest } from '../nodes/MeituanIm/transport';

/** A Meituan Waimai / Shangou open-platform app (美团外卖 / 美团闪购开放平台): App ID and App Secret. */
export class MeituanApi implements ICredentialType {
	name = 'meituanApi';

	displayName = 'Meituan API';

	icon: Icon = { light: 'file:../nodes/MeituanIm/meituanIm.svg', dark: 'file:../nodes/MeituanIm/meituanIm.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#meituan-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '4688',
			description: 'The app_id of the app, in the Meituan developer console (开发者中心 → 应用管理)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The app_secret (应用密钥) beside the App ID: it signs every call and its first 16 characters decrypt IM message content',
		},
		{
			displayName: 'Platform',
			name: 'platform',
			type: 'options',
			options: [
				{ name: 'Waimai (美团外卖)', value: 'waimai' },
				{ name: 'Shangou (美团闪购)', value: 'shangou' },
			],
			default: 'waimai',
			description: 'Which business the app belongs to: both use the same host and sign alike',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: MEITUAN_BASE_URL,
			description: 'Overrides https://waimaiopen.meituan.com/api/v1/, e.g. for a fixed-IP proxy. Meituan signs the URL as called.',
		},
	];

	/**
	 * Every call is signed: app_id, timestamp and sig over the exact URL and all parameters (签名算法),
	 * for the node and the HTTP Request node ("Custom API Call") alike. An own property, not a
	 * method: n8n copies credential types with object spread, which drops prototype methods.
	 */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => signMeituanRequest(credentials, requestOptions);

	// poi/getids: the app's store codes, a signed read that needs no store code.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl || "${MEITUAN_BASE_URL}"}}`,
			url: 'poi/getids',
			method: 'GET',
			json: true,
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'error.code', value: 703, message: 'Signature refused (703): the App Secret does not belong to this App ID' } },
			{ type: 'responseSuccessBody', properties: { key: 'error.code', value: 702, message: 'The App ID is not valid (702)' } },
			{ type: 'responseSuccessBody', properties: { key: 'error.code', value: 701, message: 'Meituan refused a parameter (701)' } },
			{ type: 'responseSuccessBody', properties: { key: 'error.code', value: 700, message: 'Meituan system error (700): try again later' } },
			{ type: 'responseSuccessBody', properties: { key: 'data', value: 'ng', message: 'Meituan refused the credential' } },
		],
	};
}
