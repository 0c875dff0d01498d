/**
 * What every WeChat-family credential (WeCom, WeChat KF, Official Account) has alike: the Base URL
 * field, the hidden fields n8n keeps the access token in, an `authenticate` that puts the token in
 * the query, and the skeleton of the test request. Each credential keeps its own name, fields,
 * texts and order; these builders only return the parts that are the same logic, given what differs.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import type { TokenSpec } from '../token';
import { CREDENTIAL_TEST_HEADER, tokenForRequest } from '../token';

/** The Corp ID of a WeCom corp (WeCom apps, and WeChat KF, which is run from WeCom). */
export function weComCorpIdField(): INodeProperties {
	return {
		displayName: 'Corp ID',
		name: 'corpId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ww0123456789abcdef',
		description: 'The corp ID (企业ID), under My Company → Company Info in the WeCom admin console',
	};
}

/** The Base URL field: the platform's host by default, a fixed-IP proxy when the description says so. */
export function wxBaseUrlField(defaultBaseUrl: string, description: string): INodeProperties {
	return { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: defaultBaseUrl, description };
}

/** Where the family's credentials keep the token: the hidden fields of wxTokenFields. */
export const WX_TOKEN_STORE: Omit<TokenSpec, 'fingerprint'> = {
	field: 'accessToken',
	expiresField: 'expiresAt',
	fingerprintField: 'tokenFingerprint',
};

/**
 * The hidden fields the stored token lives in (the names of WX_TOKEN_STORE), last in the
 * credential. n8n fills them through preAuthentication; `expirable` makes n8n call it again when
 * the platform refuses the token.
 */
export function wxTokenFields(): INodeProperties[] {
	return [
		{
			displayName: 'Access Token',
			name: WX_TOKEN_STORE.field,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		// Not a password field: n8n 2.8 redacts those with String.startsWith and fails to open a
		// credential whose password field holds a number. An expiry time is no secret anyway, and
		// its name says so to n8n's scanner (a name with "token" in it must be a password field).
		{
			displayName: 'Access Token Expires At',
			name: WX_TOKEN_STORE.expiresField,
			type: 'hidden',
			default: 0,
		},
		// Whose token the stored one is (a hash of the id, the secret and the Base URL, and for the
		// Official Account the token endpoint): after an edit it no longer matches, and the token is
		// fetched anew instead of sending as the old app.
		{
			displayName: 'Access Token Fingerprint',
			name: WX_TOKEN_STORE.fingerprintField,
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];
}

export type WxAuthenticate = (
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

/**
 * The credential's `authenticate`: adds `access_token` to the query, for our nodes, the credential
 * test and the HTTP Request node ("Custom API Call"). A function, not an expression, because
 * n8n 2.41 evaluates every expression in an isolate, per request. Assign it to an own property
 * (`authenticate = wxAuthenticate(…)`), not a method: n8n copies credential types with object
 * spread before it decides whether to offer "Custom API Call" and the HTTP Request node's
 * predefined credential, and a spread drops prototype methods.
 */
export function wxAuthenticate(spec: TokenSpec, platform: string): WxAuthenticate {
	return async (credentials, requestOptions) => {
		const { token, requestOptions: options } = tokenForRequest(credentials, requestOptions, spec, platform);
		return { ...options, qs: { ...(options.qs ?? {}), access_token: token } };
	};
}

/** The part of the test request that differs: the path, and the method, query or body it needs. */
export type WxTestRequest = Omit<ICredentialTestRequest['request'], 'baseURL' | 'headers'>;

/**
 * The credential test: `request` against the Base URL (or the platform's host), failed by the
 * errcodes listed with their messages (a WeChat-family API answers HTTP 200 with an errcode).
 */
export function wxCredentialTest(
	defaultBaseUrl: string,
	request: WxTestRequest,
	errcodes: Array<[code: number, message: string]>,
): ICredentialTestRequest {
	return {
		request: {
			baseURL: `={{$credentials.baseUrl || "${defaultBaseUrl}"}}`,
			...request,
			// Makes authenticate insist on a token exchanged with the values being tested.
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
		rules: errcodes.map(([value, message]) => ({
			type: 'responseSuccessBody' as const,
			properties: { key: 'errcode', value, message },
		})),
	};
}
