import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';

const show = { resource: ['tag'], operation: ['getUserTags'] };

export const description: INodeProperties[] = [
	{
		displayName: 'OpenID',
		name: 'openId',
		type: 'string',
		required: true,
		default: '',
		description: "The follower's OpenID",
		displayOptions: { show },
	},
];

/** POST /cgi-bin/tags/getidlist — …/User_Tag_Management.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openid = requiredId.call(this, 'openId', i, 'OpenID');
	const response = await officialAccountRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/tags/getidlist',
		body: { openid },
		itemIndex: i,
		safeToResend: true,
	});
	return { openid, tagid_list: (response.tagid_list as number[] | undefined) ?? [] };
}
