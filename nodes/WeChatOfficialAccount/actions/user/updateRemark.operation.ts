import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';
import { openIdField } from './fields';

const show = { resource: ['user'], operation: ['updateRemark'] };

export const description: INodeProperties[] = [
	openIdField(show),
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: '',
		description: 'The remark name (备注名), under 30 bytes; empty removes it',
		displayOptions: { show },
	},
];

export const orderingKey = keyFrom('openId', 'user');

/** POST /cgi-bin/user/info/updateremark — developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openid = requiredId.call(this, 'openId', i, 'OpenID');
	const remark = String(itemParameter.call(this, 'remark', i, '') ?? '').trim();
	// Setting the same remark twice leaves it as it is.
	await officialAccountRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/user/info/updateremark',
		body: { openid, remark },
		itemIndex: i,
		safeToResend: true,
	});
	return { openid, remark };
}
