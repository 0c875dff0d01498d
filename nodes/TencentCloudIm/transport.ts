/**
 * Tencent Cloud IM (腾讯云即时通信 IM) on the shared request layer: its result envelope, its error
 * codes, its per-call signature (the admin UserSig) and its data centers.
 *
 * REST API overview: cloud.tencent.com/document/product/269/1519 (REST API 简介);
 * error codes: cloud.tencent.com/document/product/269/1671 (错误码).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { timUserSig } from '../shared/crypto';
import { clearPacers } from '../shared/pacer';
import { runMaxPerSecond } from '../shared/router';
import type { Dialect, PlatformError, PlatformRequest, RequestContext } from '../shared/request';
import { platformRequest } from '../shared/request';
import { credentialKey } from '../shared/token';

export const TIM_CREDENTIAL = 'tencentCloudImApi';
export const TIM_DEFAULT_HOST = 'console.tim.qq.com';

/** The data centers of REST API 简介 (269/1519): an SDKAppID answers only on its own host. */
export const TIM_DATA_CENTERS = [
	{ name: 'China (console.tim.qq.com)', value: 'console.tim.qq.com' },
	{ name: 'Frankfurt (adminapiger.im.qcloud.com)', value: 'adminapiger.im.qcloud.com' },
	{ name: 'Jakarta (adminapiidn.im.qcloud.com)', value: 'adminapiidn.im.qcloud.com' },
	{ name: 'Seoul (adminapikr.im.qcloud.com)', value: 'adminapikr.im.qcloud.com' },
	{ name: 'Silicon Valley (adminapiusa.im.qcloud.com)', value: 'adminapiusa.im.qcloud.com' },
	{ name: 'Singapore (adminapisgp.im.qcloud.com)', value: 'adminapisgp.im.qcloud.com' },
];

export function timBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const host = String(credentials.dataCenter ?? '').trim() || TIM_DEFAULT_HOST;
	return `https://${host}`;
}

/**
 * The envelope { ActionStatus, ErrorCode, ErrorInfo }. ErrorCode alone decides: ActionStatus is
 * "FAIL" on some partial results whose ErrorCode is 0 and whose per-item lists say what failed.
 */
export function timError(body: unknown): PlatformError | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { ErrorCode: code, ErrorInfo: info } = body as { ErrorCode?: unknown; ErrorInfo?: unknown };
	if (code === undefined || code === null || Number(code) === 0) return undefined;
	return { code: String(code), message: String(info ?? '') };
}

export const TIM_HINTS: Record<string, string> = {
	'60002': 'The request URL is malformed: check the Base URL.',
	'60003': 'The request body is not valid JSON.',
	'60006': 'The SDKAppID is no longer valid.',
	'60010': 'The call needs the app administrator: set Admin UserID to an administrator account (console → App Admin).',
	'60016': 'This SDKAppID is disabled.',
	'60020': 'The Pro package of this app has expired.',
	'60021': 'This server IP is not allowed to call the REST API (console → IP allowlist).',
	'70001': 'The UserSig has expired and could not be renewed: check the server clock.',
	'70003': 'The UserSig could not be parsed.',
	'70009':
		'The UserSig does not verify: the Secret Key does not belong to this SDKAppID (console → App Configuration → Basic Information).',
	'70013': 'The Admin UserID does not match the UserSig.',
	'70014': 'The SDKAppID does not match the UserSig.',
	'70016': 'No key exists for this SDKAppID here: check the Data Center of the credential.',
	'70020': 'The SDKAppID does not exist in this data center: check the Data Center of the credential.',
	'70050': 'Too many failed UserSig checks: fix the Secret Key, then wait a minute.',
	'70107': 'The user account has not been imported into IM: import it first (Account → Import).',
	'70402': 'A parameter is invalid: check required fields and list sizes.',
	'70403': 'The call needs the app administrator: set Admin UserID to an administrator account.',
	'10004': 'A parameter is invalid.',
	'10007': 'No permission for this operation on this group (or the group type does not support it).',
	'10010': 'The group does not exist or has been destroyed.',
	'10015': 'The group ID is invalid.',
	'10019': 'A user account in the request does not exist.',
	'10021': 'This group ID is already in use.',
	'20003': 'The sender or recipient UserID does not exist: import the account first.',
	'90001': 'The request body is not valid JSON.',
	'90009': 'The call needs the app administrator.',
	'90011': 'At most 500 recipients per batch call.',
	'90012': 'The sender or recipient account has not been imported into IM.',
	'90026': 'MsgLifeTime is out of range (0 to 604800 seconds).',
};

/** Frequency limits of 错误码 (269/1671): REST API 60007/60011/60018/60019, group 10006/10023. */
export const TIM_RATE_LIMIT_CODES = ['60007', '60011', '60018', '60019', '10006', '10023'];

/**
 * A new admin UserSig cures an expired (70001) or mangled (70003) one; a wrong key (70009) or a
 * mismatched account does not, and is reported at once (错误码, 269/1671).
 */
