/**
 * One local HTTP server that speaks the platforms' APIs, each under its own prefix, plus a control
 * API under /__emulator/ for tests that run out of process (the e2e suite, the npm start sandbox).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { EmulatorCore, type CountersSnapshot } from './core';
import { installFixtures, type FixtureSet } from './fixtures';
import { platforms, type PlatformApis } from './platforms';
import type {
	DeliveryFilter,
	DeliveryReport,
	EmulatorRequest,
	EmulatorResponse,
	Fault,
	FaultCountOptions,
	FaultKind,
	FaultOptions,
	PlatformDefinition,
	RecordedMessage,
	RecordedRequest,
	RequestFilter,
	TokenRecord,
} from './types';

const CONTROL_PREFIX = '/__emulator';
// Media caps go up to 20 MB; leave room for multipart framing but refuse runaway bodies.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface StartOptions {
	/** 0 (the default) picks a free ephemeral port. */
	port?: number;
	/** Loopback by default: the emulator has no business listening on other interfaces. */
	host?: string;
	/** Fixture apps to register; `default` unless set to false. */
	fixtures?: FixtureSet | false;
}

export interface ResetOptions {
	/** Keep issued tokens valid across the reset (default: forget them, as a fresh emulator would). */
	keepTokens?: boolean;
}

/** Calls held open by a `hang` fault: never answered, until the client gives up or they are released. */
export class HungCalls {
	private readonly open = new Set<IncomingMessage>();

	hold(req: IncomingMessage, record: RecordedRequest, now: () => number): void {
		const started = record.time;
		if (req.socket.destroyed) {
			// The client gave up during the latency before the hang.
			record.durationMs = now() - started;
			return;
		}
		this.open.add(req);
		req.socket.once('close', () => {
			this.open.delete(req);
			record.durationMs = now() - started;
		});
	}

	get size(): number {
		return this.open.size;
	}

	/** Destroys the sockets of every call still held; returns how many there were. */
	release(): number {
		const held = [...this.open];
		for (const req of held) req.socket.destroy();
		this.open.clear();
		return held.length;
	}
}

class EmulatorHandle {
	readonly url: string;
	readonly port: number;
	readonly core: EmulatorCore;
	private readonly server: Server;
	private readonly hung: HungCalls;

	constructor(server: Server, core: EmulatorCore, host: string, hung: HungCalls) {
		this.server = server;
		this.core = core;
		this.hung = hung;
		this.port = (server.address() as AddressInfo).port;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
	}

	/** The Base URL a credential for the platform should point at, e.g. `${url}/wecom`. */
	baseUrl(platform: string): string {
		return `${this.url}${this.core.platform(platform).prefix}`;
	}

	requests(filter?: RequestFilter): RecordedRequest[] {
		return this.core.requests(filter);
	}

	/** Number of token-endpoint calls; the key is platform-specific (see README), none = all. */
	tokenCalls(platform: string, key?: string): number {
		return this.core.tokenCalls(platform, key);
	}

	pathCalls(platform: string, path: string, method?: string): number {
		return this.core.pathCalls(platform, path, method);
	}

	counters(): CountersSnapshot {
		return this.core.counters();
	}

	messages(platform?: string, kind?: string): RecordedMessage[] {
		return this.core.messages.filter(
			(m) => (platform === undefined || m.platform === platform) && (kind === undefined || m.kind === kind),
		);
	}

	/**
	 * Deliveries per recipient and duplicates (the same content to the same recipient more than
	 * once) of the recorded messages; `since` is an emulator-clock time (`now()`).
	 */
	deliveries(filter?: DeliveryFilter): DeliveryReport {
		return this.core.deliveries(filter);
	}

	/** Every token issued so far on the platform answers its invalid-token error from now on. */
	revokeTokens(platform: string): number {
		this.core.platform(platform);
		return this.core.tokens.revokeAll(platform);
	}

	/** Every live token on the platform answers its expired-token error from now on. */
	expireTokens(platform: string): number {
		this.core.platform(platform);
		return this.core.tokens.expireAll(platform);
	}

