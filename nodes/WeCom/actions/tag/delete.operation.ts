import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest } from '../../transport';
import { tagIdField } from './fields';

export const description: INodeProperties[] = [tagIdField(['delete'])];

/** GET /cgi-bin/tag/delete — developer.work.weixin.qq.com/document/path/90212 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const tagid = this.getNodeParameter('tagId', i) as number;
	await weComRequest.call(this, { method: 'GET', path: '/cgi-bin/tag/delete', qs: { tagid }, itemIndex: i });
	return { tagid, deleted: true };
}
