import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter, paginate } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';

const show = { resource: ['media'], operation: ['listPermanent'] };

// batchget_material: count 1..20 per page.
const MAX_PAGE = 20;

export const description: INodeProperties[] = [
	{
		displayName: 'Material Type',
		name: 'materialType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'News', value: 'news' },
			{ name: 'Video', value: 'video' },
			{ name: 'Voice', value: 'voice' },
		],
		default: 'image',
		displayOptions: { show },
	},
	...returnAllFields(show),
];

/**
 * POST /cgi-bin/material/batchget_material — developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_materials_list.html.
 * One item per material, paged by offset.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const type = itemParameter.call(this, 'materialType', i) as string;
	const returnAll = itemParameter.call(this, 'returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	return await paginate<IDataObject, number>({ limit, pageSize: MAX_PAGE, first: 0 }, async (offset, count) => {
		const response = await officialAccountRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/material/batchget_material',
			body: { type, offset, count },
			itemIndex: i,
			safeToResend: true,
		});
		const items = (response.item as IDataObject[] | undefined) ?? [];
		const next = offset + items.length;
		return { items, next: items.length > 0 && next < Number(response.total_count ?? 0) ? next : undefined };
	});
}