	/** The next `count` requests answer the platform's rate-limit error (`code` picks which one). */
	rateLimit(platform: string, count: number, options: FaultCountOptions & { code?: number } = {}): Fault {
		return this.core.addFault({
			platform,
			kind: 'rateLimit',
			remaining: count,
			path: options.path,
			code: options.code,
			after: options.after,
		});
	}

	/**
	 * At most `limit` calls in any 1000 ms of the emulator clock reach the route; the others answer
	 * the platform's rate-limit error (WeCom 45009, Tencent Cloud IM 60007, or `code`) and deliver
	 * nothing. Until cleared, or until it has refused `count` calls.
	 */
	rateLimitPerSecond(platform: string, limit: number, options: FaultOptions & { code?: number; count?: number } = {}): Fault {
		return this.core.addFault({
			platform,
			kind: 'rateLimitPerSecond',
			remaining: options.count ?? Infinity,
			path: options.path,
			code: options.code,
			limit,
		});
	}

	/**
	 * A fraction `p` of the calls, drawn from a PRNG seeded with `seed` (default 1; the same seed
	 * hits the same calls of the same sequence), answer the rate-limit error and deliver nothing.
	 */
	randomRateLimit(
		platform: string,
		p: number,
		options: FaultCountOptions & { seed?: number; code?: number; count?: number } = {},
	): Fault {
		return this.core.addFault({
			platform,
			kind: 'randomRateLimit',
			remaining: options.count ?? Infinity,
			path: options.path,
			code: options.code,
			p,
			seed: options.seed ?? 1,
			after: options.after,
		});
	}

	/**
	 * Every `every`-th call (or a seeded fraction `p`) runs normally — a message is recorded as
	 * delivered — but is answered with a gateway error page (502 unless `status`), so a client
	 * that resends it delivers it twice. Until cleared, or until it has fired `count` times.
	 */
	errorAfterDelivery(
		platform: string,
		options: FaultCountOptions & { every?: number; p?: number; seed?: number; status?: number; count?: number },
	): Fault {
		return this.core.addFault({
			platform,
			kind: 'errorAfterDelivery',
			remaining: options.count ?? Infinity,
			path: options.path,
			every: options.every,
			p: options.p,
			seed: options.p !== undefined ? (options.seed ?? 1) : undefined,
			status: options.status ?? 502,
			after: options.after,
		});
	}

	/**
	 * The next `count` calls (after letting `after` through) are never answered and deliver
	 * nothing: the socket stays open until the client gives up, `releaseHungCalls()` or `close()`.
	 */
	hang(platform: string, count = 1, options: FaultCountOptions = {}): Fault {
		return this.core.addFault({ platform, kind: 'hang', remaining: count, path: options.path, after: options.after });
	}

	/** Calls a `hang` fault is holding open right now. */
	hungCalls(): number {
		return this.hung.size;
	}

	/** Drops the connection of every held (hung) call, as a gateway giving up would. Returns how many. */
	releaseHungCalls(): number {
		return this.hung.release();
	}

	/** The next `count` requests answer a bare HTTP error page, as a failing gateway would. */
	serverError(platform: string, count: number, statusOrOptions: number | (FaultCountOptions & { status?: number }) = 502): Fault {
		const options = typeof statusOrOptions === 'number' ? { status: statusOrOptions } : statusOrOptions;
		return this.core.addFault({
			platform,
			kind: 'serverError',
			remaining: count,
			path: options.path,
			status: options.status ?? 502,
			after: options.after,
		});
	}

	/** Delays requests by `ms`; every request until clearFaults unless `count` is given. */
	latency(platform: string, ms: number, options: FaultOptions & { count?: number } = {}): Fault {
		return this.core.addFault({
			platform,
			kind: 'latency',
			remaining: options.count ?? Infinity,
			path: options.path,
			ms,
		});
	}

	/** The next `count` requests get their connection destroyed without any HTTP answer. */
	connectionReset(platform: string, count: number, options: FaultCountOptions = {}): Fault {
		return this.core.addFault({ platform, kind: 'connectionReset', remaining: count, path: options.path, after: options.after });
	}

	faults(): Fault[] {
		return this.core.faults.map((f) => ({ ...f }));
	}

