import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { tagIdField, tagNameField } from './fields';

export const description: INodeProperties[] = [tagIdField(['update']), tagNameField(['update'])];

/** POST /cgi-bin/tags/update — …/User_Tag_Management.html; tags 0, 1 and 2 are WeChat's own. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = itemParameter.call(this, 'tagId', i) as number;
	const name = String(itemParameter.call(this, 'tagName', i, '') ?? '').trim();
	assertNotEmpty.call(this, i, 'Tag Name', name);
	// Renaming twice to the same name leaves it as it is.
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/tags/update', body: { tag: { id, name } }, itemIndex: i, safeToResend: true });
	return { id, name };
}
