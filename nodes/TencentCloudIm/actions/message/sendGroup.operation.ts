import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { random32, timRequest, withoutEnvelope } from '../../transport';
import { buildMsgBody, sendOptions } from './fields';

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

/** POST /v4/group_open_http_svc/send_group_msg — cloud.tencent.com/document/product/269/1629 (在群组中发送普通消息). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = String(this.getNodeParameter('groupId', i, '')).trim();
	if (!groupId) throw new NodeOperationError(this.getNode(), 'Group ID: required', { itemIndex: i });
	const body: IDataObject = {
		GroupId: groupId,
		...sendOptions.call(this, i, 'sendGroup'),
		Random: random32(),
		MsgBody: buildMsgBody.call(this, i),
	};
	const response = await timRequest.call(this, '/v4/group_open_http_svc/send_group_msg', body, i);
	return { GroupId: groupId, ...withoutEnvelope(response) };
}
