import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { random32, timRequest, withoutEnvelope } from '../../transport';
import { buildMsgBody } from './elements';
import { sendOptions } from './sendOptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '@TGS#2J4SZEAEL',
		displayOptions: { show: { resource: ['message'], operation: ['sendGroup', 'groupSystemNotification'] } },
	},
];

export const orderingKey = keyFrom('groupId', 'group');

/** POST /v4/group_open_http_svc/send_group_msg — cloud.tencent.com/document/product/269/1629 (在群组中发送普通消息). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = requiredId.call(this, 'groupId', i, 'Group ID');
	const body: IDataObject = {
		GroupId: groupId,
		...sendOptions.call(this, i, 'sendGroup'),
		Random: random32(),
		MsgBody: buildMsgBody.call(this, i),
	};
	// 269/1629: a message with the Random of one sent in the last 5 minutes is dropped as a repeat,
	// so a resend after an unclear outcome cannot reach the group twice.
	const response = await timRequest.call(this, {
		path: '/v4/group_open_http_svc/send_group_msg',
		body,
		itemIndex: i,
		safeToResend: true,
	});
	return { GroupId: groupId, ...withoutEnvelope(response) };
}
