/**
 * Serves a trigger node's webhook() over real HTTP the way n8n's production webhook endpoint
 * does, so trigger tests exercise signature checks, body parsing and replies end to end.
 *
 * The context handed to webhook() is n8n-core's own WebhookContext (the class n8n uses), built
 * on a fresh Workflow per request like n8n's LiveWebhooks: parameters get their defaults and
 * expressions, getCredentials checks the node's declared credentials, static data persists
 * between requests only when changed, and helpers are the real request/binary helpers. What is
 * emulated here is the CLI around it: reading and parsing the body (rawBody, JSON, form, text,
 * XML via xml2js with lower-cased tags), the express-like req/res objects, and the reply n8n
 * sends after webhook() returns. Not emulated: multipart bodies, CORS, and running nodes after the
 * trigger (an "execution" records what the trigger emitted), unless `responseNode` plays them.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { deepCopy, jsonParse, Node, NodeHelpers, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, parseIncomingMessage, WebhookContext } from 'n8n-core';
import { createServer } from 'http';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { parse as parseQueryString } from 'querystring';
import type { Readable } from 'stream';
import { createGunzip, createInflate } from 'zlib';

import type { CredentialTypeInput } from './credentials';
import { credentialsForRun, TestCredentialsHelper } from './credentials';
import { InMemoryDeduplicator } from './dedup';
import type { BinaryMode } from './env';
import { ensureTestEnvironment, useBinaryMode } from './env';
import type { NodeTypeInput } from './nodes';
import { describeNodeType, instantiateNodeType, TestNodeTypes } from './nodes';
import type { ResponseNodeRun, ResponseNodeWorkflow } from './responseNode';
import { startResponseNode } from './responseNode';
import { buildAdditionalData, TEST_WORKFLOW_ID } from './workflow';

// xml2js ships without types and is what n8n's body parser uses; it comes with n8n-core.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Parser: XmlParser } = require('xml2js') as {
	Parser: new (options: IDataObject) => { parseStringPromise(xml: string): Promise<unknown> };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mimeTypes = require('mime-types') as { contentType(type: string): string | false };

export interface StartWebhookServerOptions {
	/** The trigger node type: an instance or its class. */
	node: NodeTypeInput;
	parameters?: INodeParameters;
	/** Stored credential data per credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: CredentialTypeInput[];
	/** Share a helper with runNode calls; `credentials` then only seeds types it does not hold. */
	credentialsHelper?: TestCredentialsHelper;
	/** Initial workflow static data: { global?: {...}, 'node:<node name>'?: {...} }. */
	staticData?: IDataObject;
	nodeName?: string;
	typeVersion?: number;
	nodeCredentials?: INodeCredentials;
	/** 'webhook' (production URL, default) or 'manual' (test URL from the editor). */
	mode?: WorkflowExecuteMode;
	/** Which of the node's webhook descriptions to serve ('default' unless the node says otherwise). */
	webhookName?: 'default' | 'setup';
	webhookId?: string;
	workflowId?: string;
	/** Binary storage for prepareBinaryData inside webhook(); default 'default' (inline). */
	binaryMode?: BinaryMode;
	/**
	 * Adds checkProcessedAndRecord / removeProcessed / clearAllProcessedItems /
	 * getProcessedDataCount to `this.helpers`. n8n 2.8.1's webhook context does NOT have them (they
	 * exist only in execute and supply-data contexts), so a trigger relying on them fails in n8n.
	 */
	dedupHelpers?: boolean;
	deduplicator?: InMemoryDeduplicator;
	/**
	 * n8n never answers when webhook() returns noWebhookResponse without having replied; the
	 * caller would hang. Here the server gives up after this long, answers 500 and records a warning.
	 */
	noResponseTimeoutMs?: number;
	/**
	 * The next this many executions n8n cannot store or queue (a database or Redis outage):
	 * WorkflowRunner.run throws after webhook() returned, n8n answers 500 if nothing answered yet,
	 * and the execution does not exist. A trigger that answered itself has told the caller "kept".
	 */
	failStarts?: number;
	/**
	 * The rest of the workflow in response mode "responseNode" (e.g. runNode with `onSendResponse`
	 * as its answer): without it the server answers an empty 200 at once, as if no node answered.
	 */
	responseNode?: ResponseNodeWorkflow;
}

