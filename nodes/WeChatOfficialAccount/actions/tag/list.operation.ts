import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { officialAccountRequest } from '../../transport';

export const description: INodeProperties[] = [];

/** GET /cgi-bin/tags/get — …/User_Tag_Management.html; one item per tag ({ id, name, count }). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const response = await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/tags/get', itemIndex: i });
	return (response.tags as IDataObject[] | undefined) ?? [];
}
