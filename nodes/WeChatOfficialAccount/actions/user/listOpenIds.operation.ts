import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter, paginate } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';

const show = { resource: ['user'], operation: ['listOpenIds'] };

// user/get: up to 10000 OpenIDs per page.
const MAX_PAGE = 10000;

export const description: INodeProperties[] = [...returnAllFields(show)];

/**
 * GET /cgi-bin/user/get — developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html.
 * One item per follower ({ openid }), paged with next_openid until the answer's total is listed.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = itemParameter.call(this, 'returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	let listed = 0;
	return await paginate<IDataObject, string>({ limit, pageSize: MAX_PAGE, first: '' }, async (cursor) => {
		const response = await officialAccountRequest.call(this, {
			method: 'GET',
			path: '/cgi-bin/user/get',
			qs: cursor ? { next_openid: cursor } : {},
			itemIndex: i,
		});
		const openids = ((response.data as IDataObject | undefined)?.openid as string[] | undefined) ?? [];
		listed += openids.length;
		// The answer counts all followers: no call for the empty page after the last.
		const more = openids.length > 0 && listed < Number(response.total ?? Infinity);
		return { items: openids.map((openid) => ({ openid })), next: more ? String(response.next_openid ?? '') : '' };
	});
}
