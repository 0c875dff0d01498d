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
		displayOptions: { show: { resource: ['user'], operation: ['convertToOpenId'] } },
	},
];

/**
 * POST /cgi-bin/user/convert_to_openid — developer.work.weixin.qq.com/document/path/90202. The
 * openid is the member's ID for WeChat Pay (企业支付) and similar WeChat calls.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const userid = String(this.getNodeParameter('userId', i)).trim();
	assertNotEmpty.call(this, i, 'User ID', userid);
	const response = await weComRequest.call(this, 'POST', '/cgi-bin/user/convert_to_openid', { userid }, undefined, i);
	return { userid, ...withoutEnvelope(response) };
}
