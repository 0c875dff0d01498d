/**
 * Plumbing every trigger shares: the raw body, answering the HTTP call ourselves, timestamp
 * windows, a bounded duplicate filter for platform retries, and a short-lived credential cache
 * (reading a credential inside webhook() costs tens of milliseconds a request, measured in
 * n8n 2.41: the platforms give us 2 to 5 seconds to answer).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

export const MAX_CALLBACK_BYTES = 1024 * 1024;

/**
 * Where n8n 2.41's n8n-workflow looks for the native resolvers of webhook-description fields
 * (webhook-description-fields.js: WEBHOOK_RESOLVERS, read by resolveWebhookDescriptionField).
 * n8n-workflow 2.8 has no such key and never looks at it.
 */
export const WEBHOOK_RESOLVERS: unique symbol = Symbol.for('n8n.webhookDescriptionResolvers') as never;

export interface WebhookFieldResolver {
	/** The field's expression, exactly: n8n uses `resolve` only while the field still equals it. */
	template: string;
	resolve(parameters: IDataObject): string;
}

/**
 * The responseMode of a trigger whose reply mode decides who answers: "responseNode" when
 * `parameter` is `value`, "onReceived" otherwise. The editor and n8n 2.8 read the expression;
 * n8n 2.41 runs `resolve` on the node's parameters instead, for a node whose parameters hold no
 * expression, and so evaluates nothing in its expression isolate per callback. Both come from the
 * same three values, so they cannot disagree.
 */
export function responseModeWhen(
	parameter: string,
	value: string,
): { responseMode: string; [WEBHOOK_RESOLVERS]: Record<string, WebhookFieldResolver> } {
	const template = `={{$parameter["${parameter}"] === "${value}" ? "responseNode" : "onReceived"}}`;
	const resolve = (parameters: IDataObject) => (parameters[parameter] === value ? 'responseNode' : 'onReceived');
	return { responseMode: template, [WEBHOOK_RESOLVERS]: { responseMode: { template, resolve } } };
}

/**
 * The trigger-side webhook lifecycle of platforms where the callback URL is pasted by hand into
 * the platform's console: there is nothing to register or remove.
 */
