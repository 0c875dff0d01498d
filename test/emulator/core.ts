/**
 * Platform-independent state of the emulator: clock, issued tokens, request log, counters, faults
 * and recorded outbound messages. The HTTP plumbing lives in server.ts; platforms in platforms/.
 */
import { randomBytes } from 'crypto';
import type {
	DeliveryFilter,
	DeliveryReport,
	Fault,
	FaultKind,
	PlatformDefinition,
	RecordedMessage,
	RecordedRequest,
	RequestFilter,
	Route,
	TokenRecord,
	TokenState,
} from './types';

/** mulberry32: a small seeded PRNG, so a fault drawn "at random" hits the same calls every run. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Who a recorded message reached, as `DeliveryReport.recipients` names them. */
export function messageRecipients(message: RecordedMessage): string[] {
	if (Array.isArray(message.recipients)) return message.recipients.map(String);
	if (typeof message.to === 'string') return [message.to];
	if (typeof message.chatid === 'string') return [`chat:${message.chatid}`];
	if (typeof message.groupId === 'string') return [`group:${message.groupId}`];
	if (typeof message.robotKey === 'string') return [`robot:${message.robotKey}`];
	return [];
}

/**
 * What makes two messages "the same" for duplicate counting: the type and content a user sees
 * (WeCom msgtype + payload, Tencent MsgBody or notification Content), not ids, randoms or times.
 */
export function messageContent(message: RecordedMessage): string {
	if (message.msgtype !== undefined) return stableJson({ msgtype: message.msgtype, payload: message.payload });
	if (message.MsgBody !== undefined) return stableJson(message.MsgBody);
	if (message.content !== undefined) return stableJson(message.content);
	return stableJson(message.body);
}

/** Deliveries per recipient and duplicates (same content, same recipient) of a list of messages. */
export function countDeliveries(messages: RecordedMessage[]): DeliveryReport {
	const recipients: Record<string, number> = {};
	const pairs = new Map<string, { recipient: string; content: string; count: number }>();
	let deliveries = 0;
	for (const message of messages) {
		const content = messageContent(message);
		for (const recipient of messageRecipients(message)) {
			deliveries++;
			recipients[recipient] = (recipients[recipient] ?? 0) + 1;
			const key = `${message.platform}\u0000${message.kind}\u0000${recipient}\u0000${content}`;
			const pair = pairs.get(key);
			if (pair) pair.count++;
			else pairs.set(key, { recipient, content, count: 1 });
		}
	}
	const duplicates = [...pairs.values()].filter((p) => p.count > 1);
	return {
		messages: messages.length,
		deliveries,
		recipients,
		duplicates,
		duplicateDeliveries: duplicates.reduce((sum, p) => sum + p.count - 1, 0),
	};
}

/** Kinds that answer in place of the route when they fire; latency and errorAfterDelivery do not. */
const ANSWERING: ReadonlySet<FaultKind> = new Set([
	'rateLimit',
	'serverError',
	'connectionReset',
	'rateLimitPerSecond',
	'randomRateLimit',
	'hang',
]);

export interface TakenFaults {
	latencyMs: number;
	/** Answers instead of the route. */
	answer?: Fault;
	/** The route runs, then this replaces its answer with a gateway error. */
	afterDelivery?: Fault;
}

export class TokenStore {
	private readonly byToken = new Map<string, TokenRecord>();

	constructor(private readonly now: () => number) {}

	issue(
		platform: string,
		owner: string,
		ttlSeconds: number,
		meta: Record<string, unknown> = {},
	): TokenRecord {
		const issuedAt = this.now();
		const record: TokenRecord = {
			// Real tokens are long opaque strings; callers must not parse them, so neither do we.
			token: `emu_${platform}_${randomBytes(30).toString('base64url')}`,
			platform,
			owner,
			issuedAt,
			expiresAt: issuedAt + Math.round(ttlSeconds * 1000),
			meta,
		};
		this.byToken.set(record.token, record);
		return record;
	}

