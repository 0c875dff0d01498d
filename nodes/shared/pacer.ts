/**
 * When a platform call may go out. Every attempt of every request, retries included, takes a slot
 * here first, so one n8n process keeps a platform's documented limits however many items,
 * executions and retries run at once. A slot is a reservation in a sliding-window log: a limit of
 * N calls per W holds in any window of W, not only on calendar seconds or minutes.
 *
 * Two kinds of lane, both shared by the whole process:
 * - per credential identity and API, adaptive: besides its documented limits, a rate-limit answer
 *   caps the lane's calls a second just below what the platform accepted in the last second (70 %
 *   of the cap when it accepted none: the platform may count finer than its docs say, or another
 *   system spends the same limit), each further round of answers lowers it again, not below a
 *   quarter of the lane's nominal rate, and every quiet second raises it a step until it is gone
 *   (multiplicative decrease, additive increase, as TCP does);
 * - per recipient, fixed: where a platform silently drops what goes beyond a limit (WeCom: 30
 *   messages a minute to one member) there is no answer to adapt to, only the limit to keep.
 *
 * The retry timing (backoff, the rate-limit budget, the per-request timeout) lives here too: it is
 * the other half of "when may this call go out".
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** At most `calls` in any `perMs` milliseconds. */
export interface RateLimit {
	calls: number;
	perMs: number;
	/** What is counted, for the error when a call would wait too long: "messages an hour to one member". */
	what?: string;
}

/** One lane a call must pass: its key (identity and API, or recipient) and the limits that apply. */
export interface LaneSpec {
	key: string;
	limits: RateLimit[];
	/** Adapt to rate-limit answers (API lanes); recipient lanes keep their limit as it is. */
	adaptive: boolean;
}

/** A platform's documented limits, as data of its dialect: whose they are, per API and per recipient. */
export interface DialectPacing {
	/** Whose limits a credential spends, as a hash (a robot's identity is its webhook key). */
	identity(credentials: ICredentialDataDecryptedObject): string;
	/** Per identity and API path. */
	perApi: RateLimit[];
	/** Paths with limits of their own: per API instead of `perApi`, and per recipient (the request's `recipients`). */
	paths?: Record<string, { perApi?: RateLimit[]; perRecipient?: RateLimit[] }>;
	/** How long rate-limit answers are retried per request: the platform's counting window and a margin. */
	rateLimitBudgetMs: number;
}

/** What of a request decides its lanes. */
export interface PacedCall {
	/** Path below the base URL, e.g. "/cgi-bin/message/send". */
	path: string;
	/** Who the call reaches, for per-recipient limits ("user:zhangsan", "party:2"). */
	recipients?: string[];
	/** A limit of the call's own, in calls per second (Tencent's Max Calls per Second, which carries its documented 200). */
	maxPerSecond?: number;
}

/** Dialects without pacing data retry rate limits this long: the WeChat family counts per minute. */
const DEFAULT_RATE_LIMIT_BUDGET_MS = 70000;

export function rateLimitBudget(pacing: DialectPacing | undefined): number {
	return retryPolicy.rateLimitBudgetMs ?? pacing?.rateLimitBudgetMs ?? DEFAULT_RATE_LIMIT_BUDGET_MS;
}

/**
 * A run's credentials object → its identity (a hash): computed once per run, not per call. The
 * object is the run's own copy, and what the identity hashes (IDs, secret, base URL) stays as it is.
 */
const identities = new WeakMap<ICredentialDataDecryptedObject, Map<string, string>>();

/** The lanes of a call: its identity's API (with the call's ceiling) and each recipient where the path limits them. */
export function laneSpecs(
	platform: string,
	pacing: DialectPacing | undefined,
	credentials: ICredentialDataDecryptedObject,
	call: PacedCall,
): LaneSpec[] {
	if (!pacing) return [];
	let known = identities.get(credentials);
	if (!known) identities.set(credentials, (known = new Map()));
	let identity = known.get(platform);
	if (identity === undefined) {
		identity = `${platform}\u0000${pacing.identity(credentials)}`;
		known.set(platform, identity);
	}
	const path = pacing.paths?.[call.path];
	const perApi = [...(path?.perApi ?? pacing.perApi)];
	if (call.maxPerSecond !== undefined && call.maxPerSecond > 0) {
		perApi.push({ calls: call.maxPerSecond, perMs: 1000, what: 'calls a second (Max Calls per Second)' });
	}
	// Every API has its lane, documented limits or not: a rate-limit answer caps it.
	const lanes: LaneSpec[] = [{ key: `${identity}\u0000api\u0000${call.path}`, limits: perApi, adaptive: true }];
	const perRecipient = path?.perRecipient ?? [];
	if (perRecipient.length) {
		for (const recipient of new Set(call.recipients ?? [])) {
			lanes.push({ key: `${identity}\u0000to\u0000${recipient}`, limits: perRecipient, adaptive: false });
		}
	}
	return lanes;
}

