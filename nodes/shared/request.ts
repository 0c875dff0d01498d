/**
 * The one request function every platform call goes through.
 *
 * It sends with the node's credential through `httpRequestWithAuthentication`, each attempt in a
 * slot of the pacer (pacer.ts), reads the platform's result envelope, refreshes the credential's
 * token once when the platform calls it invalid, keeps retrying rate-limit answers for the
 * platform's window, resends after a server error or a broken connection only where that cannot
 * deliver twice, and turns every failure into a NodeApiError that names the platform code and a
 * hint, with secrets redacted.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import type { RequestContext } from './credential';
import { adoptStoredToken, baseUrlOf, credentialData, tokenGate } from './credential';
import type { DialectPacing, PacedCall } from './pacer';
import { backoffDelay, laneSpecs, PaceWaitTooLong, pacer, rateLimitBudget, retryPolicy, takeSlot } from './pacer';
import { credentialSecrets, redact } from './redact';
import type { TokenSpec } from './token';
import { rejectToken } from './token';

export { backoffDelay, retryPolicy } from './pacer';
export type { DialectPacing, RateLimit } from './pacer';

export type { RequestContext } from './credential';
export { baseUrlOf, credentialData } from './credential';

export interface PlatformError {
	code: string;
	message: string;
}

/** What differs between platforms: their envelope, their codes, their token, their limits. */
export interface Dialect {
	/** Name used in error messages, e.g. "WeCom". */
	platform: string;
	credentialType: string;
	defaultBaseUrl: string;
	/** Credential fields whose values must never appear in error text. */
	secretFields: string[];
	/** Reads the platform's result envelope: undefined when the call succeeded. */
	decodeError(body: unknown): PlatformError | undefined;
	tokenInvalidCodes?: string[];
	rateLimitCodes?: string[];
	/** Daily quota exhausted: retrying today is pointless, fail at once. */
	quotaCodes?: string[];
	hints?: Record<string, string>;
	/** Platforms with a fetched token: the credential's hidden token fields and whose token it is. */
	token?: TokenSpec;
	/** Platforms that sign every call (Tencent IM): drop the cached signature so the next call makes a new one. */
	onTokenInvalid?: (credentials: ICredentialDataDecryptedObject) => void;
	/** Platforms whose host depends on the credential (Tencent IM data centers); defaultBaseUrl otherwise. */
	baseUrlFor?: (credentials: ICredentialDataDecryptedObject) => string;
	pacing?: DialectPacing;
}

/** A call: its path below the base URL ("/cgi-bin/message/send"), recipients and ceiling (PacedCall), and the rest. */
export interface PlatformRequest extends PacedCall {
	method?: IHttpRequestMethods;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | Buffer | string;
	headers?: IDataObject;
	/** Download: resolve with { body: Buffer, headers } unless the platform answered with an error envelope. */
	binary?: boolean;
	itemIndex?: number;
	/** Another credential type of the same platform (e.g. the WeCom group robot). */
	credentialType?: string;
	/** Answers that are not JSON at all (Meituan returns form text on some calls). */
	rawText?: boolean;
	/** Per attempt; retryPolicy.timeoutMs unless an upload needs longer. */
	timeoutMs?: number;
	/**
	 * Whether the call may be sent again after an unclear outcome (a 5xx answer, a timeout, a cut
	 * connection), when the platform may have acted on it: reads, and sends the platform drops a
	 * repeat of by an id we send. Default: GET only.
	 */
	safeToResend?: boolean;
	/** Said with a "may have been delivered" failure: how to make resending safe (e.g. Duplicate Check). */
	resendHint?: string;
	/** An absolute URL instead of the base URL and `path` (another host of the platform); `path` still names the API for pacing. */
	url?: string;
	/** Sent without the credential (no token, no signature): platform URLs that take none, such as a download link. */
	anonymous?: boolean;
}

export interface BinaryResponse {
	body: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

function headerValue(headers: IDataObject | undefined, name: string): string {
	if (!headers) return '';
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return String(Array.isArray(value) ? value[0] : value ?? '');
	}
	return '';
}

function parseMaybeJson(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return body;
	try {
		return JSON.parse(trimmed);
	} catch {
		return body;
	}
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	ECONNABORTED: 'the request was aborted',
	ETIMEDOUT: 'the request timed out',
	EPIPE: 'the connection broke',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
};
const TRANSIENT = ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN'];

/**
 * n8n wraps network failures in a NodeApiError whose httpCode is the system code (ECONNRESET…) and
 * whose `messages` keep the original text ("timeout of 10000ms exceeded" for an ECONNABORTED).
 */