export const TIM_USERSIG_CODES = ['70001', '70003'];

/** Lifetime of the admin UserSig: Tencent recommends at least 24 h (错误码 70001, 269/1671). */
export const USERSIG_LIFETIME_SECONDS = 86400;
/** Signed anew this long before it would expire, so clock drift never makes Tencent see it expired. */
export const USERSIG_RENEW_MARGIN_SECONDS = 3600;

interface CachedSig {
	userSig: string;
	/** Epoch ms after which a new one is made. */
	renewAt: number;
}

const MAX_SIGS = 200;
const userSigs = new Map<string, CachedSig>();

function sigKey(credentials: ICredentialDataDecryptedObject): string {
	return credentialKey(credentials, ...[credentials.sdkAppId, credentials.identifier, credentials.secretKey].map((v) => String(v ?? '').trim()));
}

/**
 * The admin UserSig for these credentials: made once, kept in this process and reused by every
 * call until shortly before it expires. The cache key hashes the secret, so an edited key signs anew.
 */
export function adminUserSig(credentials: ICredentialDataDecryptedObject, now = Date.now()): string {
	const key = sigKey(credentials);
	const cached = userSigs.get(key);
	if (cached && now < cached.renewAt) return cached.userSig;
	const userSig = timUserSig(
		String(credentials.sdkAppId ?? '').trim(),
		String(credentials.secretKey ?? '').trim(),
		String(credentials.identifier ?? '').trim(),
		USERSIG_LIFETIME_SECONDS,
		Math.floor(now / 1000),
	);
	userSigs.delete(key);
	userSigs.set(key, { userSig, renewAt: now + (USERSIG_LIFETIME_SECONDS - USERSIG_RENEW_MARGIN_SECONDS) * 1000 });
	while (userSigs.size > MAX_SIGS) userSigs.delete(userSigs.keys().next().value as string);
	return userSig;
}

/** Tencent refused the cached UserSig: the next call signs a new one. */
export function forgetUserSig(credentials: ICredentialDataDecryptedObject): void {
	userSigs.delete(sigKey(credentials));
}

/** For tests. */
export function clearUserSigCache(): void {
	userSigs.clear();
}

/** A random unsigned 32-bit integer: the `random` query parameter, MsgRandom and Random. */
export function random32(): number {
	return Math.floor(Math.random() * 0x100000000);
}

// Starts at random in the lower half, so it counts up for as long as a process lives without wrapping.
let msgSeq = Math.floor(Math.random() * 0x80000000);

/**
 * The MsgSeq of a one-to-one message: Tencent sorts messages of the same second by it (269/2282),
 * so it rises with each message this process sends and a reply split in three stays in order.
 */
export function nextMsgSeq(): number {
	msgSeq = (msgSeq + 1) % 0x100000000;
	return msgSeq;
}

/**
 * 200 calls a second per API and SDKAppID: the 最高调用频率 of 单发单聊消息 (269/2282) and of most
 * REST API pages. Tencent counts it for every caller of the app; an API with a lower figure answers
 * a frequency-limit code, and the pacer slows down for it.
 */
export const TIM_CALLS_PER_SECOND = 200;

export const timDialect: Dialect = {
	platform: 'Tencent Cloud IM',
	credentialType: TIM_CREDENTIAL,
	defaultBaseUrl: `https://${TIM_DEFAULT_HOST}`,
	baseUrlFor: timBaseUrl,
	secretFields: ['secretKey', 'callbackToken'],
	decodeError: timError,
	tokenInvalidCodes: TIM_USERSIG_CODES,
	onTokenInvalid: forgetUserSig,
	rateLimitCodes: TIM_RATE_LIMIT_CODES,
	hints: TIM_HINTS,
	pacing: {
		identity: (credentials) => credentialKey(credentials, 'tim', timBaseUrl(credentials), String(credentials.sdkAppId ?? '').trim()),
		// The documented 200 a second comes in as each call's maxPerSecond (Max Calls per Second,
		// default 200): Tencent raises an app's limit on request, and the user then raises it here.
		perApi: [],
		// Limits count per second: ten seconds of retries outlast any window of them.
		rateLimitBudgetMs: 10000,
	},
};

/** For tests: forget the pacing of every call (the pacer is shared by every platform). */
export function clearThrottle(): void {
	clearPacers();
}

/**
 * Every call of the Tencent IM actions: POST /v4/{service}/{command} with the JSON body, paced per
 * SDKAppID and API under the node's Max Calls per Second; resolves with the answer envelope included.
 */
export async function timRequest(this: RequestContext, request: PlatformRequest): Promise<IDataObject> {
	const maxPerSecond = runMaxPerSecond.call(this, TIM_CALLS_PER_SECOND);
	return (await platformRequest.call(this, timDialect, { method: 'POST', maxPerSecond, ...request })) as IDataObject;
}

/** The answer without its envelope. */
export function withoutEnvelope(body: IDataObject): IDataObject {
	const { ActionStatus: _status, ErrorCode: _code, ErrorInfo: _info, ...rest } = body;
	return rest;
}