/**
 * Retries and waits; tests shorten them. `rateLimitBudgetMs` overrides every dialect's budget,
 * `maxPaceWaitMs` is the longest a call may wait for its slot before it fails instead.
 */
export const retryPolicy = {
	/** Resends after a server error or a broken connection, where resending is safe. */
	maxRetries: 3,
	baseDelayMs: 400,
	maxDelayMs: 5000,
	/** Per attempt: a call that hangs must not hold its item (and the node) for n8n's 300 s. */
	timeoutMs: 10000,
	rateLimitBudgetMs: undefined as number | undefined,
	maxPaceWaitMs: 120000,
};

export function backoffDelay(attempt: number): number {
	const exp = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** attempt);
	return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** The lowest cap, in calls a second: a busy platform still gets calls, a lone retry is not held for seconds. */
export const MIN_RATE = 5;
/**
 * Nor below a quarter of the lane's nominal rate: a platform that refuses at random (overload, not
 * our rate) would otherwise drive the cap down one decrease a second and starve the run.
 */
const FLOOR_SHARE = 0.25;
/** The nominal rate of an API without a documented limit (WeCom's message/send), in calls a second. */
const UNDOCUMENTED_RATE = 200;

/** A lane's rate by its documented limits, in calls a second: the tightest of them. */
function nominalRate(limits: RateLimit[]): number {
	const rates = limits.map((limit) => (limit.calls * 1000) / limit.perMs);
	return rates.length ? Math.min(...rates) : UNDOCUMENTED_RATE;
}
/** What a rate-limit answer leaves of the rate it refused (CUBIC's 0.7: TCP's 0.5 idles too long after each). */
const DECREASE = 0.7;
/** What a rate-limit answer leaves of the most the platform accepted in a second: just below it. */
const ACCEPTED_SHARE = 0.98;
/** What a rate-limit answer leaves of a cap already below that: the platform allows a little less, or counts differently. */
const BELOW_PEAK = 0.98;
/** How long the most the platform accepted in a second stands for its limit. */
const PEAK_MS = 10000;
/** Quiet time after which a capped lane takes its next step up. */
const RECOVERY_MS = 1000;
/** A cap raised this many steps above its first value is lifted: the platform no longer limits there. */
const STEPS_TO_LIFT = 20;

class Lane {
	/** Calls a second this lane allows itself since a rate-limit answer; Infinity until one. */
	rate = Infinity;
	horizonMs = RECOVERY_MS;
	private step = 1;
	private floor = MIN_RATE;
	private decreasedAt = -Infinity;
	private recoveredAt = -Infinity;
	/** Slot times, ascending (slots are handed out in order); `head` skips the expired ones. */
	private times: number[] = [];
	private head = 0;
	/** The lane's first slot. */
	private firstAt = Infinity;
	/** The most calls the platform accepted in a second, when measured last. */
	private peak = 0;
	private peakAt = -Infinity;
	/** When the platform answered calls of this lane with anything but a rate limit, in the last second. */
	private accepted: number[] = [];

	constructor(readonly adaptive: boolean) {}

	get count(): number {
		return this.times.length - this.head;
	}

	/** The documented limits, and the cap a rate-limit answer set. */
	private limitsWith(limits: RateLimit[]): RateLimit[] {
		if (!Number.isFinite(this.rate)) return limits;
		return [...limits, { calls: Math.max(1, Math.floor(this.rate)), perMs: 1000, what: 'calls a second since the platform answered a rate limit' }];
	}

	/** The earliest time, not before `after` nor before the lane's last slot, that keeps every limit. */
	earliest(limits: RateLimit[], after: number): { at: number; limit?: RateLimit } {
		let at = Math.max(after, this.count > 0 ? this.times[this.times.length - 1] : -Infinity);
		let binding: RateLimit | undefined;
		for (const limit of this.limitsWith(limits)) {
			if (this.count < limit.calls) continue;
			// The calls-th newest slot must have left the window: (t - perMs, t] then holds calls - 1.
			const free = this.times[this.times.length - limit.calls] + limit.perMs;
			if (free > at) {
				at = free;
				binding = limit;
			}
		}
		return { at, limit: binding };
	}

