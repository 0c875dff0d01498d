import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter, paginate } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { tagIdField } from './fields';

// user/tag/get: up to 10000 OpenIDs per page.
const MAX_PAGE = 10000;

export const description: INodeProperties[] = [tagIdField(['listUsers']), ...returnAllFields({ resource: ['tag'], operation: ['listUsers'] })];

/** POST /cgi-bin/user/tag/get — …/User_Tag_Management.html; one item per follower ({ openid }), paged with next_openid. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const tagid = itemParameter.call(this, 'tagId', i) as number;
	const returnAll = itemParameter.call(this, 'returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	return await paginate<IDataObject, string>({ limit, pageSize: MAX_PAGE, first: '' }, async (cursor) => {
		const response = await officialAccountRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/user/tag/get',
			body: { tagid, next_openid: cursor },
			itemIndex: i,
			safeToResend: true,
		});
		const openids = ((response.data as IDataObject | undefined)?.openid as string[] | undefined) ?? [];
		return { items: openids.map((openid) => ({ openid })), next: openids.length ? String(response.next_openid ?? '') : '' };
	});
}
