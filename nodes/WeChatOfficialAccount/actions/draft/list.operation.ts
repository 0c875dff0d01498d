import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter, paginate } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';

const show = { resource: ['draft'], operation: ['list'] };

// draft/batchget: count 1..20 per page.
const MAX_PAGE = 20;

export const description: INodeProperties[] = [
	...returnAllFields(show),
	{
		displayName: 'Without Content',
		name: 'noContent',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out the articles\' HTML (lighter items)',
		displayOptions: { show },
	},
];

/** POST /cgi-bin/draft/batchget — developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft_list.html; one item per draft. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = itemParameter.call(this, 'returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	const no_content = itemParameter.call(this, 'noContent', i, false) ? 1 : 0;
	return await paginate<IDataObject, number>({ limit, pageSize: MAX_PAGE, first: 0 }, async (offset, count) => {
		const response = await officialAccountRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/draft/batchget',
			body: { offset, count, no_content },
			itemIndex: i,
			safeToResend: true,
		});
		const items = (response.item as IDataObject[] | undefined) ?? [];
		const next = offset + items.length;
		return { items, next: items.length > 0 && next < Number(response.total_count ?? 0) ? next : undefined };
	});
}
