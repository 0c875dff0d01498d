import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { tagIdField } from './fields';
import { itemParameter } from '../../../shared/params';

export const description: INodeProperties[] = [tagIdField(['getMembers'])];

/** GET /cgi-bin/tag/get — developer.work.weixin.qq.com/document/path/90213 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const tagid = itemParameter.call(this, 'tagId', i) as number;
	const response = await weComRequest.call(this, { method: 'GET', path: '/cgi-bin/tag/get', qs: { tagid }, itemIndex: i });
	return { tagid, ...withoutEnvelope(response) };
}
