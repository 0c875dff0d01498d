import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, requiredId, requiredIds } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { groupIdField, membersField } from './fields';

/** delete_group_member takes at most 100 members a call (269/1622). */
export const REMOVE_LIMIT = 100;

const show = { resource: ['group'], operation: ['removeMembers'] };

export const description: INodeProperties[] = [
	groupIdField(['removeMembers']),
	membersField(['removeMembers'], 'UserIDs to remove, separated by commas or new lines; more than 100 are removed in several calls'),
	{
		displayName: 'Options',
		name: 'removeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Reason', name: 'reason', type: 'string', default: '', description: 'Shown in the removal notification' },
			{
				displayName: 'Silent',
				name: 'silence',
				type: 'boolean',
				default: false,
				description: 'Whether to notify only the removed members (Silence)',
			},
		],
	},
];

export const orderingKey = keyFrom('groupId', 'group');

/**
 * POST /v4/group_open_http_svc/delete_group_member — cloud.tencent.com/document/product/269/1622
 * (删除群成员). Tencent answers success for members who were not in the group.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = requiredId.call(this, 'groupId', i, 'Group ID');
	const members = requiredIds.call(this, 'members', i, 'Member UserIDs', TIM_IDS);
	const options = this.getNodeParameter('removeOptions', i, {}) as IDataObject;
	const parts = chunks(members, REMOVE_LIMIT);
	for (const part of parts) {
		const body: IDataObject = { GroupId: groupId, MemberToDel_Account: part };
		if (options.silence) body.Silence = 1;
		if (options.reason) body.Reason = String(options.reason);
		await timRequest.call(this, { path: '/v4/group_open_http_svc/delete_group_member', body, itemIndex: i });
	}
	return { GroupId: groupId, removed: members, calls: parts.length };
}
