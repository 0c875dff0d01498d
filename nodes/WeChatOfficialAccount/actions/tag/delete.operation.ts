import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { officialAccountRequest } from '../../transport';
import { tagIdField } from './fields';

export const description: INodeProperties[] = [tagIdField(['delete'])];

/** POST /cgi-bin/tags/delete — …/User_Tag_Management.html; a tag of over 100,000 followers cannot be deleted (45057). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = this.getNodeParameter('tagId', i) as number;
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/tags/delete', body: { tag: { id } }, itemIndex: i });
	return { id, deleted: true };
}
