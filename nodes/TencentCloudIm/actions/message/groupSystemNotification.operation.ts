import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { idList, timRequest } from '../../transport';

const show = { resource: ['message'], operation: ['groupSystemNotification'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'The notification text; members receive it as a group system notification, not a chat message',
		displayOptions: { show },
	},
	{
		displayName: 'To Members',
		name: 'toMembers',
		type: 'string',
		default: '',
		placeholder: 'user1, user2',
		description: 'Only these members (ToMembers_Account); empty = every member',
		displayOptions: { show },
	},
];

/**
 * POST /v4/group_open_http_svc/send_group_system_notification —
 * cloud.tencent.com/document/product/269/1630 (在群组中发送系统通知).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = String(this.getNodeParameter('groupId', i, '')).trim();
	const content = String(this.getNodeParameter('content', i, ''));
	if (!groupId) throw new NodeOperationError(this.getNode(), 'Group ID: required', { itemIndex: i });
	if (!content) throw new NodeOperationError(this.getNode(), 'Content: the notification is empty', { itemIndex: i });
	const members = idList(this.getNodeParameter('toMembers', i, ''));
	const body: IDataObject = { GroupId: groupId, Content: content };
	if (members.length) body.ToMembers_Account = members;
	await timRequest.call(this, '/v4/group_open_http_svc/send_group_system_notification', body, i);
	return { GroupId: groupId, sent: true, ...(members.length ? { ToMembers_Account: members } : {}) };
}
