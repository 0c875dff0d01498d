import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { adminUserSig, random32, TIM_DATA_CENTERS, TIM_DEFAULT_HOST } from '../nodes/TencentCloudIm/transport';

/** A Tencent Cloud IM (腾讯云即时通信 IM) app: REST API admin access and its callback settings. */
export class TencentCloudImApi implements ICredentialType {
	name = 'tencentCloudImApi';

	displayName = 'Tencent Cloud IM API';

	icon: Icon = {
		light: 'file:../nodes/TencentCloudIm/tencentCloudIm.svg',
		dark: 'file:../nodes/TencentCloudIm/tencentCloudIm.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#tencent-cloud-im-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'SDKAppID',
			name: 'sdkAppId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1400000000',
			description: 'The SDKAppID of the app, on its card in the IM console',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key (密钥) of the app, under App Configuration → Basic Information; it signs the admin UserSig',
		},
		{
			displayName: 'Admin UserID',
			name: 'identifier',
			type: 'string',
			default: 'administrator',
			required: true,
			description: 'An app administrator account (App 管理员); every REST API call is made as this account',
		},
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: TIM_DATA_CENTERS,
			default: TIM_DEFAULT_HOST,
			description: 'Where the app was created: an SDKAppID answers only on its own data center',
		},
		{
			displayName: 'Callback Token',
			name: 'callbackToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The callback authentication token (回调鉴权 Token) set beside the callback URL. When set, the Tencent Cloud IM Trigger refuses unsigned callbacks.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://console.tim.qq.com',
			description: 'Overrides the data center host, e.g. for a proxy or the backup domain adminapi.my-imcloud.com',
		},
	];

	/**
	 * Every REST API call carries the admin account and its UserSig in the query (REST API 简介,
	 * 269/1519): calls of the node and of the HTTP Request node ("Custom API Call") alike. An own
	 * property, not a method: n8n copies credential types with object spread before it decides
	 * whether to offer them to the HTTP Request node, and a spread drops prototype methods.
	 */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const qs: IDataObject = {
			...((requestOptions.qs as IDataObject | undefined) ?? {}),
			sdkappid: String(credentials.sdkAppId ?? '').trim(),
			identifier: String(credentials.identifier ?? '').trim(),
			usersig: adminUserSig(credentials),
			random: random32(),
			contenttype: 'json',
		};
		return { ...requestOptions, qs };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl || "https://" + $credentials.dataCenter}}',
			url: '/v4/im_open_login_svc/account_check',
			method: 'POST',
			body: { CheckItem: [{ UserID: '={{$credentials.identifier}}' }] },
			json: true,
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'ErrorCode', value: 70001, message: 'The UserSig has expired' } },
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 70009, message: 'The Secret Key does not belong to this SDKAppID' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 70013, message: 'The Admin UserID does not match the UserSig' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 70016, message: 'No key for this SDKAppID here: check the Data Center' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 70020, message: 'The SDKAppID does not exist in this Data Center' },
			},
			{ type: 'responseSuccessBody', properties: { key: 'ErrorCode', value: 60006, message: 'The SDKAppID is not valid' } },
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 60010, message: 'The Admin UserID is not an app administrator' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 70403, message: 'The Admin UserID is not an app administrator' },
			},
			{ type: 'responseSuccessBody', properties: { key: 'ErrorCode', value: 60016, message: 'This SDKAppID is disabled' } },
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 60021, message: 'This server IP may not call the REST API' },
			},
		],
	};
}