function systemFailure(error: unknown): { code: string; message: string; timedOut: boolean; transient: boolean } {
	const inner = (error as { cause?: unknown }).cause ?? error;
	const code = String((inner as { code?: unknown }).code ?? (error as { httpCode?: unknown }).httpCode ?? '');
	const message = String((inner as Error).message ?? (error as Error).message ?? error);
	const original = [message, ...((error as { messages?: unknown[] }).messages ?? [])].join(' ');
	const timedOut = code === 'ETIMEDOUT' || /timeout/i.test(original);
	return { code, message, timedOut, transient: TRANSIENT.includes(code) || timedOut };
}

export async function platformRequest(
	this: RequestContext,
	dialect: Dialect,
	request: PlatformRequest,
): Promise<any> {
	const type = request.credentialType ?? dialect.credentialType;
	const credentials = await credentialData(this, type);
	const node = this.getNode();
	const credentialRef = node.credentials?.[type];
	const url = request.url ?? baseUrlOf(credentials, dialect.baseUrlFor?.(credentials) ?? dialect.defaultBaseUrl) + request.path;
	const secrets = () => credentialSecrets(credentials, dialect.secretFields);
	const fail = (
		summary: string,
		detail: JsonObject,
		description: string | undefined,
		httpCode?: string,
	): NodeApiError => {
		const error = new NodeApiError(node, redactObject(detail, secrets()), {
			message: redact(summary, secrets()),
			description: description === undefined ? undefined : redact(description, secrets()),
			httpCode,
			itemIndex: request.itemIndex,
		});
		if (detail.mayHaveBeenDelivered) error.context.mayHaveBeenDelivered = true;
		return error;
	};
	const method = request.method ?? 'GET';
	const resendable = request.safeToResend ?? method === 'GET';
	const timeoutMs = request.timeoutMs ?? retryPolicy.timeoutMs;
	const lanes = laneSpecs(dialect.platform, dialect.pacing, credentials, request);
	const budgetMs = rateLimitBudget(dialect.pacing);
	// Said when the outcome is unclear and the call is not resent: the platform may have acted on it.
	const notResent = [
		'It was not sent again because it may have been delivered: check whether it took effect',
		'(for a message, whether it arrived) before running this item again.',
		...(request.resendHint ? [request.resendHint] : []),
	].join(' ');

	let tokenRefreshed = false;
	let storedTokenReread = false;
	let retries = 0;
	let attempts = 0;
	let limitedSince: number | undefined;
	let limitedRetries = 0;
	for (;;) {
		const fetched = dialect.token && !request.anonymous ? await tokenGate(credentials, dialect.token) : undefined;
		const sentToken = dialect.token ? credentials[dialect.token.field] : undefined;
		const slot = await takeSlot(lanes);
		if (slot instanceof PaceWaitTooLong) {
			fetched?.();
			throw fail(
				`${dialect.platform} allows ${slot.rule}: this call would wait ${Math.ceil(slot.waitMs / 60000)} min for its turn, so it was not sent`,
				{ platform: dialect.platform, waitMs: slot.waitMs },
				'Spread these items over a longer time, or send fewer messages to the same recipient.',
			);
		}
		attempts++;
		const isBuffer = Buffer.isBuffer(request.body);
		const options: IHttpRequestOptions = {
			method,
			url,
			qs: request.qs,
			headers: request.headers,
			body: request.body as IHttpRequestOptions['body'],
			json: !request.binary && !request.rawText && !isBuffer,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		};
		if (request.binary) options.encoding = 'arraybuffer';
		if (request.rawText) options.encoding = 'text';

		let response: IN8nHttpFullResponse;
		try {
			response = (
				request.anonymous
					? await this.helpers.httpRequest(options)
					: await this.helpers.httpRequestWithAuthentication.call(this, type, options, {
							credentialsDecrypted: { id: credentialRef?.id ?? '', name: credentialRef?.name ?? type, type, data: credentials },
						})
			) as IN8nHttpFullResponse;
		} catch (error) {
			fetched?.();
			const { code, message, timedOut, transient } = systemFailure(error);
			// A name lookup that failed never reached the platform; anything else may have.
			if (transient && (resendable || code === 'EAI_AGAIN') && retries < retryPolicy.maxRetries) {
				await sleep(backoffDelay(retries++));
				continue;
			}
			const unclear = transient && !resendable;
			let hint: string | undefined;
			if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
				hint = `Could not reach ${dialect.platform}. Check the credential's Base URL and the network.`;
			} else if (unclear) {
				hint = `${timedOut ? `No answer came within ${timeoutMs / 1000} s` : 'The connection broke after the request was sent'}. ${notResent}`;
			}
			const what = timedOut ? `no answer within ${timeoutMs / 1000} s` : NETWORK_FAILURES[code] ?? message;
			// In words and under "systemCode": n8n swaps a message that names a system code, or an
			// error whose "code" is one, for its own generic text without the platform or the hint.
			throw fail(
				`${dialect.platform} request failed: ${what}`,
				{ platform: dialect.platform, systemCode: code, message, ...(unclear ? { mayHaveBeenDelivered: true } : {}) },
				hint,
			);
		}

		fetched?.();
		const now = Date.now();
		const status = Number(response.statusCode ?? 200);
		const contentType = headerValue(response.headers as IDataObject, 'content-type');
		const raw = response.body;
		const rateLimited = async (retryAfterMs = 0): Promise<boolean> => {
			pacer.rateLimited(slot, now);
			limitedSince ??= now;
			const delay = Math.max(retryAfterMs, backoffDelay(limitedRetries++));
			if (now + delay - limitedSince > budgetMs) return false;
			await sleep(delay);
			return true;
		};
		const stillLimited = () => ` (still rate-limited after ${attempts} attempts in ${Math.round((now - (limitedSince ?? now)) / 1000)} s)`;
		// A download answers with the file, or with the JSON error envelope instead of it; a text or
		// JSON file looks like an envelope, so it is read as one and kept as bytes unless it is an error.
		const envelope = contentType.includes('json') || contentType.startsWith('text/');
		if (request.binary && !envelope && status >= 200 && status < 300) {
			pacer.answered(slot, now);
			return { body: Buffer.from(raw as Buffer), headers: response.headers } as BinaryResponse;
		}
		const body = parseMaybeJson(raw);

		// 429 is a refusal: nothing was done, so it is retried like the platform's own rate-limit code.
		if (status === 429) {
			const retryAfter = Number(headerValue(response.headers as IDataObject, 'retry-after'));
			if (await rateLimited(Number.isFinite(retryAfter) ? retryAfter * 1000 : 0)) continue;
			throw fail(
				`${dialect.platform} answered HTTP 429${stillLimited()}`,
				{ platform: dialect.platform, httpStatus: status },
				`${dialect.platform} is rate-limiting these calls. Slow the workflow down or spread it over time.`,
				'429',
			);
		}
		if (status >= 500) {
			pacer.answered(slot, now);
			if (resendable && retries < retryPolicy.maxRetries) {
				await sleep(backoffDelay(retries++));
				continue;
			}
			// A gateway can answer 5xx after the platform accepted the call (a message sent twice is
			// worse than an error): only a call that is safe to resend is sent again.
			throw resendable
				? fail(
						`${dialect.platform} answered HTTP ${status} after ${retries + 1} attempts`,
						{ platform: dialect.platform, httpStatus: status },
						`${dialect.platform} is having trouble. Try again later.`,
						String(status),
					)
				: fail(
						`${dialect.platform} answered HTTP ${status}: the request may have been delivered, so it was not sent again`,
						{ platform: dialect.platform, httpStatus: status, mayHaveBeenDelivered: true },
						`${dialect.platform}, or a gateway in front of it, failed after the request was sent, maybe after accepting it. ${notResent}`,
						String(status),
					);
		}

		const error = dialect.decodeError(body);
		if (!error) {
			pacer.answered(slot, now);
			if (status >= 400) {
				throw fail(
					`${dialect.platform} answered HTTP ${status}`,
					{ platform: dialect.platform, httpStatus: status, body: redact(body, secrets()).slice(0, 500) },
					status === 401 || status === 403 ? 'Check the credential.' : undefined,
					String(status),
				);
			}
			if (request.binary) return { body: Buffer.from(raw as Buffer), headers: response.headers } as BinaryResponse;
			return body;
		}

		const quota = dialect.quotaCodes?.includes(error.code);
		const limited = !quota && dialect.rateLimitCodes?.includes(error.code);
		if (limited) {
			if (await rateLimited()) continue;
		} else {
			pacer.answered(slot, now);
		}
		if (dialect.tokenInvalidCodes?.includes(error.code) && !tokenRefreshed) {
			pacer.unused(slot);
			const spec = dialect.token;
			// Another item may have refreshed it meanwhile: only the token this call sent is refused.
			const refused = sentToken || (spec ? credentials[spec.field] : '');
			if (spec && (credentials[spec.field] === refused || credentials[spec.field] === '')) {
				rejectToken(refused);
				credentials[spec.field] = '';
				// Another process (a queue-mode worker) may have refreshed it already and stored the new
				// token: send that (once) before fetching one more, which would replace it again.
				if (!storedTokenReread) {
					storedTokenReread = true;
					if (await adoptStoredToken(this, type, credentials, spec)) continue;
				}
			}
			tokenRefreshed = true;
			dialect.onTokenInvalid?.(credentials);
			continue;
		}
		throw fail(
			`${dialect.platform} error ${error.code}: ${error.message}${limited ? stillLimited() : ''}`,
			{ platform: dialect.platform, code: error.code, message: error.message },
			dialect.hints?.[error.code] ?? (quota ? 'The daily quota for this API is used up: retrying today will not help.' : undefined),
			error.code,
		);
	}
}

function redactObject(value: JsonObject, secrets: string[]): JsonObject {
	return JSON.parse(redact(JSON.stringify(value), secrets)) as JsonObject;
}
