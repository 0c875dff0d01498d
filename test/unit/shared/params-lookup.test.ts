/**
 * itemParameter looks up what n8n would only look up (`{{ $json.path }}`, plain values) instead of
 * evaluating it. The known answer is n8n's own evaluation (n8n-core's getNodeParameter) of the
 * same parameter on the same item: the two must agree for every case, and a case the lookup does
 * not take must still come out as n8n says.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { itemParameter } from '../../../nodes/shared/params';
import { runNode } from '../../helpers';

const CASES: Record<string, unknown> = {
	plain: 'just text',
	plainWithBraces: 'not an {{ expression }}',
	number: 42,
	boolean: true,
	whole: '={{ $json.name }}',
	wholeNumber: '={{ $json.count }}',
	wholeBoolean: '={{ $json.flag }}',
	nested: '={{ $json.user.id }}',
	bracketDouble: '={{ $json["with space"] }}',
	bracketSingle: "={{ $json['with space'] }}",
	arrayIndex: '={{ $json.list[1] }}',
	spaced: '={{   $json . user . id   }}',
	template: '=Hello {{ $json.name }}, you have {{ $json.count }} messages',
	templateEdges: '={{ $json.name }}!',
	multiline: '=line 1\n{{ $json.name }}\nline 3',
	// Not taken by the lookup: n8n evaluates them, and the answer must not change.
	missing: '={{ $json.nothing }}',
	templateMissing: '=Hi {{ $json.nothing }}',
	object: '={{ $json.user }}',
	templateObject: '=User: {{ $json.user }}',
	nullValue: '={{ $json.none }}',
	method: '={{ $json.name.toUpperCase() }}',
	arithmetic: '={{ $json.count + 1 }}',
	otherVariable: '={{ $now.year > 2000 }}',
	itemIndex: '={{ $itemIndex }}',
	prototype: '={{ $json.name.length }}',
	constructorKey: '={{ $json.constructor }}',
	braceInText: '=a {{ $json.name }} }} b',
	emptyExpression: '=',
	noSegments: '=plain after equals',
};

const ITEMS: INodeExecutionData[] = [
	{ json: { name: 'Zhang San', count: 3, flag: false, user: { id: 'zhangsan' }, 'with space': 'ok', list: ['a', 'b'], none: null } },
	{ json: { name: '李四', count: 0, flag: true, user: { id: 'lisi' }, 'with space': '', list: [1, 2.5], none: null } },
];

class CompareNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Compare',
		name: 'compare',
		group: ['transform'],
		version: 1,
		description: 'Reads each parameter both ways',
		defaults: { name: 'Compare' },
		inputs: ['main'],
		outputs: ['main'],
		properties: Object.keys(CASES).map((name) => ({
			displayName: name,
			name,
			type: typeof CASES[name] === 'number' ? 'number' : typeof CASES[name] === 'boolean' ? 'boolean' : 'string',
			default: '',
		})),
	} as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		this.getInputData().forEach((_, i) => {
			for (const name of Object.keys(CASES)) {
				let n8n: unknown;
				let ours: unknown;
				try {
					n8n = this.getNodeParameter(name, i, '');
				} catch (error) {
					n8n = `error: ${(error as Error).message}`;
				}
				try {
					ours = itemParameter.call(this, name, i, '');
				} catch (error) {
					ours = `error: ${(error as Error).message}`;
				}
				out.push({ json: { item: i, name, n8n: n8n as never, ours: ours as never, same: JSON.stringify(n8n) === JSON.stringify(ours) } });
			}
		});
		return [out];
	}
}

it('gives what n8n gives, for every parameter of every item', async () => {
	const result = await runNode({ node: CompareNode, parameters: CASES as never, items: ITEMS });
	const rows = result.items[0].map((item) => item.json);
	expect(rows).toHaveLength(Object.keys(CASES).length * ITEMS.length);
	expect(rows.filter((row) => !row.same)).toEqual([]);
	// The cases really are what they say: lookups give the item's values.
	const value = (name: string, item: number) => rows.find((row) => row.name === name && row.item === item)!.ours;
	expect(value('template', 0)).toBe('Hello Zhang San, you have 3 messages');
	expect(value('wholeNumber', 1)).toBe(0);
	expect(value('arrayIndex', 1)).toBe(2.5);
	expect(value('multiline', 1)).toBe('line 1\n李四\nline 3');
	expect(value('method', 0)).toBe('ZHANG SAN');
});

it('leaves to n8n what is not a lookup: one evaluation per parameter and item, none for lookups', async () => {
	const evaluated: string[] = [];
	class CountingNode extends CompareNode {
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const original = this.getNodeParameter.bind(this);
			const counting = ((name: string, i: number, fallback: unknown, options?: { rawExpressions?: boolean }) => {
				if (!options?.rawExpressions) evaluated.push(name);
				return original(name, i, fallback as never, options as never);
			}) as IExecuteFunctions['getNodeParameter'];
			const context = Object.assign(Object.create(this) as IExecuteFunctions, { getNodeParameter: counting });
			for (const name of ['whole', 'template', 'nested', 'method', 'missing']) {
				itemParameter.call(context, name, 0, '');
				itemParameter.call(context, name, 0, '');
			}
			return [[{ json: {} }]];
		}
	}
	await runNode({ node: CountingNode, parameters: CASES as never, items: ITEMS });
	expect(evaluated).toEqual(['method', 'missing']);
});