	clearFaults(kind?: FaultKind): void {
		this.core.clearFaults(kind);
	}

	/** Moves the emulator's clock forward (token expiry, robot rate windows) without sleeping. */
	advanceClock(seconds: number): void {
		this.core.advanceClock(seconds);
	}

	now(): number {
		return this.core.now();
	}

	reset(options?: ResetOptions): void {
		this.core.reset(options);
	}

	close(): Promise<void> {
		this.hung.release();
		return new Promise((resolve, reject) => {
			this.server.close((error) => (error ? reject(error) : resolve()));
			// Keep-alive sockets of the client under test would hold close() open forever.
			this.server.closeAllConnections();
		});
	}
}

export type Emulator = EmulatorHandle & PlatformApis;

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, response: EmulatorResponse): unknown {
	const status = response.status ?? 200;
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload: Buffer;
	if (Buffer.isBuffer(response.body)) {
		payload = response.body;
		headers['content-type'] ??= 'application/octet-stream';
	} else if (typeof response.body === 'string') {
		payload = Buffer.from(response.body, 'utf8');
		headers['content-type'] ??= 'text/plain; charset=utf-8';
	} else {
		payload = Buffer.from(JSON.stringify(response.body ?? null), 'utf8');
		headers['content-type'] ??= 'application/json; charset=UTF-8';
	}
	headers['content-length'] = String(payload.length);
	res.writeHead(status, headers);
	res.end(payload);
	return response.body;
}

function parseQuery(url: URL): Record<string, string> {
	const query: Record<string, string> = {};
	for (const [k, v] of url.searchParams) query[k] = v;
	return query;
}

