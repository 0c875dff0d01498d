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
		displayOptions: { show: { resource: ['user'], operation: ['convertToOpenId'] } },
	},
];

/**
 * POST /cgi-bin/user/convert_to_openid — developer.work.weixin.qq.com/document/path/90202. The
 * openid is the member's ID for WeChat Pay (企业支付) and similar WeChat calls.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const userid = requiredId.call(this, 'userId', i, 'User ID');
	const response = await weComRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/user/convert_to_openid',
		body: { userid },
		itemIndex: i,
		safeToResend: true,
	});
	return { userid, ...withoutEnvelope(response) };
}
