/**
 * The WeChat Official Account (公众号) on the shared request layer: its result envelope, its
 * codes and hints, its token (stable_token by default, the classic /cgi-bin/token on request),
 * its limits. Codes: developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 * (全局返回码) and the error tables of each API page.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import type { Dialect, DialectPacing, PlatformRequest, RequestContext } from '../shared/request';
import { baseUrlOf, platformRequest } from '../shared/request';
import type { TokenSpec } from '../shared/token';
import { credentialKey } from '../shared/token';
import { wxErrcodeError, wxHints } from '../shared/wechat/envelope';
import type { WxTokenSource } from '../shared/wechat/token';
import { WX_TOKEN_STORE } from '../shared/wechat/credential';
import { OFFICIAL_ACCOUNT_TOKEN_HINTS, fetchWxToken, wxTokenFingerprint } from '../shared/wechat/token';

export const OFFICIAL_ACCOUNT_BASE_URL = 'https://api.weixin.qq.com';
/** Where WeChat serves QR code images (showqrcode): another host, no token. */
export const OFFICIAL_ACCOUNT_MP_URL = 'https://mp.weixin.qq.com';
export const OFFICIAL_ACCOUNT_CREDENTIAL = 'weChatOfficialAccountApi';
export const PLATFORM = 'WeChat Official Account';

const IP_WHITELIST =
	'This server is not in the account IP whitelist (IP白名单): add the n8n server public IP under Settings and Development → Basic Configuration (基本配置) → IP Whitelist, or set the credential Base URL to a fixed-IP proxy.';

/** The family's hints, in the Official Account's own words where they differ. */
export const OFFICIAL_ACCOUNT_HINTS: Record<string, string> = wxHints({
	'40001':
		'The access token is invalid or no longer the latest: another server of this account may have fetched one with the classic /cgi-bin/token, which replaces it. The node fetched a new token once. Let every server of the account use the Stable token endpoint.',
	'40003': 'The OpenID is wrong: an OpenID belongs to one account, take it from this account (a callback, User → List OpenIDs).',
	'40004': 'The media type is not valid here.',
	'40007': 'The media_id is wrong, of another type, or a temporary media that has expired (kept 3 days).',
	'40008': 'The message type is not valid.',
	'40013': 'The AppID is wrong.',
	'40016': 'A menu has 1 to 3 top-level buttons.',
	'40017': 'A button type is not valid.',
	'40018': 'A top-level button name is empty or over 16 bytes (4 Chinese characters).',
	'40019': 'A button key is empty or over 128 bytes.',
	'40020': 'A button URL is empty or over 1024 bytes.',
	'40023': 'A top-level button has 1 to 5 sub-buttons.',
	'40024': 'A sub-button type is not valid.',
	'40025': 'A sub-button name is empty or over 60 bytes.',
	'40026': 'A sub-button key is empty or over 128 bytes.',
	'40027': 'A sub-button URL is empty or over 1024 bytes.',
	'40032': 'Too many OpenIDs in one call.',
	'40037': 'The template ID is wrong or the template was deleted.',
	'40052': 'The QR code action name is not valid.',
	'40053': 'The QR code scene is not valid: a number (temporary: 1 to 4294967295, permanent: 1 to 100000) or a text of 1 to 64 characters.',
	'40164': IP_WHITELIST,
	'61004': IP_WHITELIST,
	'41005': 'The file is missing from the upload.',
	'43004': 'The user does not follow the account (any more).',
	'43101': 'The user has not accepted this subscription notice, or has turned it off.',
	'44002': 'The request body is empty.',
	'44004': 'The text is empty.',
	'45002': 'The content is too long.',
	'45003': 'The remark is too long (under 30 bytes).',
	'45008': 'Too many articles: a customer service news message holds one.',
	'45009':
		'The daily quota of this API is used up (接口调用频次): it starts again at midnight Beijing time, or an administrator resets it (清零) in the console. Retrying today will not help.',
	'45011': 'Too many calls this minute: the node waited and retried for a minute. Slow the workflow down.',
	'45015':
		'The customer service window is closed: a user can be sent customer service messages for 48 hours after they wrote (for a minute after a menu click, subscribe or QR scan), and not after they unfollowed. Use a template message or a subscription notice instead.',
	'45047':
		'Too many customer service messages to this user: after they write, at most 5 in 48 hours (3 in a minute after a menu click, subscribe or QR scan). Wait for their next message.',
	'45056': 'The account has 100 tags already.',
	'45057': 'A tag with more than 100,000 followers cannot be deleted.',
	'45058': 'Tags 0, 1 and 2 are WeChat own and cannot be changed.',
	'45059': 'The user has 20 tags already.',
	'45072': 'The typing command is Typing or CancelTyping.',
	'45080': 'Typing can be shown only within 30 seconds after the user wrote.',
	'45081': 'Typing is already shown to this user.',
	'45157': 'A tag with this name exists already.',
	'45158': 'The tag name is empty or longer than 30 characters.',
	'45159': 'The tag ID is wrong.',
	'46003': 'The account has no menu.',
	'47001': 'The request is not valid JSON, or a required field is missing.',
	'47003': 'A field of the request is not valid (argument invalid): the message names it.',
	'48001':
		'This API is not authorised for this account (api unauthorized): check the account type (subscription or service account), its verification (微信认证) and Settings and Development → Interface Permissions (接口权限).',
	'49003': 'An OpenID does not belong to this account.',
	'53503': 'The draft did not pass the publishing checks.',
	'53600': 'The article ID is wrong.',
});

