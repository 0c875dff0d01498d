import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter, paginate } from '../../../shared/params';
import { weComRequest } from '../../transport';

const show = { resource: ['user'], operation: ['listIds'] };

// user/list_id takes limit 1..10000 per page (document/path/96067).
const MAX_PAGE = 10000;

export const description: INodeProperties[] = [
	...returnAllFields(show),
];

/**
 * POST /cgi-bin/user/list_id — developer.work.weixin.qq.com/document/path/96067. One item per
 * entry of dept_user: a member of several departments comes once per department, as WeCom lists it.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = itemParameter.call(this, 'returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	return await paginate<IDataObject, string>({ limit, pageSize: MAX_PAGE, first: '' }, async (cursor, size) => {
		const body: IDataObject = { limit: size };
		if (cursor) body.cursor = cursor;
		const response = await weComRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/user/list_id',
			body,
			itemIndex: i,
			safeToResend: true,
		});
		return { items: (response.dept_user as IDataObject[] | undefined) ?? [], next: String(response.next_cursor ?? '') };
	});
}
