import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';
import { openIdField } from './fields';

const show = { resource: ['customerServiceMessage'], operation: ['typing'] };

export const description: INodeProperties[] = [
	openIdField(show),
	{
		displayName: 'Typing',
		name: 'typing',
		type: 'options',
		options: [
			{ name: 'Show "Typing…"', value: 'Typing', description: 'For 15 seconds, or until the next message' },
			{ name: 'Hide "Typing…"', value: 'CancelTyping' },
		],
		default: 'Typing',
		displayOptions: { show },
	},
];

export const orderingKey = keyFrom('openId', 'user');

/**
 * POST /cgi-bin/message/custom/typing — developers.weixin.qq.com/doc/service/api/customer/message/api_typing.html.
 * "Typing…" may be shown only within 30 s after the follower wrote (45080), and not twice (45081).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const touser = requiredId.call(this, 'openId', i, 'To (OpenID)');
	const command = itemParameter.call(this, 'typing', i, 'Typing') as string;
	await officialAccountRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/message/custom/typing',
		body: { touser, command },
		itemIndex: i,
	});
	return { touser, command };
}