	take(at: number, limits: RateLimit[]): void {
		if (!Number.isFinite(this.firstAt)) this.firstAt = at;
		this.times.push(at);
		for (const limit of limits) this.horizonMs = Math.max(this.horizonMs, limit.perMs);
	}

	/** A slot whose call delivered nothing (refused for the rate or the token) is given back. */
	release(at: number): void {
		const index = this.times.lastIndexOf(at);
		if (index >= this.head) this.times.splice(index, 1);
	}

	prune(now: number): void {
		while (this.head < this.times.length && this.times[this.head] <= now - this.horizonMs) this.head++;
		if (this.head > 1024 && this.head * 2 > this.times.length) {
			this.times = this.times.slice(this.head);
			this.head = 0;
		}
	}

	/** Slots in (now - 1 s, now]: the rate the platform just refused. */
	private lastSecond(now: number): number {
		let n = 0;
		for (let k = this.times.length - 1; k >= this.head && this.times[k] > now - 1000; k--) if (this.times[k] <= now) n++;
		return n;
	}

	/** Calls the platform accepted in (now - 1 s, now]: the rate it let through. */
	private acceptedLastSecond(now: number): number {
		let start = 0;
		while (start < this.accepted.length && this.accepted[start] <= now - 1000) start++;
		if (start) this.accepted.splice(0, start);
		return this.accepted.length;
	}

	/**
	 * Only a call reserved under the current cap says something new: the calls already under way
	 * when the lane slowed were paced for the old one, so a round of them lowers it once. The first
	 * answer starts the cap from what the lane sent in the last second, or its nominal rate when it
	 * had sent little (a refusal right at the start says little about the rate).
	 *
	 * The most the platform accepted in a second (its peak, over the last PEAK_MS) is the rate it
	 * allows: a cap above it goes to just below it. A refusal under that means the platform now
	 * allows a little less, or counts a little differently (another system spends the same limit,
	 * or it refuses at random): the cap goes down by 2 %, or to 70 % while there is no peak to go by.
	 */
	limited(reservedAt: number, now: number, limits: RateLimit[]): void {
		if (!this.adaptive || reservedAt < this.decreasedAt) return;
		// In a lane's first second, what it accepted so far is the least the platform allows, not
		// the most: still a peak, as a later, whole second can only raise it.
		const accepted = this.acceptedLastSecond(now);
		if (now - this.peakAt > PEAK_MS) this.peak = 0;
		if (accepted > 0 && accepted >= this.peak) {
			this.peak = accepted;
			this.peakAt = now;
		}
		const young = now - this.firstAt < 1000;
		if (!Number.isFinite(this.rate)) {
			const base = Math.max(this.lastSecond(now), nominalRate(limits));
			// What the platform accepted measures its limit better than the documented rate: the
			// floor and the recovery step are shares of it.
			const measure = accepted > 0 && !young ? Math.min(base, accepted) : base;
			this.step = Math.max(1, measure / 10);
			this.floor = Math.max(MIN_RATE, measure * FLOOR_SHARE);
			this.rate = base;
		}
		const target = this.peak * ACCEPTED_SHARE;
		const cut = young
			? Math.max(target, this.rate * DECREASE)
			: this.peak > 0
				? this.rate > target
					? target
					: this.rate * BELOW_PEAK
				: this.rate * DECREASE;
		this.rate = Math.max(this.floor, cut);
		this.decreasedAt = now;
	}

	answered(now: number): void {
		if (!this.adaptive) return;
		this.accepted.push(now);
		if (this.accepted.length > 4096) this.acceptedLastSecond(now);
		if (!Number.isFinite(this.rate)) return;
		if (now - Math.max(this.decreasedAt, this.recoveredAt) < RECOVERY_MS) return;
		this.rate += this.step;
		this.recoveredAt = now;
		if (this.rate > this.step * STEPS_TO_LIFT) this.rate = Infinity;
	}

	idle(now: number): boolean {
		this.prune(now);
		return this.count === 0 && !Number.isFinite(this.rate) && this.acceptedLastSecond(now) === 0;
	}
}

