import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { tagNameField } from './fields';

export const description: INodeProperties[] = [tagNameField(['create'])];

/** POST /cgi-bin/tags/create — developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html; at most 100 tags. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = String(itemParameter.call(this, 'tagName', i, '') ?? '').trim();
	assertNotEmpty.call(this, i, 'Tag Name', name);
	const response = await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/tags/create', body: { tag: { name } }, itemIndex: i });
	return (response.tag as IDataObject | undefined) ?? {};
}
