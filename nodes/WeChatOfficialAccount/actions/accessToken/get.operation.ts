import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { credentialData } from '../../../shared/request';
import { EVERYONE } from '../../../shared/router';
import { storedTokenUsable } from '../../../shared/token';
import { OFFICIAL_ACCOUNT_CREDENTIAL, OFFICIAL_ACCOUNT_TOKEN, officialAccountRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName:
			'Outputs the access token the credential holds, for an HTTP Request node calling an API this node lacks (?access_token=…). It never asks WeChat for a new one: when none is stored yet, the ordinary fetch runs once (stable_token hands back the current token).',
		name: 'accessTokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['accessToken'], operation: ['get'] } },
	},
];

// Items share one token: one fetch for all of them.
export const orderingKey = () => EVERYONE;

/**
 * The current token. With none stored (or one of other credential values), one cheap call
 * (GET /cgi-bin/get_api_domain_ip) goes through the request layer, which fetches the token the
 * ordinary way and checks that WeChat takes it; never force_refresh.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const credentials = await credentialData(this, OFFICIAL_ACCOUNT_CREDENTIAL);
	if (!storedTokenUsable(credentials, OFFICIAL_ACCOUNT_TOKEN)) {
		await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/get_api_domain_ip', itemIndex: i });
	}
	const expiresAt = Number(credentials[OFFICIAL_ACCOUNT_TOKEN.expiresField]);
	return {
		accessToken: String(credentials[OFFICIAL_ACCOUNT_TOKEN.field] ?? ''),
		// The stored expiry is a few minutes before WeChat's, so a token read here stays good until then.
		expiresAt: new Date(expiresAt).toISOString(),
		expiresIn: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
		tokenEndpoint: credentials.endpoint === 'classic' ? 'classic' : 'stable',
	};
}