/** A reserved slot: the lanes it holds, its time, and when it was reserved. */
export interface Slot {
	at: number;
	reservedAt: number;
	lanes: Array<{ lane: Lane; spec: LaneSpec }>;
}

/** A call would wait longer than `retryPolicy.maxPaceWaitMs` for its slot: it is not made (returned, not thrown). */
export class PaceWaitTooLong extends Error {
	constructor(
		readonly waitMs: number,
		readonly limit: RateLimit | undefined,
	) {
		super(`would wait ${Math.ceil(waitMs / 1000)} s for a slot`);
		this.name = 'PaceWaitTooLong';
	}

	/** The limit in words: "at most 1000 messages an hour to one member". */
	get rule(): string {
		const limit = this.limit;
		return limit ? `at most ${limit.calls} ${limit.what ?? `calls per ${limit.perMs / 1000} s`}` : 'only so many calls';
	}
}

const MAX_LANES = 20000;

/** The lanes of one process. Pure bookkeeping: the caller sleeps until the slot's time. */
export class Pacer {
	private readonly lanes = new Map<string, Lane>();

	private lane(spec: LaneSpec, now: number): Lane {
		let lane = this.lanes.get(spec.key);
		if (!lane) {
			if (this.lanes.size >= MAX_LANES) this.sweep(now);
			lane = new Lane(spec.adaptive);
			this.lanes.set(spec.key, lane);
		}
		lane.prune(now);
		return lane;
	}

	private sweep(now: number): void {
		for (const [key, lane] of this.lanes) if (lane.idle(now)) this.lanes.delete(key);
		while (this.lanes.size >= MAX_LANES) this.lanes.delete(this.lanes.keys().next().value as string);
	}

	/** Reserves the earliest slot every lane allows, or reserves nothing and says why when it lies beyond `maxWaitMs`. */
	reserve(specs: LaneSpec[], now: number): Slot;
	reserve(specs: LaneSpec[], now: number, maxWaitMs: number): Slot | PaceWaitTooLong;
	reserve(specs: LaneSpec[], now: number, maxWaitMs = Infinity): Slot | PaceWaitTooLong {
		const lanes = specs.map((spec) => ({ spec, lane: this.lane(spec, now) }));
		let at = now;
		let binding: RateLimit | undefined;
		for (const { spec, lane } of lanes) {
			const earliest = lane.earliest(spec.limits, at);
			if (earliest.at > at) {
				at = earliest.at;
				binding = earliest.limit ?? binding;
			}
		}
		if (at - now > maxWaitMs) return new PaceWaitTooLong(at - now, binding);
		for (const { spec, lane } of lanes) lane.take(at, spec.limits);
		return { at, reservedAt: now, lanes };
	}

	/**
	 * The platform answered with a rate limit: adaptive lanes slow down (the refused call keeps its
	 * slot there, so retries do not hammer a platform that counts them), the recipients' slots come back.
	 */
	rateLimited(slot: Slot, now: number): void {
		for (const { lane, spec } of slot.lanes) {
			if (lane.adaptive) lane.limited(slot.reservedAt, now, spec.limits);
			else lane.release(slot.at);
		}
	}

	/** The call delivered nothing for another reason (a refused token): the recipients' slots come back. */
	unused(slot: Slot): void {
		for (const { lane } of slot.lanes) if (!lane.adaptive) lane.release(slot.at);
	}

	/** Any answer but a rate limit: a capped lane goes up a step per quiet second. */
	answered(slot: Slot, now: number): void {
		for (const { lane } of slot.lanes) lane.answered(now);
	}

	/** For tests and diagnostics: a lane's cap in calls a second (Infinity when it has not slowed). */
	rate(key: string): number {
		return this.lanes.get(key)?.rate ?? Infinity;
	}

	clear(): void {
		this.lanes.clear();
	}
}

/** The process's pacer: every execution of every node shares it. */
export const pacer = new Pacer();

/** Waits for a slot in every lane (none: at once), or says how long the wait would have been. */
export async function takeSlot(specs: LaneSpec[]): Promise<Slot | PaceWaitTooLong> {
	const now = Date.now();
	const slot = pacer.reserve(specs, now, retryPolicy.maxPaceWaitMs);
	if (!(slot instanceof PaceWaitTooLong) && slot.at > now) await sleep(slot.at - now);
	return slot;
}

/** For tests: forget every lane. */
export function clearPacers(): void {
	pacer.clear();
}
