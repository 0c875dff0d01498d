import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
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
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	const entries: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor = '';
	do {
		const body: IDataObject = { limit: Math.min(MAX_PAGE, limit - entries.length) };
		if (cursor) body.cursor = cursor;
		const response = await weComRequest.call(this, 'POST', '/cgi-bin/user/list_id', body, undefined, i);
		entries.push(...((response.dept_user as IDataObject[] | undefined) ?? []));
		cursor = String(response.next_cursor ?? '');
		// A cursor seen before would page forever.
		if (seen.has(cursor)) break;
		seen.add(cursor);
	} while (cursor && entries.length < limit);
	return returnAll ? entries : entries.slice(0, limit);
}