	private revoked(record: TokenRecord): boolean {
		return record.revokedAt !== undefined && this.now() >= record.revokedAt;
	}

	check(platform: string, token: string): { state: TokenState; record?: TokenRecord } {
		const record = this.byToken.get(token);
		if (!record || record.platform !== platform || this.revoked(record)) {
			return { state: 'invalid', record };
		}
		if (this.now() >= record.expiresAt) return { state: 'expired', record };
		return { state: 'valid', record };
	}

	get(token: string): TokenRecord | undefined {
		return this.byToken.get(token);
	}

	list(platform?: string, owner?: string): TokenRecord[] {
		return [...this.byToken.values()].filter(
			(r) => (platform === undefined || r.platform === platform) && (owner === undefined || r.owner === owner),
		);
	}

	/** The newest token of an owner that is neither revoked nor expired. */
	current(platform: string, owner: string): TokenRecord | undefined {
		const now = this.now();
		return this.list(platform, owner)
			.filter((r) => !this.revoked(r) && now < r.expiresAt)
			.sort((a, b) => b.issuedAt - a.issuedAt)[0];
	}

	/** Makes a token invalid (not expired) from `at` on; now by default. */
	revoke(record: TokenRecord, at = this.now()): void {
		record.revokedAt = Math.min(record.revokedAt ?? Infinity, at);
	}

	revokeAll(platform: string): number {
		const records = this.list(platform).filter((r) => !this.revoked(r));
		for (const r of records) this.revoke(r);
		return records.length;
	}

	expireAll(platform: string): number {
		const now = this.now();
		const records = this.list(platform).filter((r) => !this.revoked(r) && r.expiresAt > now);
		for (const r of records) r.expiresAt = now;
		return records.length;
	}

	clear(): void {
		this.byToken.clear();
	}
}

export interface CountersSnapshot {
	/** platform → key → number of token-endpoint calls (keys are chosen by each platform). */
	tokenCalls: Record<string, Record<string, number>>;
	/** `platform METHOD path` → number of requests, whatever answered them. */
	paths: Record<string, number>;
}

export class EmulatorCore {
	readonly platforms = new Map<string, PlatformDefinition>();
	readonly tokens: TokenStore;
	readonly log: RecordedRequest[] = [];
	readonly faults: Fault[] = [];
	readonly messages: RecordedMessage[] = [];
	private clockOffsetMs = 0;
	private nextRequestId = 1;
	private nextFaultId = 1;
	private tokenCounters = new Map<string, Map<string, number>>();
	/** Per fault id: the PRNG of a `p` fault, the recent pass times of a rateLimitPerSecond. */
	private faultRandom = new Map<number, () => number>();
	private faultWindow = new Map<number, number[]>();
	private pathCounters = new Map<string, number>();

	constructor() {
		this.tokens = new TokenStore(() => this.now());
	}

	/** Emulator time: the wall clock plus whatever `advanceClock` added, so expiry tests need not sleep. */
	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	advanceClock(seconds: number): void {
		this.clockOffsetMs += Math.round(seconds * 1000);
	}

	register(platform: PlatformDefinition): void {
		if (this.platforms.has(platform.name)) throw new Error(`Platform ${platform.name} is already registered`);
		for (const other of this.platforms.values()) {
			if (other.prefix === platform.prefix) throw new Error(`Prefix ${platform.prefix} is already taken`);
		}
		this.platforms.set(platform.name, platform);
	}

	/** Lets a later module (e.g. WeChat KF) serve more paths under an existing platform's prefix. */
	addRoutes(platformName: string, routes: Route[]): void {
		const platform = this.platform(platformName);
		platform.routes.push(...routes);
	}

