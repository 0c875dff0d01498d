import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { keyFrom } from '../../../shared/router';
import { memberFields, tagIdField } from './fields';
import { changeTagMembers } from './members';

export const description: INodeProperties[] = [tagIdField(['removeMembers']), ...memberFields(['removeMembers'])];

export const orderingKey = keyFrom('tagId', 'tag');

/** POST /cgi-bin/tag/deltagusers — developer.work.weixin.qq.com/document/path/90215 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await changeTagMembers.call(this, i, '/cgi-bin/tag/deltagusers');
}