export interface RecordedRequest {
	method: string;
	url: string;
	path: string;
	query: IDataObject;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	body: unknown;
}

/** A workflow run n8n would have started: what the trigger emitted for one request. */
export interface WebhookExecution {
	items: INodeExecutionData[][];
	request: RecordedRequest;
	response: IWebhookResponseData;
	/** With `responseNode`: what the workflow answered, filled in as it runs. */
	workflow?: ResponseNodeRun;
}

export interface WebhookError {
	error: Error;
	request: RecordedRequest;
}

export interface WebhookHttpResponse {
	status: number;
	headers: Record<string, string>;
	text: string;
	elapsedMs: number;
	json<T = unknown>(): T;
}

export interface WebhookServer {
	/** http://127.0.0.1:<port> — every path on it reaches the trigger. */
	url: string;
	/** What getNodeWebhookUrl('default') returns inside the node (also served). */
	webhookUrl: string;
	executions: WebhookExecution[];
	/** What webhook() returned for the starts `failStarts` made fail: no execution exists for them. */
	lostStarts: WebhookExecution[];
	/** webhook() threw; n8n answered 500. */
	errors: WebhookError[];
	/** Deviations n8n would not survive cleanly, e.g. replying twice or never replying. */
	warnings: string[];
	credentialsHelper: TestCredentialsHelper;
	deduplicator: InMemoryDeduplicator;
	/** The persisted workflow static data (a copy). */
	readonly staticData: IDataObject;
	/** The persisted static data n8n would give getWorkflowStaticData(type) (a copy). */
	getStaticData(type: 'global' | 'node'): IDataObject;
	/** Sends a request; objects are sent as JSON. Resolves after the server finished handling it. */
	request(
		method: string,
		pathAndQuery: string,
		body?: string | Buffer | object,
		headers?: Record<string, string>,
	): Promise<WebhookHttpResponse>;
	/** Resolves once every request received so far is fully handled. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

type ExpressLikeRequest = IncomingMessage & {
	/** Read by readRawBody, as in n8n: left unread for a content type n8n does not parse (node version > 1). */
	rawBody?: Buffer;
	readRawBody(): Promise<void>;
	body: unknown;
	query: IDataObject;
	params: IDataObject;
	path: string;
	originalUrl: string;
	contentType?: string;
	encoding?: BufferEncoding;
	get(name: string): string | string[] | undefined;
	header(name: string): string | string[] | undefined;
};

type ExpressLikeResponse = ServerResponse & {
	status(code: number): ExpressLikeResponse;
	sendStatus(code: number): ExpressLikeResponse;
	set(field: string | Record<string, string>, value?: string | string[]): ExpressLikeResponse;
	header(field: string | Record<string, string>, value?: string | string[]): ExpressLikeResponse;
	get(field: string): string | number | string[] | undefined;
	type(type: string): ExpressLikeResponse;
	contentType(type: string): ExpressLikeResponse;
	send(body?: unknown): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
};

class UnprocessableBodyError extends Error {}

const xmlParser = new XmlParser({
	async: true,
	normalize: true,
	normalizeTags: true,
	explicitArray: false,
});

function withCharset(type: string): string {
	const full = type.includes('/') ? type : mimeTypes.contentType(type) || 'application/octet-stream';
	return mimeTypes.contentType(full) || full;
}