	platform(name: string): PlatformDefinition {
		const platform = this.platforms.get(name);
		if (!platform) throw new Error(`Unknown platform "${name}" (known: ${[...this.platforms.keys()].join(', ')})`);
		return platform;
	}

	nextId(): number {
		return this.nextRequestId++;
	}

	countTokenCall(platform: string, keys: string[]): void {
		let perPlatform = this.tokenCounters.get(platform);
		if (!perPlatform) {
			perPlatform = new Map();
			this.tokenCounters.set(platform, perPlatform);
		}
		for (const key of new Set(['*', ...keys])) perPlatform.set(key, (perPlatform.get(key) ?? 0) + 1);
	}

	countPath(platform: string, method: string, path: string): void {
		const key = `${platform} ${method} ${path}`;
		this.pathCounters.set(key, (this.pathCounters.get(key) ?? 0) + 1);
	}

	tokenCalls(platform: string, key?: string): number {
		const perPlatform = this.tokenCounters.get(platform);
		if (!perPlatform) return 0;
		if (key !== undefined) return perPlatform.get(key) ?? 0;
		// Every call is also counted under `*`: a call may count under several keys, so no sum.
		return perPlatform.get('*') ?? 0;
	}

	pathCalls(platform: string, path: string, method?: string): number {
		if (method) return this.pathCounters.get(`${platform} ${method.toUpperCase()} ${path}`) ?? 0;
		return ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'].reduce(
			(sum, m) => sum + (this.pathCounters.get(`${platform} ${m} ${path}`) ?? 0),
			0,
		);
	}

	counters(): CountersSnapshot {
		const tokenCalls: CountersSnapshot['tokenCalls'] = {};
		for (const [platform, keys] of this.tokenCounters) tokenCalls[platform] = Object.fromEntries(keys);
		return { tokenCalls, paths: Object.fromEntries(this.pathCounters) };
	}

	requests(filter: RequestFilter = {}): RecordedRequest[] {
		return this.log.filter((r) => {
			if (filter.platform !== undefined && r.platform !== filter.platform) return false;
			if (filter.method !== undefined && r.method !== filter.method.toUpperCase()) return false;
			if (filter.sinceId !== undefined && r.id <= filter.sinceId) return false;
			if (filter.path instanceof RegExp) return filter.path.test(r.path);
			if (filter.path !== undefined && r.path !== filter.path) return false;
			return true;
		});
	}

	recordMessage(message: Omit<RecordedMessage, 'time'> & { time?: number }): RecordedMessage {
		const recorded = { ...message, time: message.time ?? this.now() } as RecordedMessage;
		this.messages.push(recorded);
		return recorded;
	}

	/** Deliveries per recipient and duplicates of the recorded messages (see `countDeliveries`). */
	deliveries(filter: DeliveryFilter = {}): DeliveryReport {
		return countDeliveries(
			this.messages.filter(
				(m) =>
					(filter.platform === undefined || m.platform === filter.platform) &&
					(filter.kind === undefined || m.kind === filter.kind) &&
					(filter.since === undefined || m.time >= filter.since),
			),
		);
	}

	addFault(fault: Omit<Fault, 'id' | 'seen' | 'fired'>): Fault {
		this.platform(fault.platform);
		const check = (ok: boolean, what: string) => {
			if (!ok) throw new Error(`${fault.kind}: ${what}`);
		};
		if (fault.kind === 'rateLimitPerSecond') check(Number.isFinite(fault.limit) && fault.limit! >= 0, 'limit must be a number ≥ 0');
		if (fault.kind === 'randomRateLimit') check(fault.p !== undefined, 'p (0..1) is required');
		if (fault.kind === 'errorAfterDelivery') check((fault.every ?? 0) >= 1 || fault.p !== undefined, 'every (≥ 1) or p (0..1) is required');
		if (fault.p !== undefined) check(fault.p >= 0 && fault.p <= 1, 'p must lie in 0..1');
		check(!(fault.remaining < 0) && !Number.isNaN(fault.remaining), 'count must be ≥ 0');
		const added: Fault = { ...fault, id: this.nextFaultId++, seen: 0, fired: 0 };
		if (added.p !== undefined) this.faultRandom.set(added.id, seededRandom(added.seed ?? 1));
		if (added.kind === 'rateLimitPerSecond') this.faultWindow.set(added.id, []);
		this.faults.push(added);
		return added;
	}

	/** Whether a conditional fault hits this call; counted kinds always do (once past `after`). */
	private fires(fault: Fault, now: number): boolean {
		fault.seen += 1;
		if (fault.after !== undefined && fault.after > 0) {
			fault.after -= 1;
			return false;
		}
		switch (fault.kind) {
			case 'rateLimitPerSecond': {
				const window = this.faultWindow.get(fault.id) ?? [];
				while (window.length > 0 && window[0] <= now - 1000) window.shift();
				if (window.length >= (fault.limit ?? 0)) return true;
				window.push(now);
				return false;
			}
			case 'randomRateLimit':
				return (this.faultRandom.get(fault.id)?.() ?? 1) < (fault.p ?? 0);
			case 'errorAfterDelivery':
				if (fault.every !== undefined && fault.every >= 1) return fault.seen % fault.every === 0;
				return (this.faultRandom.get(fault.id)?.() ?? 1) < (fault.p ?? 0);
			default:
				return true;
		}
	}

	/**
	 * Faults that apply to this request, in the order they were added. Every latency applies. Of
	 * the answering faults (rateLimit, serverError, connectionReset, hang, and rateLimitPerSecond /
	 * randomRateLimit when their condition holds) the first that fires wins and only it uses up a
	 * count; the ones after it are not consulted (a rate window or PRNG does not move). When none
	 * fires, the first errorAfterDelivery that fires lets the route run and then replaces its answer.
	 */
	takeFaults(platform: string, path: string): TakenFaults {
		const now = this.now();
		const matching = this.faults.filter(
			(f) => f.platform === platform && (f.path === undefined || f.path === path) && f.remaining > 0,
		);
		const taken: TakenFaults = { latencyMs: 0 };
		for (const fault of matching) {
			if (fault.kind === 'latency') {
				taken.latencyMs += fault.ms ?? 0;
				fault.remaining -= 1;
				fault.seen += 1;
				fault.fired += 1;
			} else if (ANSWERING.has(fault.kind) && !taken.answer && this.fires(fault, now)) {
				taken.answer = fault;
				fault.remaining -= 1;
				fault.fired += 1;
			}
		}
		if (!taken.answer) {
			for (const fault of matching) {
				if (fault.kind !== 'errorAfterDelivery' || !this.fires(fault, now)) continue;
				taken.afterDelivery = fault;
				fault.remaining -= 1;
				fault.fired += 1;
				break;
			}
		}
		this.pruneFaults();
		return taken;
	}

	private pruneFaults(): void {
		for (let i = this.faults.length - 1; i >= 0; i--) {
			if (this.faults[i].remaining <= 0) this.dropFault(i);
		}
	}

	private dropFault(index: number): void {
		const [fault] = this.faults.splice(index, 1);
		this.faultRandom.delete(fault.id);
		this.faultWindow.delete(fault.id);
	}

	clearFaults(kind?: FaultKind): void {
		for (let i = this.faults.length - 1; i >= 0; i--) {
			if (kind === undefined || this.faults[i].kind === kind) this.dropFault(i);
		}
	}

	reset(options: { keepTokens?: boolean } = {}): void {
		this.log.length = 0;
		this.messages.length = 0;
		this.clearFaults();
		this.tokenCounters = new Map();
		this.pathCounters = new Map();
		this.clockOffsetMs = 0;
		if (!options.keepTokens) this.tokens.clear();
		for (const platform of this.platforms.values()) platform.reset();
	}
}
