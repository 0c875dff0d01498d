/**
 * nodes/shared/params.ts, called directly: the one idList, JSON reader, id checks, chunking and
 * paging loop every platform uses, with each platform's rules given as options.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { IdListOptions, Page } from '../../../nodes/shared/params';
import {
	assertCount,
	assertMaxBytes,
	assertNotEmpty,
	chunks,
	fail,
	idList,
	jsonParameter,
	paginate,
	requiredId,
	requiredIds,
} from '../../../nodes/shared/params';
import { TIM_IDS } from '../../../nodes/TencentCloudIm/actions/common/ids';
import { WECOM_IDS } from '../../../nodes/WeCom/actions/common/ids';

const node: INode = { id: 'n1', name: 'Params', type: 'test.params', typeVersion: 1, position: [0, 0], parameters: {} };

/** The two methods the helpers use, over a fixed set of parameter values. */
function context(parameters: Record<string, unknown> = {}): IExecuteFunctions {
	return {
		getNode: () => node,
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IExecuteFunctions;
}

/** The NodeOperationError a call throws (fails the test when it throws nothing or something else). */
function errorOf(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('expected a NodeOperationError');
}

describe('fail', () => {
	it('throws a NodeOperationError for the item, with the hint as description', () => {
		const error = errorOf(() => fail.call(context(), 3, 'Chat ID is empty', 'Give the chatid of Create'));
		expect(error.message).toBe('Chat ID is empty');
		expect(error.description).toBe('Give the chatid of Create');
		expect(error.context.itemIndex).toBe(3);
		expect(error.node).toBe(node);
	});
});

describe('idList', () => {
	const pipeOnly: IdListOptions = { separators: /\|/, unique: false };

	it.each<[string, unknown, IdListOptions, string[]]>([
		// WeCom: "|", commas and white space; repeats kept (the operation decides).
		['WeCom pipes and commas', 'a|b, c', WECOM_IDS, ['a', 'b', 'c']],
		['WeCom white space and new lines', ' a \n b\tc ', WECOM_IDS, ['a', 'b', 'c']],
		['WeCom keeps repeats', 'a, b, a', WECOM_IDS, ['a', 'b', 'a']],
		['WeCom does not split on ";" or "，"', 'a;b，c', WECOM_IDS, ['a;b，c']],
		// Tencent: commas (the Chinese one too), ";" and white space; repeats dropped, first place kept.
		['Tencent Chinese comma and semicolon', 'a，b;c d', TIM_IDS, ['a', 'b', 'c', 'd']],
		['Tencent drops repeats', 'b, a, b, a', TIM_IDS, ['b', 'a']],
		['Tencent does not split on "|"', 'a|b', TIM_IDS, ['a|b']],
		// Either way: arrays element by element, blanks dropped, nothing given = no ids.
		['an array is not split further', [' a ', 'b,c', 7], WECOM_IDS, ['a', 'b,c', '7']],
		['blank and missing array entries', ['a', '', null, undefined, ' '], TIM_IDS, ['a']],
		['an empty text', '', WECOM_IDS, []],
		['undefined', undefined, TIM_IDS, []],
		['a number', 42, WECOM_IDS, ['42']],
		['custom separators', 'a|b, c|a', pipeOnly, ['a', 'b, c', 'a']],
		['unique as an override', 'a|a|b', { ...WECOM_IDS, unique: true }, ['a', 'b']],
	])('%s', (_name, value, options, expected) => {
		expect(idList(value, options)).toEqual(expected);
	});
});

describe('requiredId and requiredIds', () => {
	it.each([
		['trimmed', { chatId: '  ops01 ' }, 'ops01'],
		['a number by expression', { chatId: 12 }, '12'],
	])('requiredId: %s', (_name, parameters, expected) => {
		expect(requiredId.call(context(parameters), 'chatId', 0, 'Chat ID')).toBe(expected);
	});

	it.each([
		['empty', { chatId: '' }],
		['spaces only', { chatId: '   ' }],
		['null by expression', { chatId: null }],
		['missing', {}],
	])('requiredId fails when %s', (_name, parameters) => {
		expect(errorOf(() => requiredId.call(context(parameters), 'chatId', 2, 'Chat ID')).message).toBe('Chat ID is empty');
	});

	it('requiredIds reads with the platform rule and fails on none', () => {
		expect(requiredIds.call(context({ ids: 'a，b, a' }), 'ids', 0, 'User IDs', TIM_IDS)).toEqual(['a', 'b']);
		const error = errorOf(() => requiredIds.call(context({ ids: ' , ' }), 'ids', 1, 'User IDs', TIM_IDS));
		expect(error.message).toBe('User IDs: give at least one');
		expect(error.context.itemIndex).toBe(1);
	});
});

describe('jsonParameter', () => {
	const objectOnly = { object: true, emptyIsAbsent: false };

	it.each<[string, unknown, object | undefined, unknown]>([
		// Default (Tencent's rule): any JSON, blank is "not given".
		['an array as text', '[{"a":1}]', undefined, [{ a: 1 }]],
		['a number as text', '5', undefined, 5],
		['a blank text is undefined', '  ', undefined, undefined],
		['a value made by an expression', [{ MsgType: 'x' }], undefined, [{ MsgType: 'x' }]],
		// WeCom's rule: an object, and blank is an error.
		['an object as text', '{"card_type":"text_notice"}', objectOnly, { card_type: 'text_notice' }],
		['an object made by an expression', { card_type: 'x' }, objectOnly, { card_type: 'x' }],
	])('reads %s', (_name, value, options, expected) => {
		expect(jsonParameter.call(context({ json: value }), 'json', 0, 'Body', options)).toEqual(expected);
	});

	it.each<[string, unknown, object | undefined, string]>([
		['text that does not parse', '{"a": ', undefined, 'Body is not valid JSON'],
		['text that does not parse (object rule)', '{ a: 1 }', objectOnly, 'Body is not valid JSON'],
		['a blank text under the object rule', '', objectOnly, 'Body is empty: give a JSON object'],
		['an array under the object rule', '[1]', objectOnly, 'Body must be a JSON object'],
		['a number by expression under the object rule', 3, objectOnly, 'Body must be a JSON object'],
		['JSON null under the object rule', 'null', objectOnly, 'Body must be a JSON object'],
	])('refuses %s', (_name, value, options, message) => {
		const error = errorOf(() => jsonParameter.call(context({ json: value }), 'json', 4, 'Body', options));
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(4);
	});

	it('names the parser error in the description', () => {
		const error = errorOf(() => jsonParameter.call(context({ json: '{"a": ' }), 'json', 0, 'Body'));
		expect(error.description).toMatch(/JSON/);
	});
});

describe('checks', () => {
	it.each([
		['within the cap', 'ab字', 5, undefined],
		['one byte over', 'ab字x', 5, 'Text: at most 5 bytes (UTF-8), got 6'],
	])('assertMaxBytes %s', (_name, text, max, message) => {
		const run = () => assertMaxBytes.call(context(), 0, 'Text', text, max);
		if (message === undefined) expect(run).not.toThrow();
		else expect(errorOf(run).message).toBe(message);
	});

	it.each([
		[0, 1, 8, 'Articles: at least 1 allowed, got 0'],
		[9, 1, 8, 'Articles: at most 8 allowed, got 9'],
		[2, 3, 3, 'Articles: exactly 3 allowed, got 2'],
		[8, 1, 8, undefined],
	])('assertCount %i in %i..%i', (count, min, max, message) => {
		const run = () => assertCount.call(context(), 0, 'Articles', count, min, max);
		if (message === undefined) expect(run).not.toThrow();
		else expect(errorOf(run).message).toBe(message);
	});

	it('assertNotEmpty counts spaces as empty', () => {
		expect(errorOf(() => assertNotEmpty.call(context(), 0, 'Title', ' \n')).message).toBe('Title is empty');
		expect(() => assertNotEmpty.call(context(), 0, 'Title', ' x ')).not.toThrow();
	});
});

describe('chunks', () => {
	it.each([
		[[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
		[[1, 2], 2, [[1, 2]]],
		[[], 100, []],
	])('%j in runs of %i', (list, size, expected) => {
		expect(chunks(list, size)).toEqual(expected);
	});
});

describe('paginate', () => {
	/** A cursor-paged list of `total` numbers whose cursor is the next index as text ('' after the last). */
	function cursorList(total: number, repeatAt?: number) {
		const asked: Array<[string, number]> = [];
		const fetch = async (cursor: string, size: number): Promise<Page<number, string>> => {
			asked.push([cursor, size]);
			const start = Number(cursor || 0);
			const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, k) => start + k);
			const end = start + items.length;
			// A platform fault: from `repeatAt` on, the cursor handed back is the one asked with.
			const next = repeatAt !== undefined && start >= repeatAt ? cursor : end < total ? String(end) : '';
			return { items, next };
		};
		return { asked, fetch };
	}

	it.each<[string, number, number, number, Array<[string, number]>]>([
		['Return All over three pages', 25, Infinity, 10, [['', 10], ['10', 10], ['20', 10]]],
		['a limit inside the first page', 25, 7, 10, [['', 7]]],
		['a limit asks the last page only for what is missing', 25, 13, 10, [['', 10], ['10', 3]]],
		['an exact multiple of the page size', 20, Infinity, 10, [['', 10], ['10', 10]]],
		['an empty list', 0, Infinity, 10, [['', 10]]],
	])('%s', async (_name, total, limit, pageSize, asked) => {
		const list = cursorList(total);
		const items = await paginate({ limit, pageSize, first: '' }, list.fetch);
		expect(list.asked).toEqual(asked);
		expect(items).toEqual(Array.from({ length: Math.min(total, limit) }, (_, k) => k));
	});

	it('stops at a cursor seen before', async () => {
		const list = cursorList(100, 20);
		const items = await paginate({ limit: Infinity, pageSize: 10, first: '' }, list.fetch);
		expect(list.asked.map(([cursor]) => cursor)).toEqual(['', '10', '20']);
		expect(items).toHaveLength(30);
	});

	it('pages by offset and stops where the page says it is the last', async () => {
		const asked: number[] = [];
		const items = await paginate<string, number>({ limit: Infinity, pageSize: 2, first: 0 }, async (offset, size) => {
			asked.push(offset);
			const page = ['a', 'b', 'c', 'd', 'e'].slice(offset, offset + size);
			return { items: page, next: page.length === size ? offset + page.length : undefined };
		});
		expect(asked).toEqual([0, 2, 4]);
		expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('an offset that does not move is a repeated cursor', async () => {
		let calls = 0;
		const items = await paginate<number, number>({ limit: Infinity, pageSize: 5, first: 0 }, async () => {
			calls++;
			return { items: [], next: 0 };
		});
		expect(calls).toBe(1);
		expect(items).toEqual([]);
	});
});
