/**
 * nodes/shared/router.ts, the item loop every action node runs, tested once here with a node of
 * its own inside n8n-core's WorkflowExecute: dispatch by resource and operation, pairing, the
 * error policy (Continue On Fail and the error that fails the node), ordered concurrency, and the
 * "Custom API Call" menu value. The platform tests only show that their node hands over its map.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { Resource } from '../../../nodes/shared/router';
import { DEFAULT_CONCURRENCY, EVERYONE, route } from '../../../nodes/shared/router';
import { runNode } from '../../helpers';
import type { RunNodeResult } from '../../helpers';

/** What each item did, in the order it happened. */
let events: string[] = [];
let running = 0;
let peak = 0;

/** Throws the error an item's `kind` names, the way operations and the request layer throw. */
function fail(context: IExecuteFunctions, i: number): never {
	const kind = context.getNodeParameter('kind', i) as string;
	const node = context.getNode();
	if (kind === 'api') {
		throw new NodeApiError(node, { message: 'raw' }, { message: `item ${i}: the platform said no`, description: 'a hint', httpCode: '418' });
	}
	if (kind === 'operation') throw new NodeOperationError(node, `item ${i}: refused`, { description: 'what to change' });
	if (kind === 'bare') throw new NodeOperationError(node, `item ${i}: refused`);
	throw new Error(`item ${i}: plain error`);
}

const resources: Record<string, Resource> = {
	item: {
		echo: {
			description: [],
			async execute(this: IExecuteFunctions, i) {
				return { index: i, value: this.getNodeParameter('value', i) as string };
			},
		},
		many: {
			description: [],
			async execute(this: IExecuteFunctions, i) {
				return [{ index: i, part: 1 }, { index: i, part: 2 }];
			},
		},
		binary: {
			description: [],
			async execute(this: IExecuteFunctions, i) {
				const data = await this.helpers.prepareBinaryData(Buffer.from(`bytes ${i}`), 'f.txt', 'text/plain');
				return [{ json: { index: i }, binary: { data } }];
			},
		},
		/** An object with a json key beside others is data, not an n8n item. */
		jsonKey: {
			description: [],
			async execute(this: IExecuteFunctions) {
				return { json: { inner: true }, extra: 1 };
			},
		},
		failOn: {
			description: [],
			async execute(this: IExecuteFunctions, i) {
				if (this.getNodeParameter('value', i) === 'fail') fail(this, i);
				return { index: i };
			},
		},
		/** `slow`, with the ordering key `key` ("a", "a|b" for two, "*" for EVERYONE, "" for none). */
		keyed: {
			description: [],
			orderingKey(this: IExecuteFunctions, i) {
				const key = String(this.getNodeParameter('key', i, ''));
				if (key === '*') return EVERYONE;
				return key ? key.split('|') : undefined;
			},
			async execute(this: IExecuteFunctions, i) {
				return await resources.item.slow.execute.call(this, i);
			},
		},
		/** Keeps the thread busy for `ms` (a burst of work), then waits a moment; item 0 first sets a timer. */
		busy: {
			description: [],
			async execute(this: IExecuteFunctions, i) {
				events.push(`start ${i}`);
				if (i === 0) setTimeout(() => events.push('timer'), 0);
				const until = Date.now() + (this.getNodeParameter('ms', i) as number);
				while (Date.now() < until);
				await sleep(1);
				return { index: i };
			},
		},
		/** Waits `ms`, then fails when `value` is "fail". */
		slow: {
			description: [],
			async execute(this: IExecuteFunctions, i) {
				events.push(`start ${i}`);
				peak = Math.max(peak, ++running);
				try {
					await sleep(this.getNodeParameter('ms', i) as number);
					if (this.getNodeParameter('value', i) === 'fail') fail(this, i);
					return { index: i };
				} finally {
					running--;
					events.push(`end ${i}`);
				}
			},
		},
	},
};

class RouterNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Router Test',
		name: 'routerTest',
		group: ['transform'],
		version: 1,
		description: 'Runs nodes/shared/router.ts over a resource map of its own',
		defaults: { name: 'Router Test' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'string', default: 'item' },
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'echo' },
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			{ displayName: 'Kind', name: 'kind', type: 'string', default: 'plain' },
			{ displayName: 'Ms', name: 'ms', type: 'number', default: 0 },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 1 },
			{ displayName: 'Key', name: 'key', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// 0 leaves Items in Parallel to the router's default.
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		return await route.call(this, resources, concurrency ? { concurrency } : {});
	}
}

const items = (values: IDataObject[]) => values.map((json) => ({ json }));
const run = (parameters: Record<string, unknown>, options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {}) =>
	runNode({ node: RouterNode, parameters: { resource: 'item', ...parameters }, items: options.items, continueOnFail: options.continueOnFail });
const paired = (result: RunNodeResult) => result.items[0].map((item) => item.pairedItem);
/** Which input item each value belongs to, from the expression `={{ $json.v }}`. */
const byItem = { value: '={{ $json.v }}', ms: '={{ $json.ms ?? 0 }}', key: '={{ $json.key ?? "" }}' };
/** The items in the order they started and ended. */
const started = () => events.filter((e) => e.startsWith('start')).map((e) => Number(e.split(' ')[1]));
const ended = () => events.filter((e) => e.startsWith('end')).map((e) => Number(e.split(' ')[1]));

beforeEach(() => {
	events = [];
	running = 0;
	peak = 0;
});

