/**
 * The one request function every platform call goes through.
 *
 * It sends with the node's credential through `httpRequestWithAuthentication`, reads the
 * platform's result envelope, refreshes the credential's token once when the platform calls it
 * invalid, backs off on rate limits and server errors, and turns every failure into a
 * NodeApiError that names the platform code and a hint, with secrets redacted.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { credentialSecrets, redact } from './redact';
import type { TokenSpec } from './token';
import { rejectToken, storedTokenUsable } from './token';

export type RequestContext = IExecuteFunctions | IWebhookFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface PlatformError {
	code: string;
	message: string;
}

/** What differs between platforms: their envelope, their codes, their token. */
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
}

export interface PlatformRequest {
	method?: IHttpRequestMethods;
	/** Path below the base URL, e.g. "/cgi-bin/message/send". */
	path: string;
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
	timeoutMs?: number;
}

export interface BinaryResponse {
	body: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

/** Bounded retries with exponential backoff and jitter; tests shorten the base delay. */
export const retryPolicy = { maxRetries: 3, baseDelayMs: 400, maxDelayMs: 5000 };

export function backoffDelay(attempt: number): number {
	const exp = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** attempt);
	return Math.round(exp / 2 + Math.random() * (exp / 2));
}

// One credential read per node run (the context object lives for the whole run), so items share
// the token and a refresh made for one item is seen by the next.
const credentialCache = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

export async function credentialData(
	context: RequestContext,
	type: string,
): Promise<ICredentialDataDecryptedObject> {
	let perContext = credentialCache.get(context);
	if (!perContext) {
		perContext = new Map();
		credentialCache.set(context, perContext);
	}
	let data = perContext.get(type);
	if (!data) {
		data = context.getCredentials(type).then((d) => ({ ...d }));
		perContext.set(type, data);
		data.catch(() => perContext!.delete(type));
	}
	return await data;
}