export const manualWebhookMethods = {
	default: {
		async checkExists(): Promise<boolean> {
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};

/**
 * The triggers' versions. 1.1 works exactly as 1 does; it only spares n8n an expression. For every
 * request to a webhook node of version 1, n8n reads `options.binaryData` with an expression
 * (parseRequestBody in n8n's webhook-helpers, 2.8 and 2.41 alike), and on n8n 2.41 with
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true that one expression builds an isolate (about 75 ms of CPU) for
 * each callback. From 1.1 on n8n skips it, and it no longer reads a body whose content type it does
 * not parse: `loadBody` reads that one.
 */
export const TRIGGER_VERSIONS: { version: number[]; defaultVersion: number } = { version: [1, 1.1], defaultVersion: 1.1 };

/**
 * Makes sure n8n has read the request body into req.rawBody. n8n reads it before webhook() runs for
 * version 1 and for the content types it parses (JSON, XML, text, forms); for any other type a node of
 * version 1.1 gets the stream unread. A body that cannot be read (the client went away, above n8n's
 * size limit) stays empty, which every trigger refuses as it refuses an empty body.
 */
export async function loadBody(context: IWebhookFunctions): Promise<void> {
	const req = context.getRequestObject() as unknown as {
		rawBody?: unknown;
		readRawBody?: () => Promise<void>;
		readableEnded?: boolean;
	};
	if (req.rawBody !== undefined || typeof req.readRawBody !== 'function' || req.readableEnded) return;
	try {
		await req.readRawBody();
	} catch {
		// Left empty: refused as an empty body.
	}
}

/** The request body exactly as sent (n8n keeps it in req.rawBody; its parsed body lower-cases XML tags). */
export function rawBody(context: IWebhookFunctions): Buffer {
	const req = context.getRequestObject() as unknown as { rawBody?: Buffer | string; body?: unknown };
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (typeof req.rawBody === 'string') return Buffer.from(req.rawBody, 'utf8');
	if (Buffer.isBuffer(req.body)) return req.body;
	if (typeof req.body === 'string') return Buffer.from(req.body, 'utf8');
	if (req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0) {
		return Buffer.from(JSON.stringify(req.body), 'utf8');
	}
	return Buffer.alloc(0);
}

/** One query parameter as a string ('' when absent or repeated oddly). */
export function queryParam(context: IWebhookFunctions, name: string): string {
	const value = (context.getQueryData() as IDataObject)[name];
	if (Array.isArray(value)) return String(value[0] ?? '');
	return value === undefined || value === null ? '' : String(value);
}

/**
 * A base64 query value: a platform that does not URL-encode "+" makes it arrive as a space,
 * and base64 never contains spaces, so putting them back is lossless.
 */
export function base64QueryParam(context: IWebhookFunctions, name: string): string {
	return queryParam(context, name).replace(/ /g, '+');
}

/** Answers the HTTP call ourselves (n8n ignores a string webhookResponse in triggers). */
export function respond(
	context: IWebhookFunctions,
	status: number,
	body: string,
	contentType = 'text/plain; charset=utf-8',
	workflowData?: IWebhookResponseData['workflowData'],
): IWebhookResponseData {
	const res = context.getResponseObject();
	if (!res.headersSent) {
		res.status(status);
		res.setHeader('Content-Type', contentType);
		res.end(body);
	}
	return workflowData ? { noWebhookResponse: true, workflowData } : { noWebhookResponse: true };
}

/**
 * The webhook-description field that makes n8n's "onReceived" answer the trigger's own
 * webhookResponse: without it n8n 2.8 and 2.41 fall back to their default, the text
 * "firstEntryJson" (webhook-on-received-response-extractor). A plain value: nothing to evaluate.
 */
export const ANSWER_WITH_WEBHOOK_RESPONSE = { responseData: '' } as const;

/**
 * Starts the workflow with `workflowData` and leaves the answer to n8n, which sends `body` only
 * once it has stored the execution (and in queue mode handed it to Redis): n8n 2.8 and 2.41 defer
 * an "onReceived" answer until WorkflowRunner.run has returned (webhook-helpers,
 * shouldDeferOnReceivedResponse). A callback the platform saw acknowledged is then one n8n
 * keeps, even when this process dies a moment later; a callback n8n could not start gets n8n's
 * 500 instead, and the platform resends it.
 *
 * `forget` runs when the answer that went out was a 5xx (the execution did not start), so the
 * duplicate filter lets the platform's resend through.
 */
export function acknowledgeOnceStarted(
	context: IWebhookFunctions,
	body: string,
	contentType: string,
	workflowData: NonNullable<IWebhookResponseData['workflowData']>,
	forget?: () => void,
): IWebhookResponseData {
	const res = context.getResponseObject();
	if (!res.headersSent) res.setHeader('Content-Type', contentType);
	if (forget && typeof res.once === 'function') {
		res.once('finish', () => {
			if (res.statusCode >= 500) forget();
		});
	}
	return { workflowData, webhookResponse: body };
}

export interface FallbackAnswer {
	status: number;
	body: string;
	contentType: string;
	/** How the warning ends, e.g. "so the message was allowed". */
	outcome: string;
}

/**
 * Answers `answer` after `ms` unless the workflow answered first. A trigger whose response mode is
 * "responseNode" leaves the HTTP response open for a node later in the workflow; a platform that
 * gets no answer in time retries or gives up with an error, so a late workflow gets the answer the
 * platform would settle for, and in time.
 *
 * The workflow's own late answer then finds the response sent: n8n's write throws "headers already
 * sent" inside its webhook request handler, which catches and logs it (n8n 2.8 and 2.41,
 * webhooks/webhook-request-handler); the execution itself finishes normally.
 *
 * Resolves to whether this fallback answered (triggers do not wait for it; tests do).
 */
export async function answerUnlessAnswered(
	context: IWebhookFunctions,
	ms: number,
	answer: FallbackAnswer,
): Promise<boolean> {
	const res = context.getResponseObject();
	const started = Date.now();
	await sleep(ms);
	if (res.headersSent || res.writableEnded || res.destroyed) return false;
	try {
		res.status(answer.status);
		res.setHeader('Content-Type', answer.contentType);
		res.end(answer.body);
	} catch {
		// The workflow's answer won the race between the check and the write.
		return false;
	}
	context.logger?.warn(
		`${context.getNode().name}: the workflow did not answer within ${Date.now() - started} ms, ${answer.outcome}`,
	);
	return true;
}

/** A deadline option as a whole number of ms within [min, max]; anything unusable is the fallback. */
export function deadlineMs(value: unknown, fallback: number, min: number, max: number): number {
	const n = Math.round(Number(value));
	if (!Number.isFinite(n) || n <= 0) return fallback;
	return Math.min(max, Math.max(min, n));
}

/** The shortest Answer Deadline a trigger offers. */
export const MIN_DEADLINE_MS = 100;

/** A trigger's Answer Deadline option (options.deadlineMs) in ms, within [MIN_DEADLINE_MS, max]. */
export function deadlineOption(context: IWebhookFunctions, fallback: number, max: number): number {
	return deadlineMs(context.getNodeParameter('options.deadlineMs', fallback), fallback, MIN_DEADLINE_MS, max);
}

/** The trigger whose open callback an action node answers. */
export interface WaitingTrigger {
	/** The node type's name without the package prefix, e.g. "weComTrigger". */
	type: string;
	/** Its display name, for errors. */
	label: string;
	/** The Reply Mode value that leaves the callback open for the workflow, and that option's name. */
	mode: string;
	modeName: string;
	/** What to use instead when the trigger answers at once. */
	otherwise: string;
}

/**
 * Hands the answer to the callback that started this execution to n8n, as Respond to Webhook
 * does (this.sendResponse). n8n delivers only the first answer of an execution, and only while
 * the caller waits: in any other execution the hook resolves nothing and the answer is silently
 * dropped (n8n 2.8 and 2.41: ActiveExecutions.resolveResponsePromise). So a workflow that cannot
 * be waited on is refused here with a reason, and a run that no caller waits for says so.
 *
 * Resolves to whether the answer was handed on.
 */
export async function answerWaitingCallback(
	context: IExecuteFunctions,
	itemIndex: number,
	trigger: WaitingTrigger,
	answer: { body: string | IDataObject; contentType: string },
): Promise<boolean> {
	const fail = (message: string) => new NodeOperationError(context.getNode(), message, { itemIndex });
	const count = context.getInputData().length;
	if (count > 1) {
		throw fail(
			`A callback takes one answer, but ${count} items arrived; pass on only the item to answer with, or choose Build Only`,
		);
	}
	const triggers = context
		.getParentNodes(context.getNode().name, { includeNodeParameters: true })
		.filter((node) => !node.disabled && node.type.endsWith(`.${trigger.type}`));
	if (triggers.length === 0) {
		throw fail(
			`No ${trigger.label} comes before this node, so no callback waits for its answer. Start the workflow with a ${trigger.label} in Reply Mode "${trigger.modeName}", or choose Build Only.`,
		);
	}
	const waiting = triggers.some((node) => {
		const mode = node.parameters?.replyMode;
		// An expression decides per callback: only n8n knows, at run time.
		return mode === trigger.mode || (typeof mode === 'string' && mode.startsWith('='));
	});
	if (!waiting) {
		throw fail(
			`The ${trigger.label} "${triggers[0].name}" answers every callback at once, so none waits for this answer. Set its Reply Mode to "${trigger.modeName}", or ${trigger.otherwise}.`,
		);
	}
	const mode = context.getMode();
	if (mode !== 'webhook' && mode !== 'manual') {
		context.addExecutionHints({
			message: `Nothing was answered: this execution was started as "${mode}", not by a callback, so no caller waits for an answer.`,
			type: 'warning',
			location: 'outputPane',
		});
		return false;
	}
	if (mode === 'manual') {
		context.addExecutionHints({
			message: `In a manual run the answer reaches the caller only when the run was started by a callback to the ${trigger.label}'s Test URL; otherwise n8n has no caller to answer and drops it.`,
			type: 'info',
			location: 'outputPane',
		});
	}
	await Promise.resolve(
		context.sendResponse({ body: answer.body, headers: { 'content-type': answer.contentType }, statusCode: 200 }),
	);
	return true;
}

/**
 * Refuses a callback: the status and a fixed message go to the caller, the reason only to n8n's
 * debug log (never a signature, token or key), and no execution starts.
 */
export function reject(context: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
	context.logger?.debug(`${context.getNode().name}: callback rejected (${status}): ${reason}`);
	const text = status === 401 || status === 403 ? 'Forbidden' : status === 413 ? 'Payload Too Large' : 'Bad Request';
	return respond(context, status, text);
}

/** Whether a Unix timestamp (seconds) is within `windowSeconds` of now. */
export function withinWindow(timestamp: string | number, windowSeconds: number, nowMs = Date.now()): boolean {
	const ts = Number(timestamp);
	if (!Number.isFinite(ts) || String(timestamp).trim() === '') return false;
	return Math.abs(nowMs / 1000 - ts) <= windowSeconds;
}

/**
 * Remembers keys for `ttlMs`, at most `max` of them, oldest dropped first. Platforms retry a
 * callback they think went unanswered (WeCom three times); the same key must start one execution.
 */
export class DuplicateFilter {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly max = 10000,
		private readonly ttlMs = 10 * 60 * 1000,
	) {}

	/** True when the key was seen within the TTL; otherwise records it and returns false. */
	check(key: string, now = Date.now()): boolean {
		const at = this.seen.get(key);
		if (at !== undefined && now - at < this.ttlMs) return true;
		this.seen.delete(key);
		this.seen.set(key, now);
		while (this.seen.size > this.max) {
			this.seen.delete(this.seen.keys().next().value as string);
		}
		return false;
	}

	/** Forgets a key (its execution could not be started, so a retry must go through). */
	forget(key: string): void {
		this.seen.delete(key);
	}

	get size(): number {
		return this.seen.size;
	}
}

const filters = new Map<string, DuplicateFilter>();

/** One duplicate filter per workflow and trigger node, shared by every request to it. */
export function duplicateFilter(context: IWebhookFunctions): DuplicateFilter {
	const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}`;
	let filter = filters.get(key);
	if (!filter) {
		filter = new DuplicateFilter();
		filters.set(key, filter);
	}
	return filter;
}

interface CachedCredential {
	data: ICredentialDataDecryptedObject;
	at: number;
}

const credentialCache = new Map<string, CachedCredential>();
const CREDENTIAL_TTL_MS = 60 * 1000;

/**
 * The trigger's credential, read at most once a minute per workflow, node and credential; an
 * edited credential takes effect within that minute.
 */
export async function triggerCredentials(
	context: IWebhookFunctions,
	type: string,
	now = Date.now(),
): Promise<ICredentialDataDecryptedObject> {
	const node = context.getNode();
	const ref = node.credentials?.[type];
	const key = `${context.getWorkflow().id ?? ''}:${node.id ?? node.name}:${type}:${ref?.id ?? ''}`;
	const hit = credentialCache.get(key);
	if (hit && now - hit.at < CREDENTIAL_TTL_MS) return hit.data;
	const data = await context.getCredentials(type);
	credentialCache.set(key, { data, at: now });
	if (credentialCache.size > 1000) credentialCache.delete(credentialCache.keys().next().value as string);
	return data;
}

/** For tests. */
export function clearTriggerCaches(): void {
	credentialCache.clear();
	filters.clear();
}
