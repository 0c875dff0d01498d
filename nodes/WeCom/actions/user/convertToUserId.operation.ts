import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';

export const description: INodeProperties[] = [
	{
		displayName: 'OpenID',
		name: 'openId',
		type: 'string',
		required: true,
		default: '',
		description: 'An openid of a member, as returned by Convert to OpenID',
		displayOptions: { show: { resource: ['user'], operation: ['convertToUserId'] } },
	},
];

/** POST /cgi-bin/user/convert_to_userid — developer.work.weixin.qq.com/document/path/90202 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openid = requiredId.call(this, 'openId', i, 'OpenID');
	const response = await weComRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/user/convert_to_userid',
		body: { openid },
		itemIndex: i,
		safeToResend: true,
	});
	return { openid, ...withoutEnvelope(response) };
}