export function baseUrlOf(credentials: ICredentialDataDecryptedObject, fallback: string): string {
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (configured || fallback).replace(/\/+$/, '');
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

export async function platformRequest(
	this: RequestContext,
	dialect: Dialect,
	request: PlatformRequest,
): Promise<any> {
	const type = request.credentialType ?? dialect.credentialType;
	const credentials = await credentialData(this, type);
	const node = this.getNode();
	const credentialRef = node.credentials?.[type];
	const url = baseUrlOf(credentials, dialect.baseUrlFor?.(credentials) ?? dialect.defaultBaseUrl) + request.path;
	const secrets = () => credentialSecrets(credentials, dialect.secretFields);
	const fail = (
		summary: string,
		detail: JsonObject,
		description: string | undefined,
		httpCode?: string,
	): NodeApiError =>
		new NodeApiError(node, redactObject(detail, secrets()), {
			message: redact(summary, secrets()),
			description: description === undefined ? undefined : redact(description, secrets()),
			httpCode,
			itemIndex: request.itemIndex,
		});

	let tokenRefreshed = false;
	let retries = 0;
	for (;;) {
		// A blank token makes n8n run the credential's preAuthentication, which fetches (once per
		// process and identity, see token.ts) and persists the new token for every worker. A token
		// fetched with values the credential no longer has (edited secret, other app) is blanked too.
		if (dialect.token && !storedTokenUsable(credentials, dialect.token)) credentials[dialect.token.field] = '';
		const isBuffer = Buffer.isBuffer(request.body);
		const options: IHttpRequestOptions = {
			method: request.method ?? 'GET',
			url,
			qs: request.qs,
			headers: request.headers,
			body: request.body as IHttpRequestOptions['body'],
			json: !request.binary && !request.rawText && !isBuffer,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs ?? 30000,
		};
		if (request.binary) options.encoding = 'arraybuffer';
		if (request.rawText) options.encoding = 'text';

		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, type, options, {
				credentialsDecrypted: {
					id: credentialRef?.id ?? '',
					name: credentialRef?.name ?? type,
					type,
					data: credentials,
				},
			})) as IN8nHttpFullResponse;
		} catch (error) {
			// n8n wraps network failures in a NodeApiError whose httpCode is the system code (ECONNRESET…).
			const inner = (error as { cause?: unknown }).cause ?? error;
			const code = String((inner as { code?: unknown }).code ?? (error as { httpCode?: unknown }).httpCode ?? '');
			// A POST cut off mid-way may already have been delivered (a message sent twice is worse than
			// an error); only a GET, or a name lookup that never reached the platform, is tried again.
			const idempotent = (request.method ?? 'GET') === 'GET';
			const transient = ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN'].includes(code);
			if (transient && (idempotent || code === 'EAI_AGAIN') && retries < retryPolicy.maxRetries) {
				await sleep(backoffDelay(retries++));
				continue;
			}
			const message = (error as Error).message ?? String(error);
			let hint: string | undefined;
			if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
				hint = `Could not reach ${dialect.platform}. Check the credential's Base URL and the network.`;
			} else if (transient && !idempotent) {
				hint = 'The connection broke after the request was sent; it was not sent again because it may have been delivered.';
			}
			// In words and under "systemCode": n8n swaps a message that names a system code, or an
			// error whose "code" is one, for its own generic text without the platform or the hint.
			throw fail(
				`${dialect.platform} request failed: ${NETWORK_FAILURES[code] ?? message}`,
				{ platform: dialect.platform, systemCode: code, message },
				hint,
			);
		}

		const status = Number(response.statusCode ?? 200);
		const contentType = headerValue(response.headers as IDataObject, 'content-type');
		const raw = response.body;
		// A download answers with the file, or with the JSON error envelope instead of it; a text or
		// JSON file looks like an envelope, so it is read as one and kept as bytes unless it is an error.
		const envelope = contentType.includes('json') || contentType.startsWith('text/');
		if (request.binary && !envelope && status >= 200 && status < 300) {
			return { body: Buffer.from(raw as Buffer), headers: response.headers } as BinaryResponse;
		}
		const body = parseMaybeJson(raw);

		if (status === 429 || status >= 500) {
			if (retries < retryPolicy.maxRetries) {
				await sleep(backoffDelay(retries++));
				continue;
			}
			throw fail(
				`${dialect.platform} answered HTTP ${status} after ${retries + 1} attempts`,
				{ platform: dialect.platform, httpStatus: status },
				status === 429
					? `${dialect.platform} is rate-limiting these calls. Slow the workflow down or spread it over time.`
					: `${dialect.platform} is having trouble. Try again later.`,
				String(status),
			);
		}

		const error = dialect.decodeError(body);
		if (!error) {
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

		if (dialect.tokenInvalidCodes?.includes(error.code) && !tokenRefreshed) {
			tokenRefreshed = true;
			if (dialect.token) {
				rejectToken(credentials[dialect.token.field]);
				credentials[dialect.token.field] = '';
			}
			dialect.onTokenInvalid?.(credentials);
			continue;
		}
		if (dialect.quotaCodes?.includes(error.code)) {
			throw fail(
				`${dialect.platform} error ${error.code}: ${error.message}`,
				{ platform: dialect.platform, code: error.code, message: error.message },
				dialect.hints?.[error.code] ??
					'The daily quota for this API is used up: retrying today will not help.',
				error.code,
			);
		}
		if (dialect.rateLimitCodes?.includes(error.code) && retries < retryPolicy.maxRetries) {
			await sleep(backoffDelay(retries++));
			continue;
		}
		const retriedNote = dialect.rateLimitCodes?.includes(error.code)
			? ` (still rate-limited after ${retries + 1} attempts)`
			: '';
		throw fail(
			`${dialect.platform} error ${error.code}: ${error.message}${retriedNote}`,
			{ platform: dialect.platform, code: error.code, message: error.message },
			dialect.hints?.[error.code],
			error.code,
		);
	}
}

function redactObject(value: JsonObject, secrets: string[]): JsonObject {
	return JSON.parse(redact(JSON.stringify(value), secrets)) as JsonObject;
}
