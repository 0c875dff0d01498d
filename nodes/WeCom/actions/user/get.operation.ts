import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'zhangsan',
		displayOptions: { show: { resource: ['user'], operation: ['get'] } },
	},
];

/** GET /cgi-bin/user/get — developer.work.weixin.qq.com/document/path/90196 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const userid = requiredId.call(this, 'userId', i, 'User ID');
	const response = await weComRequest.call(this, { method: 'GET', path: '/cgi-bin/user/get', qs: { userid }, itemIndex: i });
	return withoutEnvelope(response);
}
