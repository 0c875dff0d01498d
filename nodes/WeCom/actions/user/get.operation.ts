import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest, withoutEnvelope } from '../../transport';
import { assertNotEmpty } from '../common/checks';

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
	const userid = String(this.getNodeParameter('userId', i)).trim();
	assertNotEmpty.call(this, i, 'User ID', userid);
	const response = await weComRequest.call(this, 'GET', '/cgi-bin/user/get', undefined, { userid }, i);
	return withoutEnvelope(response);
}
