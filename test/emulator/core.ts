/**
 * Platform-independent state of the emulator: clock, issued tokens, request log, counters, faults
 * and recorded outbound messages. The HTTP plumbing lives in server.ts; platforms in platforms/.
 */
import { randomBytes } from 'crypto';
import type {
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

	addFault(fault: Omit<Fault, 'id'>): Fault {
		this.platform(fault.platform);
		const added = { ...fault, id: this.nextFaultId++ };
		this.faults.push(added);
		return added;
	}

	/**
	 * Faults that apply to this request, consuming one use of each counted fault that fires.
	 * Latency always applies; of the answering faults (reset, server error, rate limit) the first
	 * added wins, and only it is consumed.
	 */
	takeFaults(platform: string, path: string): { latencyMs: number; answer?: Fault } {
		const matching = this.faults.filter(
			(f) => f.platform === platform && (f.path === undefined || f.path === path) && f.remaining > 0,
		);
		let latencyMs = 0;
		let answer: Fault | undefined;
		for (const fault of matching) {
			if (fault.kind === 'latency') {
				latencyMs += fault.ms ?? 0;
				fault.remaining -= 1;
			} else if (!answer) {
				answer = fault;
				fault.remaining -= 1;
			}
		}
		this.pruneFaults();
		return { latencyMs, answer };
	}

	private pruneFaults(): void {
		for (let i = this.faults.length - 1; i >= 0; i--) {
			if (this.faults[i].remaining <= 0) this.faults.splice(i, 1);
		}
	}

	clearFaults(kind?: FaultKind): void {
		for (let i = this.faults.length - 1; i >= 0; i--) {
			if (kind === undefined || this.faults[i].kind === kind) this.faults.splice(i, 1);
		}
	}

	reset(options: { keepTokens?: boolean } = {}): void {
		this.log.length = 0;
		this.messages.length = 0;
		this.faults.length = 0;
		this.tokenCounters = new Map();
		this.pathCounters = new Map();
		this.clockOffsetMs = 0;
		if (!options.keepTokens) this.tokens.clear();
		for (const platform of this.platforms.values()) platform.reset();
	}
}