/** The subset of express's res API that trigger nodes use, on top of the raw ServerResponse. */
function expressResponse(res: ServerResponse, method: string): ExpressLikeResponse {
	const response = res as ExpressLikeResponse;
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	response.set = (field, value) => {
		if (typeof field === 'object') {
			for (const [name, headerValue] of Object.entries(field)) response.set(name, headerValue);
			return response;
		}
		const headerValue = field.toLowerCase() === 'content-type' ? withCharset(String(value)) : value;
		response.setHeader(field, headerValue as string | string[]);
		return response;
	};
	response.header = response.set;
	response.get = (field) => response.getHeader(field);
	response.type = (type) => response.set('Content-Type', type);
	response.contentType = response.type;
	response.send = (body) => {
		let chunk: Buffer | string | undefined;
		if (body === undefined) {
			chunk = undefined;
		} else if (typeof body === 'string') {
			const current = response.getHeader('Content-Type');
			response.setHeader(
				'Content-Type',
				typeof current === 'string' && !/charset=/i.test(current)
					? `${current}; charset=utf-8`
					: (current as string | undefined) ?? 'text/html; charset=utf-8',
			);
			chunk = body;
		} else if (Buffer.isBuffer(body)) {
			if (!response.getHeader('Content-Type')) response.setHeader('Content-Type', 'application/octet-stream');
			chunk = body;
		} else {
			return response.json(body);
		}
		if (chunk !== undefined) response.setHeader('Content-Length', Buffer.byteLength(chunk));
		const bodyless = method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304;
		response.end(bodyless ? undefined : chunk);
		return response;
	};
	response.json = (body) => {
		if (!response.getHeader('Content-Type')) response.setHeader('Content-Type', 'application/json; charset=utf-8');
		return response.send(JSON.stringify(body) ?? '');
	};
	response.sendStatus = (code) => {
		response.statusCode = code;
		return response.send(String(code));
	};
	return response;
}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
	let stream: Readable = req;
	const encoding = req.headers['content-encoding'];
	if (encoding === 'gzip') stream = req.pipe(createGunzip());
	if (encoding === 'deflate') stream = req.pipe(createInflate());
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** n8n's parseBody (packages/cli/src/middlewares/body-parser.ts). */
async function parseBody(req: ExpressLikeRequest): Promise<void> {
	await req.readRawBody();
	const { rawBody, contentType } = req;
	if (!rawBody?.length) return;
	const text = rawBody.toString(req.encoding ?? 'utf-8');
	try {
		if (contentType === 'application/json') {
			req.body = jsonParse(text);
		} else if (contentType?.endsWith('/xml') || contentType?.endsWith('+xml')) {
			req.body = await xmlParser.parseStringPromise(text);
		} else if (contentType === 'application/x-www-form-urlencoded') {
			req.body = parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
		} else if (contentType === 'text/plain') {
			req.body = text;
		}
	} catch (error) {
		throw new UnprocessableBodyError((error as Error).message);
	}
}

