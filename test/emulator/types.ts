/**
 * Types shared by the emulator core and its platform modules. A platform module only needs these
 * (plus the `EmulatorCore` it is handed) to add itself: see platforms/index.ts.
 */
import type { IncomingHttpHeaders } from 'http';

export type HttpMethod = 'GET' | 'POST';

export interface EmulatorRequest {
	method: string;
	/** Path below the platform prefix, e.g. `/cgi-bin/gettoken` for `/wecom/cgi-bin/gettoken`. */
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** The body parsed as JSON, when it is JSON. */
	json?: unknown;
	/** True when a non-empty body was not valid JSON. */
	jsonError?: boolean;
}

/**
 * What a handler answers. A plain object or array is sent as JSON, a Buffer as raw bytes, a string
 * as text. Platforms answer errors with HTTP 200 and an errcode, so `status` defaults to 200.
 */
export interface EmulatorResponse {
	status?: number;
	headers?: Record<string, string>;
	body: unknown;
}

export type TokenState = 'valid' | 'expired' | 'invalid';

export interface TokenRecord {
	token: string;
	platform: string;
	/** Who the token was issued to: the key a platform uses to find "the previous token". */
	owner: string;
	issuedAt: number;
	expiresAt: number;
	/** From this time on the token answers the platform's invalid-token error (may lie ahead). */
	revokedAt?: number;
	meta: Record<string, unknown>;
}

export interface RouteContext {
	req: EmulatorRequest;
	/** The checked access token, present on routes declared with `auth: true`. */
	token?: TokenRecord;
}

export interface Route {
	method: HttpMethod;
	path: string;
	/** Require a valid `?access_token=`; the core answers the platform's token errors otherwise. */
	auth?: boolean;
	handler(ctx: RouteContext): EmulatorResponse | Promise<EmulatorResponse>;
}

/** The platform-specific bodies the core sends on its own (token checks, faults, unknown paths). */
export interface PlatformErrors {
	missingToken(): unknown;
	invalidToken(): unknown;
	expiredToken(): unknown;
	rateLimited(code?: number): unknown;
	badJson(): unknown;
	wrongMethod(expected: HttpMethod): unknown;
}

export interface PlatformDefinition {
	/** Registry name, used in the request log, counters and faults: `wecom`, `oa`, ... */
	name: string;
	/** Mount point of the platform, e.g. `/wecom`; a credential's Base URL is `${url}${prefix}`. */
	prefix: string;
	routes: Route[];
	errors: PlatformErrors;
	/** Forget state created through the API (tags, chats, media, ...) but keep registered apps. */
	reset(): void;
	/**
	 * Optional out-of-process access to the platform's callback sender: POST /__emulator/callback
	 * and /__emulator/url-verification with `{"platform": name, ...}` land here.
	 */
	control?: Record<string, (body: Record<string, unknown>) => Promise<unknown>>;
}

export interface RecordedRequest {
	id: number;
	platform: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	json?: unknown;
	/** Emulator-clock epoch milliseconds at arrival. */
	time: number;
	durationMs: number;
	status: number;
	/** Parsed JSON, text, or a Buffer for binary answers; undefined for a dropped connection. */
	responseBody: unknown;
	/**
	 * Set when a fault answered instead of the route; `errorAfterDelivery` when the route ran and
	 * its answer was replaced by a gateway error; `hang` for a call never answered (status 0).
	 */
	fault?: FaultKind;
	/** errorAfterDelivery: what the route answered before the fault replaced it. */
	routeResponseBody?: unknown;
}

export interface RequestFilter {
	platform?: string;
	/** Exact path below the prefix, or a RegExp tested against it. */
	path?: string | RegExp;
	method?: string;
	/** Only requests with an id greater than this. */
	sinceId?: number;
}

export type FaultKind =
	| 'rateLimit'
	| 'serverError'
	| 'latency'
	| 'connectionReset'
	| 'rateLimitPerSecond'
	| 'randomRateLimit'
	| 'errorAfterDelivery'
	| 'hang';

export interface Fault {
	id: number;
	platform: string;
	kind: FaultKind;
	/** Exact path below the prefix; every path of the platform when absent. */
	path?: string;
	/**
	 * Times the fault may still fire (latency: requests still to be delayed). Infinity for a latency,
	 * rateLimitPerSecond, randomRateLimit or errorAfterDelivery without a count.
	 */
	remaining: number;
	code?: number;
	status?: number;
	ms?: number;
	/** rateLimitPerSecond: calls let through in any 1000 ms of the emulator clock. */
	limit?: number;
	/** randomRateLimit, errorAfterDelivery: the fraction of matching calls hit (0..1). */
	p?: number;
	/** The seed of the PRNG that draws `p` (same seed, same calls hit). */
	seed?: number;
	/** errorAfterDelivery: every `every`-th matching call (the 1st..k-1th pass, the kth is hit). */
	every?: number;
	/** Matching calls still to let through before the fault starts firing. */
	after?: number;
	/** Matching calls that came to this fault (latency: delayed). */
	seen: number;
	/** Calls this fault answered (latency: delayed). */
	fired: number;
}

export interface FaultOptions {
	path?: string;
}

/** Options of the counted and conditional faults: how many times, after how many calls. */
export interface FaultCountOptions extends FaultOptions {
	/** Let this many matching calls through first (e.g. the 120th call hangs: `after: 119`). */
	after?: number;
}

/** Recipient-level counts of recorded messages: `emulator.deliveries()`, GET /__emulator/deliveries. */
export interface DeliveryReport {
	/** Recorded messages. */
	messages: number;
	/** Message × recipient pairs: a WeCom app message to 3 users is 3 deliveries. */
	deliveries: number;
	/**
	 * Deliveries per recipient: a user id (WeCom `recipients`, Tencent `To_Account` / batch and
	 * group-notification recipients), `chat:<chatid>`, `group:<GroupId>` or `robot:<key>`.
	 */
	recipients: Record<string, number>;
	/** The same content delivered to the same recipient more than once. */
	duplicates: Array<{ recipient: string; content: string; count: number }>;
	/** Deliveries beyond the first of each (recipient, content): the sum of `count - 1` above. */
	duplicateDeliveries: number;
}

export interface DeliveryFilter {
	platform?: string;
	kind?: string;
	/** Only messages recorded at or after this emulator-clock time (epoch ms, see `now()`). */
	since?: number;
}

export interface RecordedMessage {
	platform: string;
	/** Platform-specific channel, e.g. `app`, `appchat` or `robot` for WeCom. */
	kind: string;
	time: number;
	[field: string]: unknown;
}