function gatewayPage(status: number): string {
	const titles: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out' };
	const title = `${status} ${titles[status] ?? 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function handlePlatform(
	core: EmulatorCore,
	hung: HungCalls,
	platform: PlatformDefinition,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	rawBody: Buffer,
): Promise<void> {
	const started = core.now();
	const path = url.pathname.slice(platform.prefix.length) || '/';
	const method = (req.method ?? 'GET').toUpperCase();
	const request: EmulatorRequest = { method, path, query: parseQuery(url), headers: req.headers, rawBody };
	if (rawBody.length > 0 && !/multipart\/form-data|x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
		try {
			request.json = JSON.parse(rawBody.toString('utf8'));
		} catch {
			request.jsonError = true;
		}
	}
	const record: RecordedRequest = {
		id: core.nextId(),
		platform: platform.name,
		method,
		path,
		query: request.query,
		headers: req.headers,
		rawBody,
		json: request.json,
		time: started,
		durationMs: 0,
		status: 0,
		responseBody: undefined,
	};
	core.log.push(record);
	core.countPath(platform.name, method, path);

	const { latencyMs, answer, afterDelivery } = core.takeFaults(platform.name, path);
	const finish = (response: EmulatorResponse) => {
		if (afterDelivery) {
			// The route has run (a message is recorded); the gateway in front of it fails anyway.
			record.fault = afterDelivery.kind;
			record.routeResponseBody = response.body;
			const status = afterDelivery.status ?? 502;
			response = { status, headers: { 'content-type': 'text/html' }, body: gatewayPage(status) };
		}
		record.status = response.status ?? 200;
		record.responseBody = send(res, response);
		record.durationMs = core.now() - started;
	};

	if (latencyMs > 0) await sleep(latencyMs);
	if (answer) {
		record.fault = answer.kind;
		if (answer.kind === 'connectionReset') {
			record.durationMs = core.now() - started;
			req.socket.destroy();
			return;
		}
		if (answer.kind === 'hang') {
			hung.hold(req, record, () => core.now());
			return;
		}
		if (answer.kind === 'serverError') {
			const status = answer.status ?? 502;
			finish({ status, headers: { 'content-type': 'text/html' }, body: gatewayPage(status) });
			return;
		}
		finish({ body: platform.errors.rateLimited(answer.code) });
		return;
	}

	const sameTail = platform.routes.filter((r) => r.path === path);
	const route = sameTail.find((r) => r.method === method);
	if (!route) {
		if (sameTail.length > 0) {
			finish({ body: platform.errors.wrongMethod(sameTail[0].method) });
		} else {
			finish({ status: 404, body: { errcode: 404, errmsg: `emulator: no ${platform.name} route for ${method} ${path}` } });
		}
		return;
	}
	let token: TokenRecord | undefined;
	if (route.auth) {
		const accessToken = request.query.access_token;
		if (!accessToken) {
			finish({ body: platform.errors.missingToken() });
			return;
		}
		const checked = core.tokens.check(platform.name, accessToken);
		if (checked.state !== 'valid') {
			finish({ body: checked.state === 'expired' ? platform.errors.expiredToken() : platform.errors.invalidToken() });
			return;
		}
		token = checked.record;
	}
	if (request.jsonError && route.method === 'POST') {
		finish({ body: platform.errors.badJson() });
		return;
	}
	try {
		finish(await route.handler({ req: request, token }));
	} catch (error) {
		finish({ status: 500, body: { errcode: -1, errmsg: `emulator: handler failed: ${(error as Error).message}` } });
	}
}

function serializeRequest(r: RecordedRequest): Record<string, unknown> {
	const text = r.rawBody.toString('utf8');
	return {
		...r,
		rawBody: r.rawBody.toString('base64'),
		bodyText: Buffer.from(text, 'utf8').equals(r.rawBody) ? text : undefined,
		responseBody: Buffer.isBuffer(r.responseBody) ? { base64: r.responseBody.toString('base64') } : r.responseBody,
	};
}

function numberOr<T>(value: unknown, fallback: T): number | T {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	return Number.isFinite(n) ? n : fallback;
}

async function handleControl(
	emulator: Emulator,
	method: string,
	path: string,
	url: URL,
	rawBody: Buffer,
): Promise<EmulatorResponse> {
	const core = emulator.core;
	let body: Record<string, unknown> = {};
	if (rawBody.length > 0) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			return { status: 400, body: { error: 'control body must be JSON' } };
		}
	}
	const q = parseQuery(url);
	const route = `${method} ${path}`;
	switch (route) {
		case 'GET /health':
			return { body: { ok: true, platforms: Object.fromEntries([...core.platforms.values()].map((p) => [p.name, p.prefix])) } };
		case 'GET /requests':
			return {
				body: {
					requests: core
						.requests({
							platform: q.platform || undefined,
							path: q.path || undefined,
							method: q.method || undefined,
							sinceId: numberOr(q.sinceId, undefined),
						})
						.map(serializeRequest),
				},
			};
		case 'GET /counters':
			return { body: core.counters() };
		case 'GET /messages':
			return { body: { messages: emulator.messages(q.platform || undefined, q.kind || undefined) } };
		case 'GET /deliveries':
			return {
				body: emulator.deliveries({
					platform: q.platform || undefined,
					kind: q.kind || undefined,
					since: numberOr(q.since, undefined),
				}),
			};
		case 'POST /hung/release':
			return { body: { ok: true, released: emulator.releaseHungCalls() } };
		case 'GET /hung':
			return { body: { hung: emulator.hungCalls() } };
		case 'GET /faults':
			return { body: { faults: emulator.faults() } };
		case 'POST /reset':
			emulator.reset({ keepTokens: body.keepTokens === true });
			return { body: { ok: true } };
		case 'POST /clock':
			emulator.advanceClock(Number(numberOr(body.advanceSeconds, 0)));
			return { body: { ok: true, now: core.now() } };
		case 'DELETE /faults':
		case 'POST /faults/clear':
			emulator.clearFaults(typeof body.kind === 'string' ? (body.kind as FaultKind) : undefined);
			return { body: { ok: true } };
		case 'POST /faults':
			return { body: applyFault(emulator, body) };
		case 'POST /callback':
		case 'POST /url-verification': {
			const platform = core.platform(typeof body.platform === 'string' ? body.platform : 'wecom');
			const action = platform.control?.[path.slice(1)];
			if (!action) return { status: 400, body: { error: `${platform.name} has no ${path.slice(1)} sender` } };
			return { body: await action(body) };
		}
		default:
			return { status: 404, body: { error: `no control route ${route}` } };
	}
}

function applyFault(emulator: Emulator, body: Record<string, unknown>): Record<string, unknown> {
	const platform = String(body.platform ?? '');
	const path = typeof body.path === 'string' && body.path !== '' ? body.path : undefined;
	const count = Number(numberOr(body.count, 1));
	const countOr = (fallback: number) => Number(numberOr(body.count, fallback));
	const code = numberOr(body.code, undefined);
	const after = numberOr(body.after, undefined);
	const seed = numberOr(body.seed, undefined);
	const p = numberOr(body.p, undefined);
	switch (body.kind) {
		case 'revokeTokens':
			return { ok: true, affected: emulator.revokeTokens(platform) };
		case 'expireTokens':
			return { ok: true, affected: emulator.expireTokens(platform) };
		case 'rateLimit':
			return { ok: true, fault: emulator.rateLimit(platform, count, { path, code, after }) };
		case 'serverError':
			return { ok: true, fault: emulator.serverError(platform, count, { path, status: numberOr(body.status, undefined), after }) };
		case 'latency':
			return {
				ok: true,
				fault: emulator.latency(platform, Number(numberOr(body.ms, 0)), { path, count: numberOr(body.count, undefined) }),
			};
		case 'connectionReset':
			return { ok: true, fault: emulator.connectionReset(platform, count, { path, after }) };
		case 'rateLimitPerSecond': {
			const limit = numberOr(body.limit, undefined);
			if (limit === undefined) throw new Error('rateLimitPerSecond needs limit (calls per second)');
			return { ok: true, fault: emulator.rateLimitPerSecond(platform, limit, { path, code, count: countOr(Infinity) }) };
		}
		case 'randomRateLimit':
			if (p === undefined) throw new Error('randomRateLimit needs p (0..1)');
			return { ok: true, fault: emulator.randomRateLimit(platform, p, { path, code, seed, after, count: countOr(Infinity) }) };
		case 'errorAfterDelivery':
			return {
				ok: true,
				fault: emulator.errorAfterDelivery(platform, {
					path,
					every: numberOr(body.every, undefined),
					p,
					seed,
					status: numberOr(body.status, undefined),
					after,
					count: countOr(Infinity),
				}),
			};
		case 'hang':
			return { ok: true, fault: emulator.hang(platform, count, { path, after }) };
		default:
			throw new Error(`unknown fault kind ${String(body.kind)}`);
	}
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const core = new EmulatorCore();
	const hung = new HungCalls();
	const apis: Record<string, unknown> = {};
	for (const [name, platform] of Object.entries(platforms)) apis[name] = platform.install(core);
	let emulator: Emulator | undefined;

	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://emulator.invalid');
			let rawBody: Buffer;
			try {
				rawBody = await readBody(req);
			} catch (error) {
				if (!res.headersSent) send(res, { status: 413, body: { errcode: -1, errmsg: (error as Error).message } });
				return;
			}
			if (!emulator) {
				send(res, { status: 503, body: { errcode: -1, errmsg: 'emulator is starting' } });
				return;
			}
			if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
				let response: EmulatorResponse;
				try {
					response = await handleControl(emulator, (req.method ?? 'GET').toUpperCase(), url.pathname.slice(CONTROL_PREFIX.length), url, rawBody);
				} catch (error) {
					response = { status: 400, body: { error: (error as Error).message } };
				}
				send(res, response);
				return;
			}
			const platform = [...core.platforms.values()].find(
				(p) => url.pathname === p.prefix || url.pathname.startsWith(`${p.prefix}/`),
			);
			if (!platform) {
				send(res, { status: 404, body: { errcode: 404, errmsg: `emulator: no platform is mounted at ${url.pathname}` } });
				return;
			}
			await handlePlatform(core, hung, platform, req, res, url, rawBody);
		})().catch((error) => {
			if (!res.headersSent) send(res, { status: 500, body: { errcode: -1, errmsg: String(error) } });
			else res.destroy();
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});

	emulator = Object.assign(new EmulatorHandle(server, core, host, hung), apis) as unknown as Emulator;
	if (options.fixtures !== false) installFixtures(emulator, options.fixtures ?? 'default');
	return emulator;
}
