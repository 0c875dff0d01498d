/**
 * The item loop of every action node: pick the resource's operation, run it for each item, keep
 * pairedItem, and honour "Continue On Fail". Resources are a map from the menu value to the
 * module, so the menu and the dispatch cannot drift apart.
 *
 * Items run several at a time (Throughput → Items in Parallel), output in item order. What one
 * recipient sees is never reordered: an operation names who an item sends to or changes (its
 * ordering key), and items with a key in common run strictly in item order.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IdListOptions } from './params';
import { idList, itemParameter, runParameter } from './params';

/** The value n8n's editor puts in Resource or Operation when the user picks "Custom API Call". */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** Items in Parallel unless the node says otherwise: enough to hide a platform's latency, few enough to stay polite. */
export const DEFAULT_CONCURRENCY = 32;

/** An ordering key that conflicts with every other: the item waits for all before it, and all after it wait for it. */
export const EVERYONE = '*';

export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
	/**
	 * Who item `itemIndex` sends to or changes ("user:bob", "group:@TGS#1"; EVERYONE for a
	 * broadcast): items sharing a key run in item order, the others in parallel. Read parameters
	 * with itemParameter, so execute does not evaluate their expressions again.
	 */
	orderingKey?(this: IExecuteFunctions, itemIndex: number): string | string[] | undefined;
}

export type Resource = Record<string, Operation>;

/** An ordering key from one parameter: `prefix:value`, none when it is blank (the operation will refuse it). */
export function keyFrom(name: string, prefix: string): NonNullable<Operation['orderingKey']> {
	return function (this: IExecuteFunctions, i: number) {
		const value = String(itemParameter.call(this, name, i, '') ?? '').trim();
		return value ? `${prefix}:${value}` : undefined;
	};
}

/** An ordering key per id of a list parameter, read the way the operation reads it. */
export function keysFrom(name: string, prefix: string, ids: IdListOptions): NonNullable<Operation['orderingKey']> {
	return function (this: IExecuteFunctions, i: number) {
		return idList(itemParameter.call(this, name, i, ''), ids).map((id) => `${prefix}:${id}`);
	};
}

function isExecutionData(value: unknown): value is INodeExecutionData {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
	const keys = Object.keys(value);
	return (
		keys.includes('json') &&
		typeof (value as INodeExecutionData).json === 'object' &&
		keys.every((k) => ['json', 'binary', 'pairedItem'].includes(k))
	);
}

export function toExecutionData(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const data = isExecutionData(entry) ? entry : { json: entry as IDataObject };
		return { ...data, pairedItem: { item: itemIndex } };
	});
}

export interface RouteOptions {
	/**
	 * Items run at once (default DEFAULT_CONCURRENCY). Output keeps item order; without "Continue
	 * On Fail" the first failing item (by index) fails the node once the running ones end, and no
	 * item after it starts (those before it still run, as they would one after the other).
	 */
	concurrency?: number;
}

/** A min-heap of item indices: the lowest ready item first. */
class IndexHeap {
	private readonly heap: number[] = [];

	get size(): number {
		return this.heap.length;
	}

	peek(): number | undefined {
		return this.heap[0];
	}

	push(value: number): void {
		const heap = this.heap;
		let k = heap.push(value) - 1;
		while (k > 0) {
			const up = (k - 1) >> 1;
			if (heap[up] <= value) break;
			heap[k] = heap[up];
			k = up;
		}
		heap[k] = value;
	}

	pop(): number | undefined {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop();
		if (heap.length === 0 || last === undefined) return top;
		let k = 0;
		for (;;) {
			let child = 2 * k + 1;
			if (child >= heap.length) break;
			if (child + 1 < heap.length && heap[child + 1] < heap[child]) child++;
			if (heap[child] >= last) break;
			heap[k] = heap[child];
			k = child;
		}
		heap[k] = last;
		return top;
	}
}

const enum ItemState {
	Unread,
	Waiting,
	Ready,
	Running,
	Finished,
}

/**
 * Which item may start next. An item may start when, for each of its keys, every earlier item
 * with that key has ended; keys are read in item order, at most `lookahead` items past the first
 * unfinished one, so a long run of one key does not read the whole input up front.
 *
 * An item is looked at only when something that can let it start happens (it is read, the item
 * before it with a key in common ends, or everything before it has ended), and the ones that may
 * start wait in a heap, lowest first: a run of many items over few recipients costs no scan of
 * the waiting items per start. A worker that takes an item wakes one more while there may be
 * work, instead of every waiting worker waking at every end.
 */
class Schedule {
	private readonly keys: Array<string[]> = [];
	/** Per key, the unfinished items that have it, in item order. */
	private readonly queues = new Map<string, number[]>();
	private readonly state: ItemState[];
	private readonly ready = new IndexHeap();
	private scanned = 0;
	private lowestUnfinished = 0;
	private wake: Array<() => void> = [];
	running = 0;

