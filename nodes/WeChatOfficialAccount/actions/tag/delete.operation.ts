import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { officialAccountRequest } from '../../transport';
import { tagIdField } from './fields';
import { itemParameter } from '../../../shared/params';

export const description: INodeProperties[] = [tagIdField(['delete'])];

/** POST /cgi-bin/tags/delete — …/User_Tag_Management.html; a tag of over 100,000 followers cannot be deleted (45057). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = itemParameter.call(this, 'tagId', i) as number;
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/tags/delete', body: { tag: { id } }, itemIndex: i });
	return { id, deleted: true };
}
