/**
 * WeCom (企业微信) on the shared request layer: its result envelope, its error codes, its token.
 * Error codes: developer.work.weixin.qq.com/document/path/90313 (全局错误码).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import type { Dialect, DialectPacing, PlatformRequest, RequestContext } from '../shared/request';
import { baseUrlOf, platformRequest } from '../shared/request';
import { credentialKey } from '../shared/token';
import { wxErrcodeError, wxHints } from '../shared/wechat/envelope';
import { fetchWxToken, wxTokenFingerprint, wxTokenSpec } from '../shared/wechat/token';
import { WORK_BASE_URL, WORK_PER_API_LIMITS, WORK_RATE_LIMIT_BUDGET_MS, workDialect, workTokenSource } from '../shared/wechat/workHost';

export const WECOM_BASE_URL = WORK_BASE_URL;

/** The family's hints, in WeCom's own words where they differ. */
export const WECOM_HINTS: Record<string, string> = wxHints({
	'40001': 'The Secret is wrong: use the Secret of this app (应用), not the callback Token.',
	'40003': 'A user ID is wrong or not visible to this app.',
	'40013': 'The Corp ID (企业ID) is wrong.',
	'40056': 'The Agent ID is wrong.',
	'40007': 'The media_id is wrong or has expired (temporary media lasts 3 days).',
	'40008': 'The message type is not valid for this call.',
	'41001': 'The access token is missing.',
	'44004': 'The text content is empty.',
	'45009': 'WeCom rate limit reached: slow the workflow down.',
	'48002': 'This API is not allowed for this app: check the app permissions in the WeCom admin console.',
	'60011': 'The app has no permission for this user, department or tag: check the app visibility (可见范围).',
	'60020':
		'This IP is not in the app trusted IP list (企业可信IP). Add the n8n server IP in the admin console, or set the credential Base URL to a fixed-IP proxy.',
	'81013': 'No recipient is valid: check user IDs, department IDs and tag IDs.',
	'86003': 'The app chat does not exist (or was not created by this app).',
	'93000': 'The group robot webhook key is wrong or the robot was removed from the group.',
	'301002': 'The app has no permission for this data.',
});

/**
 * Whose token gettoken returns: the corp, the secret (each app has its own) and the host asked.
 * The Agent ID is not part of it: the secret alone decides the app.
 */
const WECOM_TOKEN_SOURCE = workTokenSource({ platform: 'WeCom', scope: 'wecom', secretField: 'corpSecret', hints: WECOM_HINTS });

export function weComTokenFingerprint(credentials: ICredentialDataDecryptedObject, secretField = 'corpSecret'): string {
	return wxTokenFingerprint({ ...WECOM_TOKEN_SOURCE, secretField }, credentials);
}

/** The WeCom API credential's hidden token fields. */
export const WECOM_TOKEN = wxTokenSpec(WECOM_TOKEN_SOURCE);

/**
 * 频率限制 (developer.work.weixin.qq.com/document/path/90312): per corp and API at most 10,000 calls
 * a minute and 150,000 an hour (45009 beyond). App messages (message/send, path/90236) are not
 * counted there (发消息频率不计入基础频率) but per member: at most 30 a minute and 1000 an hour from
 * one app to one member, and WeCom drops the rest without an error, so they are paced per recipient.
 * Counted per app here; the corp's other apps spend the same per-API limit, and their 45009s slow
 * the pacer down like any other.
 */
const WECOM_PACING: DialectPacing = {
	identity: (credentials) => weComTokenFingerprint(credentials),
	perApi: WORK_PER_API_LIMITS,
	paths: {
		'/cgi-bin/message/send': {
			perApi: [],
			perRecipient: [
				{ calls: 30, perMs: 60000, what: 'messages a minute from one app to one member' },
				{ calls: 1000, perMs: 3600000, what: 'messages an hour from one app to one member' },
			],
		},
	},
	rateLimitBudgetMs: WORK_RATE_LIMIT_BUDGET_MS,
};

export const weComDialect: Dialect = workDialect({
	platform: 'WeCom',
	credentialType: 'weComApi',
	secretFields: ['corpSecret', 'accessToken', 'token', 'encodingAesKey'],
	hints: WECOM_HINTS,
	token: WECOM_TOKEN,
	pacing: WECOM_PACING,
});

export const weComRobotDialect: Dialect = {
	platform: 'WeCom group robot',
	credentialType: 'weComRobotApi',
	defaultBaseUrl: WECOM_BASE_URL,
	secretFields: ['webhookKey'],
	decodeError: wxErrcodeError,
	rateLimitCodes: ['45009', '-1'],
	hints: WECOM_HINTS,
	// 每个机器人发送的消息不能超过20条/分钟 (path/91770); the robot's identity is its webhook key.
	pacing: {
		identity: (credentials) => credentialKey(credentials, 'wecom-robot', baseUrlOf(credentials, WECOM_BASE_URL), String(credentials.webhookKey ?? '').trim()),
		perApi: [{ calls: 20, perMs: 60000, what: 'messages a minute from one group robot' }],
		rateLimitBudgetMs: WORK_RATE_LIMIT_BUDGET_MS,
	},
};

/** Every call of the WeCom actions; `credentialType: 'weComRobotApi'` makes it a group robot call. */
export async function weComRequest(this: RequestContext, request: PlatformRequest): Promise<IDataObject> {
	const dialect = request.credentialType === weComRobotDialect.credentialType ? weComRobotDialect : weComDialect;
	return (await platformRequest.call(this, dialect, request)) as IDataObject;
}

/** A WeCom access token for the credentials' preAuthentication (shared/wechat/token.ts). */
export async function fetchWeComToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	secretField = 'corpSecret',
): Promise<{ accessToken: string; expiresAt: number; tokenFingerprint: string }> {
	return (await fetchWxToken.call(this, credentials, { ...WECOM_TOKEN_SOURCE, secretField })) as {
		accessToken: string;
		expiresAt: number;
		tokenFingerprint: string;
	};
}
