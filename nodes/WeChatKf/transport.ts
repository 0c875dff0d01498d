/**
 * WeChat KF (微信客服) on the shared request layer: WeCom's host and envelope, its own token (the
 * KF Secret, or the Secret of the app allowed to call the KF API) and its own error codes.
 * API overview: developer.work.weixin.qq.com/document/path/94638 (微信客服概述); codes: path/90313.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import type { Dialect, DialectPacing, PlatformRequest, RequestContext } from '../shared/request';
import { platformRequest } from '../shared/request';
import { wxHints } from '../shared/wechat/envelope';
import { fetchWxToken, wxTokenFingerprint, wxTokenSpec } from '../shared/wechat/token';
import { WORK_BASE_URL, WORK_PER_API_LIMITS, WORK_RATE_LIMIT_BUDGET_MS, workDialect, workTokenSource } from '../shared/wechat/workHost';

export const KF_BASE_URL = WORK_BASE_URL;

/** Where the KF console keeps what the hints point to. */
const KF_API_PAGE = 'WeCom admin console → WeChat KF (微信客服) → API';

/**
 * The family's hints, in WeChat KF's words. The 95xxx codes are the KF part of WeCom's global code
 * table (path/90313); the send rules are those of send_msg (path/94677) and service_state (path/94669).
 */
export const KF_HINTS: Record<string, string> = wxHints({
	'40001': `The Secret is wrong: use the Secret under ${KF_API_PAGE}, or that of the self-built app listed there under 可调用接口的应用 (not the callback Token).`,
	'40013': 'The Corp ID (企业ID) is wrong.',
	'40007': 'The media_id is wrong or has expired (temporary media lasts 3 days).',
	'40096': 'The external_userid is wrong: use the externalUserId of a message this KF account received.',
	'45009': 'WeChat KF rate limit reached: slow the workflow down. sync_msg without the callback Token is limited strictly.',
	'48002': `This API is not allowed for this Secret: in ${KF_API_PAGE}, add the app to 可调用接口的应用 and let the API manage the KF account.`,
	'60020': 'This IP is not in the trusted IP list (企业可信IP). Add the n8n server IP in the admin console, or set the credential Base URL to a fixed-IP proxy.',
	'95000': 'The open_kfid is not valid: use the openKfId of a received message, or one from Account → List.',
	'95001':
		'WeChat KF allows at most 5 messages to a customer within 48 hours of the customer\'s last message: wait until the customer writes again.',
	'95004': 'This open_kfid does not exist (deleted, or of another corp).',
	'95007': 'WeChat KF does not take this message type here.',
	'95008': 'A menu message needs between 1 and 10 menu items.',
	'95013': 'The session has ended: the customer must write again before the account can send.',
	'95014': 'The servicer is not a servicer of this KF account, or has not activated WeCom (企业微信) yet.',
	'95016': 'The session cannot move from its current state to that one (an ended session cannot be changed; only the customer reopens it).',
	'95017': `The KF API is switched off: in ${KF_API_PAGE}, switch it on for this account (通过API管理微信客服账号).`,
	'95018':
		'send_msg works only while the session is new (0) or with the bot (1). A servicer (3), the queue (2) or an ended session (4) refuses it: check Session → Get State, or reply from the WeCom client.',
});

/** Whose token gettoken returns: the corp, the secret and the host asked (shared/wechat/token.ts). */
const KF_TOKEN_SOURCE = workTokenSource({ platform: 'WeChat KF', scope: 'wechat-kf', secretField: 'secret', hints: KF_HINTS });

/** The WeChat KF API credential's hidden token fields. */
export const KF_TOKEN = wxTokenSpec(KF_TOKEN_SOURCE);

/**
 * 频率限制 (path/90312): per corp and API at most 10,000 calls a minute and 150,000 an hour (45009
 * beyond). sync_msg without the callback Token has a stricter, undocumented limit; the trigger
 * always sends the Token. What a customer may receive (5 messages within 48 h of the customer's
 * last message, send_msg path/94677) depends on what the customer does, so it is no pacing rule:
 * WeChat refuses the sixth (95001) and the node reports it.
 */
const KF_PACING: DialectPacing = {
	identity: (credentials) => wxTokenFingerprint(KF_TOKEN_SOURCE, credentials),
	perApi: WORK_PER_API_LIMITS,
	rateLimitBudgetMs: WORK_RATE_LIMIT_BUDGET_MS,
};

export const weChatKfDialect: Dialect = workDialect({
	platform: 'WeChat KF',
	credentialType: 'weChatKfApi',
	secretFields: ['secret', 'accessToken', 'token', 'encodingAesKey'],
	hints: KF_HINTS,
	token: KF_TOKEN,
	pacing: KF_PACING,
});

/** Every call of the WeChat KF node and trigger. */
export async function kfRequest(this: RequestContext, request: PlatformRequest): Promise<IDataObject> {
	return (await platformRequest.call(this, weChatKfDialect, request)) as IDataObject;
}

/** A WeChat KF access token for the credential's preAuthentication. */
export async function fetchKfToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	return await fetchWxToken.call(this, credentials, KF_TOKEN_SOURCE);
}
