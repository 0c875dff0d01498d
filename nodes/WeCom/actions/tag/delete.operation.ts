import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { weComRequest } from '../../transport';
import { tagIdField } from './fields';

export const description: INodeProperties[] = [tagIdField(['delete'])];

export const orderingKey = keyFrom('tagId', 'tag');

/** GET /cgi-bin/tag/delete — developer.work.weixin.qq.com/document/path/90212 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const tagid = itemParameter.call(this, 'tagId', i) as number;
	await weComRequest.call(this, { method: 'GET', path: '/cgi-bin/tag/delete', qs: { tagid }, itemIndex: i });
	return { tagid, deleted: true };
}
