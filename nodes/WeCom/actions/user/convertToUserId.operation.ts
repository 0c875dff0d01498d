import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest, withoutEnvelope } from '../../transport';
import { assertNotEmpty } from '../common/checks';

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
	const openid = String(this.getNodeParameter('openId', i)).trim();
	assertNotEmpty.call(this, i, 'OpenID', openid);
	const response = await weComRequest.call(this, 'POST', '/cgi-bin/user/convert_to_userid', { openid }, undefined, i);
	return { openid, ...withoutEnvelope(response) };
}