describe('dispatch and pairing', () => {
	it('runs the operation the resource and operation name, for each item with its own parameters', async () => {
		const result = await run({ operation: 'echo', value: '={{ $json.v }}' }, { items: items([{ v: 'a' }, { v: 'b' }]) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].map((item) => item.json)).toEqual([
			{ index: 0, value: 'a' },
			{ index: 1, value: 'b' },
		]);
		expect(paired(result)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('pairs every entry an operation returns with the item it ran for', async () => {
		const result = await run({ operation: 'many' }, { items: items([{}, {}]) });
		expect(result.items[0].map((item) => item.json)).toEqual([
			{ index: 0, part: 1 },
			{ index: 0, part: 2 },
			{ index: 1, part: 1 },
			{ index: 1, part: 2 },
		]);
		expect(paired(result)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it('keeps the binary of items an operation returns, and pairs them', async () => {
		const result = await run({ operation: 'binary' }, { items: items([{}, {}]) });
		expect(result.items[0].map((item) => [item.json, item.binary?.data?.fileName])).toEqual([
			[{ index: 0 }, 'f.txt'],
			[{ index: 1 }, 'f.txt'],
		]);
		expect(paired(result)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('takes an object with a json key beside other keys as data, not as an n8n item', async () => {
		const result = await run({ operation: 'jsonKey' });
		expect(result.items[0]).toEqual([{ json: { json: { inner: true }, extra: 1 }, pairedItem: { item: 0 } }]);
	});

	it.each([
		['an unknown operation', 'item', 'nope', 'The operation "nope" of resource "item" is not supported'],
		['an unknown resource', 'other', 'echo', 'The operation "echo" of resource "other" is not supported'],
		['"Custom API Call" as the resource', '__CUSTOM_API_CALL__', 'echo', 'Custom API Call runs in an HTTP Request node'],
		['"Custom API Call" as the operation', 'item', '__CUSTOM_API_CALL__', 'Custom API Call runs in an HTTP Request node'],
	])('fails %s with a NodeOperationError naming it, for the item', async (_what, resource, operation, message) => {
		const result = await run({ resource, operation }, { items: items([{}, {}]) });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('says where Custom API Call runs and how to authenticate it', async () => {
		const result = await run({ operation: '__CUSTOM_API_CALL__' });
		expect(result.error?.description).toMatch(/HTTP Request node.*Predefined Credential Type.*this node's credential/);
	});
});

describe('errors', () => {
	it.each([
		['a NodeApiError: message, HTTP code and description', 'api', { error: 'item 1: the platform said no', code: '418', description: 'a hint' }],
		['a NodeOperationError with a description', 'operation', { error: 'item 1: refused', description: 'what to change' }],
		['a NodeOperationError without one', 'bare', { error: 'item 1: refused' }],
		['any other error: its message', 'plain', { error: 'item 1: plain error' }],
	])('with Continue On Fail, %s become the failing item, and the others go on', async (_what, kind, json) => {
		const result = await run(
			{ operation: 'failOn', kind, ...byItem },
			{ items: items([{ v: 'ok' }, { v: 'fail' }, { v: 'ok' }]), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].map((item) => item.json)).toEqual([{ index: 0 }, json, { index: 2 }]);
		expect(paired(result)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it.each([
		['a NodeApiError stays one, with its code', 'api', NodeApiError],
		['a NodeOperationError stays one', 'operation', NodeOperationError],
		['any other error becomes a NodeOperationError', 'plain', NodeOperationError],
	])('without Continue On Fail the node fails with the item named: %s', async (_what, kind, type) => {
		const result = await run({ operation: 'failOn', kind, ...byItem }, { items: items([{ v: 'ok' }, { v: 'fail' }]) });
		expect(result.error).toBeInstanceOf(type);
		expect(result.error?.message).toMatch(/^item 1: /);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		if (kind === 'api') expect((result.error as NodeApiError).httpCode).toBe('418');
	});
});

describe('concurrency', () => {
	const timed = [{ ms: 60 }, { ms: 5 }, { ms: 30 }, { ms: 1 }, { ms: 20 }, { ms: 10 }];

	it('runs one item after the other with Items in Parallel 1', async () => {
		const result = await run({ operation: 'slow', ...byItem }, { items: items(timed) });
		expect(result.error).toBeUndefined();
		expect(peak).toBe(1);
		expect(events).toEqual(timed.flatMap((_, i) => [`start ${i}`, `end ${i}`]));
	});

	it('runs up to `concurrency` items at once and keeps the output in item order', async () => {
		const result = await run({ operation: 'slow', concurrency: 3, ...byItem }, { items: items(timed) });
		expect(result.error).toBeUndefined();
		expect(peak).toBe(3);
		// Item 1 ends before item 0 does, yet the output keeps their order.
		expect(events.indexOf('end 1')).toBeLessThan(events.indexOf('end 0'));
		expect(result.items[0].map((item) => item.json)).toEqual(timed.map((_, index) => ({ index })));
		expect(paired(result)).toEqual(timed.map((_, item) => ({ item })));
	});

	it('with Continue On Fail, keeps a failing item in its place', async () => {
		const result = await run(
			{ operation: 'slow', concurrency: 3, kind: 'bare', ...byItem },
			{ items: items([{ ms: 30 }, { ms: 1, v: 'fail' }, { ms: 10 }]), continueOnFail: true },
		);
		expect(result.items[0].map((item) => item.json)).toEqual([{ index: 0 }, { error: 'item 1: refused' }, { index: 2 }]);
		expect(paired(result)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('fails with the first failing item by index, once the running items have ended, and starts no more', async () => {
		// Item 2 fails first in time, item 1 later; item 0 is still running when both have failed.
		const result = await run(
			{ operation: 'slow', concurrency: 3, kind: 'bare', ...byItem },
			{ items: items([{ ms: 150 }, { ms: 60, v: 'fail' }, { ms: 1, v: 'fail' }, {}, {}]) },
		);
		expect(result.error?.message).toBe('item 1: refused');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		expect(events.indexOf('end 2')).toBeLessThan(events.indexOf('end 1'));
		expect(events.at(-1)).toBe('end 0');
		expect(events.filter((event) => event.startsWith('start'))).toEqual(['start 0', 'start 1', 'start 2']);
	});
});

describe('turns on the thread', () => {
	it('lets timers and I/O run once items have kept the thread busy for a few milliseconds', async () => {
		// Ten items that each hold the thread 2 ms before their first wait: started in one go, the
		// timer item 0 sets would wait for all ten.
		const list = Array.from({ length: 10 }, () => ({ ms: 2 }));
		const result = await run({ operation: 'busy', concurrency: 10, ...byItem }, { items: items(list) });
		expect(result.error).toBeUndefined();
		expect(events.indexOf('timer')).toBeGreaterThan(0);
		expect(events.indexOf('timer')).toBeLessThan(events.indexOf('start 5'));
		expect(result.items[0].map((item) => item.json)).toEqual(list.map((_, index) => ({ index })));
	});
});

describe('ordering keys', () => {
	it('runs DEFAULT_CONCURRENCY items at once when the node sets no Items in Parallel', async () => {
		const many = Array.from({ length: DEFAULT_CONCURRENCY * 2 }, () => ({ ms: 20 }));
		const result = await run({ operation: 'slow', concurrency: 0, ...byItem }, { items: items(many) });
		expect(result.error).toBeUndefined();
		expect(peak).toBe(DEFAULT_CONCURRENCY);
	});

	it('runs items with the same key strictly in item order, and items with other keys beside them', async () => {
		// Three replies of three parts each; in each reply the first part is the slowest.
		const parts = ['a', 'b', 'c'].flatMap((key) => [{ key, ms: 40 }, { key, ms: 5 }, { key, ms: 1 }]);
		const result = await run({ operation: 'keyed', concurrency: 8, ...byItem }, { items: items(parts) });
		expect(result.error).toBeUndefined();
		for (const key of ['a', 'b', 'c']) {
			const ofKey = parts.map((p, i) => (p.key === key ? i : -1)).filter((i) => i >= 0);
			expect(ended().filter((i) => ofKey.includes(i))).toEqual(ofKey);
			// A part starts only once the one before it has ended.
			for (let k = 1; k < ofKey.length; k++) {
				expect(events.indexOf(`start ${ofKey[k]}`)).toBeGreaterThan(events.indexOf(`end ${ofKey[k - 1]}`));
			}
		}
		expect(peak).toBe(3);
		expect(result.items[0].map((item) => item.json)).toEqual(parts.map((_, index) => ({ index })));
	});

	it('orders an item with several keys after every earlier item sharing any of them', async () => {
		const list = [
			{ key: 'a', ms: 40 },
			{ key: 'b', ms: 20 },
			{ key: 'a|b', ms: 1 },
			{ key: 'c', ms: 1 },
		];
		await run({ operation: 'keyed', concurrency: 4, ...byItem }, { items: items(list) });
		expect(events.indexOf('start 2')).toBeGreaterThan(events.indexOf('end 0'));
		expect(events.indexOf('start 2')).toBeGreaterThan(events.indexOf('end 1'));
		// Item 3 shares no key: it does not wait behind item 2.
		expect(events.indexOf('end 3')).toBeLessThan(events.indexOf('end 0'));
	});

	it('runs an EVERYONE item alone: after every item before it, before every item after it', async () => {
		const list = [{ key: 'a', ms: 30 }, { ms: 10 }, { key: '*', ms: 5 }, { key: 'b', ms: 1 }, { ms: 1 }];
		await run({ operation: 'keyed', concurrency: 5, ...byItem }, { items: items(list) });
		expect(started().slice(0, 2).sort()).toEqual([0, 1]);
		expect(events.indexOf('start 2')).toBeGreaterThan(Math.max(events.indexOf('end 0'), events.indexOf('end 1')));
		expect(events.indexOf('start 3')).toBeGreaterThan(events.indexOf('end 2'));
		expect(events.indexOf('start 4')).toBeGreaterThan(events.indexOf('end 2'));
	});

	it('without Continue On Fail, still runs the items before a failing one, even those waiting for their key', async () => {
		// Item 2 waits behind item 0 (same key) while item 3 fails: item 2 comes first, so it still runs.
		const list = [{ key: 'a', ms: 60 }, { key: 'b', ms: 1 }, { key: 'a', ms: 1 }, { key: 'c', ms: 5, v: 'fail' }, { key: 'd', ms: 1 }];
		const result = await run({ operation: 'keyed', concurrency: 2, kind: 'bare', ...byItem }, { items: items(list) });
		expect(result.error?.message).toBe('item 3: refused');
		expect(started()).toContain(2);
		// Nothing after the failing item starts once it has failed.
		expect(events.indexOf('start 4') === -1 || events.indexOf('start 4') < events.indexOf('end 3')).toBe(true);
	});

	it('keeps every rule over a long mixed run, and keeps as many keys going at once as there are', async () => {
		// 400 items over five recipients, with two-key items and EVERYONE items among them, in an
		// order and with durations of a fixed pseudo-random sequence.
		let seed = 7;
		const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		const pool = ['a', 'b', 'c', 'd', 'e'];
		const list = Array.from({ length: 400 }, (_, i) => {
			const pick = () => pool[Math.floor(random() * pool.length)];
			const key = i % 97 === 50 ? '*' : i % 13 === 6 ? `${pick()}|${pick()}` : pick();
			return { key, ms: Math.floor(random() * 3) };
		});
		const result = await run({ operation: 'keyed', concurrency: 16, ...byItem }, { items: items(list) });
		expect(result.error).toBeUndefined();
		expect([...started()].sort((x, y) => x - y)).toEqual(list.map((_, i) => i));
		expect([...ended()].sort((x, y) => x - y)).toEqual(list.map((_, i) => i));
		const at = (event: string) => events.indexOf(event);
		list.forEach((item, i) => {
			const keys = item.key.split('|');
			for (let j = 0; j < i; j++) {
				const shared = item.key === '*' || list[j].key === '*' || list[j].key.split('|').some((k) => keys.includes(k));
				if (shared) expect(at(`start ${i}`)).toBeGreaterThan(at(`end ${j}`));
			}
		});
		// Never more than Items in Parallel; all five recipients at once at some point.
		expect(peak).toBeLessThanOrEqual(16);
		expect(peak).toBeGreaterThanOrEqual(pool.length);
		expect(result.items[0].map((item) => item.json)).toEqual(list.map((_, index) => ({ index })));
	});

	it('starts every item an ending item lets go at once, while others still run', async () => {
		// Items 2-5 wait for item 1, which waits for item 0; item 6 runs all along.
		const list = [
			{ key: 'a', ms: 10 },
			{ key: 'a|b|c|d|e', ms: 1 },
			{ key: 'b', ms: 15 },
			{ key: 'c', ms: 15 },
			{ key: 'd', ms: 15 },
			{ key: 'e', ms: 15 },
			{ key: 'z', ms: 150 },
		];
		await run({ operation: 'keyed', concurrency: 8, ...byItem }, { items: items(list) });
		const firstEnd = Math.min(...[2, 3, 4, 5].map((i) => events.indexOf(`end ${i}`)));
		for (const i of [2, 3, 4, 5]) expect(events.indexOf(`start ${i}`)).toBeLessThan(firstEnd);
		expect(events.at(-1)).toBe('end 6');
	});

	it('with Continue On Fail, gives every item its own result in item order', async () => {
		const list = [{ key: 'a', ms: 20 }, { key: 'a', ms: 1, v: 'fail' }, { key: 'a', ms: 1 }, { key: 'b', ms: 1, v: 'fail' }];
		const result = await run({ operation: 'keyed', concurrency: 4, kind: 'bare', ...byItem }, { items: items(list), continueOnFail: true });
		expect(result.items[0].map((item) => item.json)).toEqual([
			{ index: 0 },
			{ error: 'item 1: refused' },
			{ index: 2 },
			{ error: 'item 3: refused' },
		]);
		expect(ended().filter((i) => i < 3)).toEqual([0, 1, 2]);
	});
});