	constructor(
		private readonly count: number,
		private readonly keysOf: (i: number) => string[],
		private readonly lookahead: number,
	) {
		this.state = new Array<ItemState>(count).fill(ItemState.Unread);
	}

	private eligible(i: number): boolean {
		const keys = this.keys[i];
		if (keys.includes(EVERYONE)) return i === this.lowestUnfinished;
		return keys.every((key) => this.queues.get(key)![0] === i) && !this.behindEveryone(i);
	}

	/** An unfinished EVERYONE item before `i` holds it back. */
	private behindEveryone(i: number): boolean {
		const queue = this.queues.get(EVERYONE);
		return queue !== undefined && queue.length > 0 && queue[0] < i;
	}

	/** Moves a read item that may start now into the heap. */
	private offer(i: number): void {
		if (this.state[i] === ItemState.Waiting && this.eligible(i)) {
			this.state[i] = ItemState.Ready;
			this.ready.push(i);
		}
	}

	private read(i: number): void {
		const keys = [...new Set(this.keysOf(i))];
		this.keys[i] = keys;
		for (const key of keys) {
			const queue = this.queues.get(key);
			if (queue) queue.push(i);
			else this.queues.set(key, [i]);
		}
		this.state[i] = ItemState.Waiting;
		this.offer(i);
	}

	/** Whether another item can be read now. */
	private canRead(limit: number): boolean {
		const end = Math.min(this.count, limit, this.lowestUnfinished + this.lookahead);
		return this.scanned < end && !this.behindEveryone(this.scanned);
	}

	/** The lowest item below `limit` that may start now, or undefined. */
	next(limit: number): number | undefined {
		for (;;) {
			const lowest = this.ready.peek();
			if (lowest !== undefined) {
				// Items not read yet come after every read one: none of them is below the limit either.
				if (lowest >= limit) return undefined;
				this.ready.pop();
				this.state[lowest] = ItemState.Running;
				this.running++;
				if (this.ready.size > 0 || this.canRead(limit)) this.wakeOne();
				return lowest;
			}
			if (!this.canRead(limit)) return undefined;
			this.read(this.scanned++);
		}
	}

	/** Whether an item below `limit` is still to start. */
	pending(limit: number): boolean {
		const readEnd = Math.min(this.scanned, limit);
		for (let i = this.lowestUnfinished; i < readEnd; i++) {
			if (this.state[i] === ItemState.Waiting || this.state[i] === ItemState.Ready) return true;
		}
		return this.scanned < Math.min(this.count, limit);
	}

	done(i: number): void {
		this.running--;
		this.state[i] = ItemState.Finished;
		for (const key of this.keys[i]) {
			const queue = this.queues.get(key)!;
			queue.shift();
			if (queue.length > 0) this.offer(queue[0]);
			else this.queues.delete(key);
		}
		while (this.lowestUnfinished < this.count && this.state[this.lowestUnfinished] === ItemState.Finished) this.lowestUnfinished++;
		// An EVERYONE item waits for everything before it.
		if (this.lowestUnfinished < this.scanned) this.offer(this.lowestUnfinished);
		// The worker that ran item i looks for work next; with nothing running, the waiting ones
		// must look too (and end when nothing is left).
		if (this.running === 0) this.wakeAll();
	}

	private wakeOne(): void {
		this.wake.shift()?.();
	}

	private wakeAll(): void {
		const wake = this.wake;
		this.wake = [];
		for (const resolve of wake) resolve();
	}

	/** Resolves when this worker may find work: another took some while more may be left, or nothing runs. */
	async changed(): Promise<void> {
		await new Promise<void>((resolve) => this.wake.push(resolve));
	}
}

/**
 * Turns on n8n's one thread. Items start in bursts: the answers to a round of calls arrive
 * together, and each starts the next item of its recipient. Started in one go, a burst's calls all
 * wait for its end to go out (a new connection is written only when the thread is back at its
 * I/O), then all wait for the platform together: the rounds never overlap, and a run over few
 * recipients waits out every round trip on top of its work. So items start in slices: once items
 * have started for SLICE_MS without the thread going round its event loop, the next one waits for
 * a timer (n8n's sleep), and the calls already started go out meanwhile. One slice for every run
 * in the process. Measured (npm run bench, 1,000 WeCom sends to 25 members, 20 ms per call): the
 * calls reached the platform as an even stream instead of bursts of 25 every 50 ms, and the run
 * took 1.59 s instead of 2.06 s (medians).
 */
const SLICE_MS = 5;
/** When the current slice began; undefined once the thread has been round its event loop since. */
let sliceStart: number | undefined;

/** Whether the current slice is used up; the first call after a pause begins a new one. */
function sliceOver(): boolean {
	const now = Date.now();
	if (sliceStart === undefined) {
		sliceStart = now;
		// A timer set now runs once the thread has been through its I/O: the slice ends there.
		void sleep(0).then(() => (sliceStart = undefined));
		return false;
	}
	return now - sliceStart >= SLICE_MS;
}

