import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';
import { buildContent, contentDescription } from './content';
import { openIdField } from './fields';

const show = { resource: ['customerServiceMessage'], operation: ['send'] };

export const description: INodeProperties[] = [
	openIdField(show),
	...contentDescription(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Customer Service Account',
				name: 'kfAccount',
				type: 'string',
				default: '',
				placeholder: 'kf2001@gh_abc',
				description: 'Send as this customer service account (customservice.kf_account) instead of the account itself',
			},
		],
	},
];

// Messages to one follower go out in item order.
export const orderingKey = keyFrom('openId', 'user');

/**
 * POST /cgi-bin/message/custom/send — developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage.html.
 * Only within the window a follower's action opens (48 h and 5 messages after they write): 45015
 * and 45047 say why not. WeChat drops no repeat, so an unclear outcome is not sent again.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const touser = requiredId.call(this, 'openId', i, 'To (OpenID)');
	const { body: content, uploaded } = await buildContent.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body: IDataObject = { touser, ...content };
	const kfAccount = String(options.kfAccount ?? '').trim();
	if (kfAccount) body.customservice = { kf_account: kfAccount };
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/message/custom/send', body, itemIndex: i });
	const output: IDataObject = { touser, msgtype: content.msgtype, sent: true };
	if (uploaded) output.media_id = uploaded.media_id;
	return output;
}