function isParsableContentType(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

function plainStaticData(staticData: IDataObject): IDataObject {
	const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	delete copy.__dataChanged;
	return copy;
}

function sendJsonError(res: ExpressLikeResponse, status: number, body: IDataObject): void {
	if (res.headersSent) return;
	res.status(status).json(body);
}

export async function startWebhookServer(options: StartWebhookServerOptions): Promise<WebhookServer> {
	await ensureTestEnvironment();

	const nodeType = instantiateNodeType(options.node);
	const { description, typeVersion, fullTypeName } = describeNodeType(nodeType, options.typeVersion);
	const versioned = NodeHelpers.getVersionedNodeType(nodeType, typeVersion) as INodeType;
	if (typeof versioned.webhook !== 'function') {
		throw new Error(`${description.displayName} has no webhook() method`);
	}
	const webhookName = options.webhookName ?? 'default';
	const descriptions = (description.webhooks ?? []).filter((webhook) => webhook.name === webhookName);
	if (descriptions.length === 0) {
		throw new Error(`${description.displayName} declares no "${webhookName}" webhook in description.webhooks`);
	}

	const { credentialsHelper, nodeCredentials } = credentialsForRun(description, options);

	const nodeName = options.nodeName ?? description.defaults.name ?? description.displayName;
	const storedNode: INode = {
		id: 'trigger-under-test',
		name: nodeName,
		type: fullTypeName,
		typeVersion,
		position: [0, 0],
		parameters: deepCopy(options.parameters ?? {}),
		webhookId: options.webhookId ?? 'test-webhook-id',
	};
	if (Object.keys(nodeCredentials).length > 0) storedNode.credentials = nodeCredentials;

	const nodeTypes = new TestNodeTypes().register(fullTypeName, nodeType);
	const mode = options.mode ?? 'webhook';
	const workflowId = options.workflowId ?? TEST_WORKFLOW_ID;
	const deduplicator = options.deduplicator ?? new InMemoryDeduplicator();
	const noResponseTimeoutMs = options.noResponseTimeoutMs ?? 5000;
	let failStarts = options.failStarts ?? 0;
	const lostStarts: WebhookExecution[] = [];
	let persistedStaticData: IDataObject = deepCopy(options.staticData ?? {});
	let baseUrl = '';

	const executions: WebhookExecution[] = [];
	const errors: WebhookError[] = [];
	const warnings: string[] = [];
	const inFlight = new Set<Promise<void>>();

	// n8n loads the workflow from the database for every request, static data included.
	const loadWorkflow = () =>
		new Workflow({
			id: workflowId,
			name: 'Test workflow',
			nodes: [deepCopy(storedNode)],
			connections: {},
			active: mode !== 'manual',
			nodeTypes,
			staticData: deepCopy(persistedStaticData),
			settings: { executionOrder: 'v1' },
		});

	const pickDescription = (workflow: Workflow, node: INode, method: string): IWebhookDescription | undefined =>
		descriptions.find((webhook) => {
			const declared = workflow.expression.getSimpleParameterValue(node, webhook.httpMethod, mode, {}, undefined, 'GET');
			const methods = Array.isArray(declared) ? declared : [declared];
			return methods.map((value) => String(value).toUpperCase()).includes(method);
		});

	const handle = async (incoming: IncomingMessage, res: ExpressLikeResponse): Promise<void> => {
		const url = new URL(incoming.url ?? '/', 'http://localhost');
		const req = incoming as ExpressLikeRequest;
		req.originalUrl = incoming.url ?? '/';
		req.path = url.pathname;
		req.query = parseQueryString(url.search.slice(1)) as IDataObject;
		req.params = {};
		req.get = (name) => incoming.headers[name.toLowerCase()];
		req.header = req.get;
		// n8n's rawBodyReader middleware: the body is read when parseBody (or the node) asks for it.
		req.readRawBody = async () => {
			req.rawBody ??= await readRawBody(incoming);
		};
		parseIncomingMessage(incoming);
		const method = (incoming.method ?? 'GET').toUpperCase();
		const recorded = (): RecordedRequest => ({
			method,
			url: req.originalUrl,
			path: req.path,
			query: req.query,
			headers: req.headers,
			rawBody: req.rawBody ?? Buffer.alloc(0),
			body: req.body,
		});

		const workflow = loadWorkflow();
		const node = workflow.nodes[nodeName];
		const webhookDescription = pickDescription(workflow, node, method);
		if (!webhookDescription) {
			sendJsonError(res, 404, {
				code: 404,
				message: `The requested webhook "${method} ${req.path}" is not registered.`,
			});
			return;
		}

		if (node.typeVersion > 1 && !isParsableContentType(req.contentType)) {
			// n8n leaves such bodies unread: the node reads them with req.readRawBody().
		} else if (req.contentType === 'multipart/form-data') {
			warnings.push('multipart/form-data bodies are not parsed by the test webhook server');
		} else {
			try {
				await parseBody(req);
			} catch (error) {
				sendJsonError(res, 422, { code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
				return;
			}
		}
		// What the Webhook node shows for body-less requests; nodes should not rely on more.
		req.body ??= {};

		const hooks = new ExecutionLifecycleHooks(mode, '', {
			id: workflowId,
			name: 'Test workflow',
			active: workflow.active,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: [node],
			connections: {},
			activeVersionId: null,
		});
		const additionalData = buildAdditionalData({ credentialsHelper, hooks, executionId: '', baseUrl });
		// A webhook runs before its execution exists, so n8n has no execution id at this point.
		additionalData.executionId = undefined;
		additionalData.httpRequest = req;
		additionalData.httpResponse = res;

		const path = String(
			workflow.expression.getSimpleParameterValue(node, webhookDescription.path, mode, {}, undefined, ''),
		);
		const webhookData: IWebhookData = {
			httpMethod: method as IHttpRequestMethods,
			node: nodeName,
			path,
			webhookDescription,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};

		const responseMode = workflow.expression.getSimpleParameterValue(
			node,
			webhookDescription.responseMode,
			mode,
			{},
			undefined,
			'onReceived',
		) as string;
		const responseCode = Number(
			workflow.expression.getSimpleParameterValue(node, webhookDescription.responseCode as string, mode, {}, undefined, 200),
		);
		const responseData = workflow.expression.getComplexParameterValue(
			node,
			webhookDescription.responseData,
			mode,
			{},
			undefined,
			'firstEntryJson',
		);

		await useBinaryMode(options.binaryMode ?? 'default');
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		if (options.dedupHelpers) {
			const contextData = { node, workflow };
			Object.assign(context.helpers, {
				checkProcessedAndRecord: async (items: never, scope: never, checkOptions: never) =>
					await deduplicator.checkProcessedAndRecord(items, scope, contextData, checkOptions),
				removeProcessed: async (items: never, scope: never, checkOptions: never) =>
					await deduplicator.removeProcessed(items, scope, contextData, checkOptions),
				clearAllProcessedItems: async (scope: never) => await deduplicator.clearAllProcessedItems(scope, contextData),
				getProcessedDataCount: async (scope: never, checkOptions: never) =>
					await deduplicator.getProcessedDataCount(scope, contextData, checkOptions),
			});
		}

		let result: IWebhookResponseData;
		try {
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			result =
				type instanceof Node
					? await type.webhook!(context)
					: ((await type.webhook!.call(context)) as IWebhookResponseData);
		} catch (error) {
			errors.push({ error: error as Error, request: recorded() });
			if (res.headersSent) {
				warnings.push(`webhook() threw after it had replied: ${(error as Error).message}`);
				if (!res.writableEnded) res.end();
				return;
			}
			sendJsonError(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}

		// n8n saves static data when it answers (live-webhooks: in the response callback), so a start
		// that fails before an answer saves nothing; a trigger that answered itself had it saved.
		const failsToStart = result.workflowData !== undefined && failStarts > 0;
		if (workflow.staticData.__dataChanged === true && (!failsToStart || result.noWebhookResponse === true)) {
			persistedStaticData = plainStaticData(workflow.staticData);
		}

		if (failsToStart && result.workflowData !== undefined) {
			failStarts--;
			lostStarts.push({ items: result.workflowData, request: recorded(), response: result });
			if (!res.headersSent) {
				sendJsonError(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			} else if (!res.writableEnded) res.end();
			return;
		}
		if (result.workflowData !== undefined) {
			executions.push({ items: result.workflowData, request: recorded(), response: result });
		}

		if (result.noWebhookResponse === true) {
			if (!res.writableEnded) {
				const answered = await new Promise<boolean>((resolve) => {
					const timer = setTimeout(() => resolve(false), noResponseTimeoutMs);
					res.once('finish', () => {
						clearTimeout(timer);
						resolve(true);
					});
				});
				if (!answered) {
					warnings.push(
						`webhook() returned noWebhookResponse but did not finish the response within ${noResponseTimeoutMs} ms; n8n would leave the caller hanging`,
					);
					if (!res.headersSent) res.status(500).send('test harness: the node never answered');
					else res.end();
				}
			}
			return;
		}

		let body: unknown;
		if (result.workflowData === undefined) {
			body = result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Webhook call received' };
		} else if (responseMode === 'onReceived') {
			// n8n's extractWebhookOnReceivedResponse: a description without responseData defaults to
			// the literal 'firstEntryJson', which is truthy and therefore what the caller receives.
			if (responseData === 'noData') body = undefined;
			else if (responseData) body = responseData;
			else if (result.webhookResponse !== undefined) body = result.webhookResponse;
			else body = { message: 'Workflow was started' };
		} else if (responseMode === 'lastNode') {
			// The trigger is the last (only) node here, so its output is what n8n would answer with.
			const firstOutput = result.workflowData[0] ?? [];
			if (responseData === 'allEntries') body = firstOutput.map((item) => item.json);
			else if (responseData === 'noData') body = undefined;
			else body = firstOutput[0]?.json ?? { message: 'Workflow executed successfully but the last node did not return any data' };
		} else if (responseMode === 'responseNode') {
			if (options.responseNode) {
				const { run, finished } = startResponseNode(res, result.workflowData, options.responseNode);
				executions[executions.length - 1].workflow = run;
				await finished;
				return;
			}
			body = undefined;
		} else {
			sendJsonError(res, 500, { code: 0, message: `The response mode '${responseMode}' is not valid!` });
			return;
		}

		if (res.headersSent) {
			warnings.push(
				'webhook() replied itself but did not return noWebhookResponse: true; n8n would try to send its own response too (ERR_HTTP_HEADERS_SENT)',
			);
			return;
		}
		res.status(responseCode);
		if (typeof body === 'string') res.send(body);
		else if (body === undefined) res.end();
		else res.json(body);
	};

	const server: Server = createServer((incoming, rawRes) => {
		const res = expressResponse(rawRes, (incoming.method ?? 'GET').toUpperCase());
		const task = handle(incoming, res)
			.catch((error: Error) => {
				warnings.push(`test webhook server failed: ${error.stack ?? error.message}`);
				if (!res.headersSent) res.status(500).send(`test harness failure: ${error.message}`);
				else if (!res.writableEnded) res.end();
			})
			.finally(() => inFlight.delete(task));
		inFlight.add(task);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const probeWorkflow = loadWorkflow();
	const probeNode = probeWorkflow.nodes[nodeName];
	const defaultPath = String(
		probeWorkflow.expression.getSimpleParameterValue(probeNode, descriptions[0].path, mode, {}, undefined, ''),
	);
	const isFullPath = probeWorkflow.expression.getSimpleParameterValue(
		probeNode,
		descriptions[0].isFullPath,
		mode,
		{},
		undefined,
		false,
	) as boolean;
	const webhookUrl = NodeHelpers.getNodeWebhookUrl(`${baseUrl}/webhook`, workflowId, probeNode, defaultPath, isFullPath);

	const idle = async (): Promise<void> => {
		while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
	};

	return {
		url: baseUrl,
		webhookUrl,
		executions,
		lostStarts,
		errors,
		warnings,
		credentialsHelper,
		deduplicator,
		get staticData() {
			return deepCopy(persistedStaticData);
		},
		getStaticData(type) {
			const key = type === 'global' ? 'global' : `node:${nodeName}`;
			return deepCopy((persistedStaticData[key] as IDataObject | undefined) ?? {});
		},
		async request(method, pathAndQuery, body, headers = {}) {
			const requestHeaders: Record<string, string> = { ...headers };
			let payload: string | Buffer | undefined;
			if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
				payload = body;
			} else {
				payload = JSON.stringify(body);
				const hasType = Object.keys(requestHeaders).some((name) => name.toLowerCase() === 'content-type');
				if (!hasType) requestHeaders['content-type'] = 'application/json';
			}
			const target = /^https?:\/\//.test(pathAndQuery) ? pathAndQuery : `${baseUrl}${pathAndQuery}`;
			const started = Date.now();
			const response = await fetch(target, { method, headers: requestHeaders, body: payload });
			const text = await response.text();
			const elapsedMs = Date.now() - started;
			await idle();
			const responseHeaders: Record<string, string> = {};
			response.headers.forEach((value, name) => (responseHeaders[name] = value));
			return {
				status: response.status,
				headers: responseHeaders,
				text,
				elapsedMs,
				json: <T>() => JSON.parse(text) as T,
			};
		},
		idle,
		async close() {
			await idle();
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
		},
	};
}
