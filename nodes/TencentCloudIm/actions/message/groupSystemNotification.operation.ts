import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, idList, itemParameter, requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';

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

export const orderingKey = keyFrom('groupId', 'group');

/**
 * POST /v4/group_open_http_svc/send_group_system_notification —
 * cloud.tencent.com/document/product/269/1630 (在群组中发送系统通知).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = requiredId.call(this, 'groupId', i, 'Group ID');
	const content = String(itemParameter.call(this, 'content', i, ''));
	if (!content) fail.call(this, i, 'Content: the notification is empty');
	const members = idList(itemParameter.call(this, 'toMembers', i, ''), TIM_IDS);
	const body: IDataObject = { GroupId: groupId, Content: content };
	if (members.length) body.ToMembers_Account = members;
	await timRequest.call(this, { path: '/v4/group_open_http_svc/send_group_system_notification', body, itemIndex: i });
	return { GroupId: groupId, sent: true, ...(members.length ? { ToMembers_Account: members } : {}) };
}