export async function route(
	this: IExecuteFunctions,
	resources: Record<string, Resource>,
	options: RouteOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const concurrency = Math.max(1, Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY) || 1));
	const schedule = new Schedule(items.length, (i) => orderingKeys.call(this, resources, i), Math.max(64, concurrency * 8));
	const results: INodeExecutionData[][] = new Array(items.length);
	let failedAt = Infinity;
	let failure: unknown;
	const worker = async () => {
		for (;;) {
			const i = schedule.next(failedAt);
			if (i === undefined) {
				if (schedule.running === 0 || !schedule.pending(failedAt)) return;
				await schedule.changed();
				continue;
			}
			try {
				// Checked right before the item's own work: no await when the slice is not over.
				while (sliceOver()) await sleep(0);
				results[i] = await runItem.call(this, resources, i);
			} catch (error) {
				if (i < failedAt) {
					failedAt = i;
					failure = error;
				}
			} finally {
				schedule.done(i);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (failedAt !== Infinity) throw failure;
	return [results.flat()];
}

function operationOf(this: IExecuteFunctions, resources: Record<string, Resource>, i: number) {
	const resource = itemParameter.call(this, 'resource', i) as string;
	const operation = itemParameter.call(this, 'operation', i) as string;
	return { resource, operation, handler: resources[resource]?.[operation] };
}

/** An item's keys; none when they cannot be read (the item's run reports why). */
function orderingKeys(this: IExecuteFunctions, resources: Record<string, Resource>, i: number): string[] {
	try {
		const key = operationOf.call(this, resources, i).handler?.orderingKey?.call(this, i);
		return key === undefined ? [] : Array.isArray(key) ? key : [key];
	} catch {
		return [];
	}
}

async function runItem(
	this: IExecuteFunctions,
	resources: Record<string, Resource>,
	i: number,
): Promise<INodeExecutionData[]> {
	try {
		const { resource, operation, handler } = operationOf.call(this, resources, i);
		if (!handler && [resource, operation].includes(CUSTOM_API_CALL)) {
			throw new NodeOperationError(this.getNode(), 'Custom API Call runs in an HTTP Request node', {
				itemIndex: i,
				description:
					"Add an HTTP Request node, set Authentication to Predefined Credential Type and pick this node's credential: it adds the token or signature itself.",
			});
		}
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
				{ itemIndex: i },
			);
		}
		return toExecutionData(await handler.execute.call(this, i), i);
	} catch (error) {
		if (this.continueOnFail()) {
			return [
				{
					json: { error: (error as Error).message, ...errorDetails(error) },
					pairedItem: { item: i },
				},
			];
		}
		if (error instanceof NodeApiError) {
			if (error.context.itemIndex === undefined) error.context.itemIndex = i;
			// The constructor hands back the same NodeApiError: nothing of it is lost.
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		}
		if (error instanceof NodeOperationError && error.context.itemIndex === undefined) {
			error.context.itemIndex = i;
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
}

function errorDetails(error: unknown): IDataObject {
	const details: IDataObject = {};
	if (error instanceof NodeApiError) {
		if (error.httpCode) details.code = error.httpCode;
		if (error.description) details.description = error.description;
		// The platform may have acted on it: a workflow checks before it sends this item again.
		if (error.context.mayHaveBeenDelivered) details.mayHaveBeenDelivered = true;
	} else if (error instanceof NodeOperationError && error.description) {
		details.description = error.description;
	}
	return details;
}

/** Builds the resource menu property from the resource map's keys and display names. */
export function resourceProperty(options: Array<{ name: string; value: string; description?: string }>): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options,
		default: '',
	};
}

/**
 * Throughput → Max Calls per Second: a platform's documented limit per API (`rate`), which the user
 * raises when the platform raised the app's. `limit` says so in the platform's words; `app` is
 * what the platform calls the app whose limit every server shares.
 */
export function maxCallsProperty(rate: number, limit: string, app: string): INodeProperties {
	const description = `Your app’s limit per API: ${limit} Shared by every execution in this n8n process; set it lower to leave room for other servers of the same ${app}.`;
	return { displayName: 'Max Calls per Second', name: 'maxPerSecond', type: 'number', typeOptions: { minValue: 1 }, default: rate, description };
}

/** The run's Max Calls per Second (maxCallsProperty), once per run; `rate` where the node has none. */
export function runMaxPerSecond(this: unknown, rate: number): number {
	return Number(runParameter.call(this, 'throughput.maxPerSecond', rate));
}

/**
 * The Throughput collection: Items in Parallel, and a node's own settings beside it (Max Calls
 * per Second). Read with runParameter: once per run, not per item.
 */
export function throughputProperty(
	description: string,
	hideFor: string[],
	extra: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Throughput',
		name: 'throughput',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		description,
		displayOptions: { hide: { resource: hideFor } },
		options: [
			{
				displayName: 'Items in Parallel',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50 },
				default: DEFAULT_CONCURRENCY,
				description:
					'How many items run at the same time. Output keeps the item order, and items to the same recipient (user, chat, group) always go out one after the other, in item order.',
			},
			...extra,
		],
	};
}