/** The token endpoints' own hints, with the IP whitelist codes in the account's words. */
const TOKEN_HINTS: Record<string, string> = { ...OFFICIAL_ACCOUNT_TOKEN_HINTS, '40164': IP_WHITELIST, '61004': IP_WHITELIST };

/**
 * Stable (default) or classic, as the credential says. The two endpoints hand out tokens of their
 * own (a classic fetch does not touch the stable token), so the scope names the endpoint: after a
 * switch the stored token is fetched anew instead of being read as the other endpoint's.
 */
function tokenSource(credentials: ICredentialDataDecryptedObject): WxTokenSource {
	const classic = credentials.endpoint === 'classic';
	return {
		platform: PLATFORM,
		endpoint: classic ? 'token' : 'stable_token',
		defaultBaseUrl: OFFICIAL_ACCOUNT_BASE_URL,
		scope: classic ? 'wechat-oa-token' : 'wechat-oa-stable',
		idField: 'appId',
		secretField: 'appSecret',
		hints: TOKEN_HINTS,
		store: WX_TOKEN_STORE,
	};
}

/** The credential's hidden token fields and whose token they hold (AppID, AppSecret, Base URL, endpoint). */
export const OFFICIAL_ACCOUNT_TOKEN: TokenSpec = {
	...WX_TOKEN_STORE,
	fingerprint: (credentials) => wxTokenFingerprint(tokenSource(credentials), credentials),
};

/**
 * 接口调用频次限制说明: the documented limits are daily quotas per API, which grow with the
 * account (a new account: 500,000 customer service messages, 100,000 QR codes, 1000 menu changes
 * a day) and are answered 45009, which fails at once: none is kept here, as a lower guess would
 * hold back a larger account. The minute limits behind 45011 are not documented: each API's lane
 * adapts to them, and a refused call is retried for a minute and a margin.
 */
const OFFICIAL_ACCOUNT_PACING: DialectPacing = {
	identity: (credentials) =>
		credentialKey(credentials, 'wechat-oa', baseUrlOf(credentials, OFFICIAL_ACCOUNT_BASE_URL), String(credentials.appId ?? '').trim()),
	perApi: [],
	rateLimitBudgetMs: 70000,
};

export const officialAccountDialect: Dialect = {
	platform: PLATFORM,
	credentialType: OFFICIAL_ACCOUNT_CREDENTIAL,
	defaultBaseUrl: OFFICIAL_ACCOUNT_BASE_URL,
	secretFields: ['appSecret', 'accessToken', 'token', 'encodingAesKey'],
	decodeError: wxErrcodeError,
	// 40001 is "invalid or not latest" here (WeCom: a wrong secret): refresh once, then fail.
	tokenInvalidCodes: ['40001', '40014', '42001'],
	rateLimitCodes: ['45011', '-1'],
	quotaCodes: ['45009'],
	hints: OFFICIAL_ACCOUNT_HINTS,
	token: OFFICIAL_ACCOUNT_TOKEN,
	pacing: OFFICIAL_ACCOUNT_PACING,
};

/** Every call of the Official Account actions. */
export async function officialAccountRequest(this: RequestContext, request: PlatformRequest): Promise<IDataObject> {
	return (await platformRequest.call(this, officialAccountDialect, request)) as IDataObject;
}

/** An access token for the credential's preAuthentication (shared/wechat/token.ts): stable_token unless set to classic. */
export async function fetchOfficialAccountToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; expiresAt: number; tokenFingerprint: string }> {
	return (await fetchWxToken.call(this, credentials, tokenSource(credentials))) as {
		accessToken: string;
		expiresAt: number;
		tokenFingerprint: string;
	};
}
