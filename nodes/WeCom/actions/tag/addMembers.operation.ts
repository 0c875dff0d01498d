import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { keyFrom } from '../../../shared/router';
import { memberFields, tagIdField } from './fields';
import { changeTagMembers } from './members';

export const description: INodeProperties[] = [tagIdField(['addMembers']), ...memberFields(['addMembers'])];

export const orderingKey = keyFrom('tagId', 'tag');

/** POST /cgi-bin/tag/addtagusers — developer.work.weixin.qq.com/document/path/90214 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await changeTagMembers.call(this, i, '/cgi-bin/tag/addtagusers');
}
