import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, itemParameter, requiredId, requiredIds } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { groupIdField, membersField } from './fields';

/** add_group_member takes at most 20 members a call (269/1621, 一次最多添加20个成员). */
export const ADD_LIMIT = 20;

// Result codes of MemberList in the answer (269/1621).
const RESULTS: Record<number, string> = { 0: 'failed', 1: 'added', 2: 'alreadyMember', 3: 'pendingConfirmation' };

export const description: INodeProperties[] = [
	groupIdField(['addMembers']),
	membersField(['addMembers'], 'UserIDs to add, separated by commas or new lines; more than 20 are added in several calls'),
	{
		displayName: 'Silent',
		name: 'silence',
		type: 'boolean',
		default: false,
		description: 'Whether to add without notifying the group (Silence)',
		displayOptions: { show: { resource: ['group'], operation: ['addMembers'] } },
	},
];

export const orderingKey = keyFrom('groupId', 'group');

/**
 * POST /v4/group_open_http_svc/add_group_member — cloud.tencent.com/document/product/269/1621
 * (增加群成员). One output item per member, with Tencent's Result and its meaning.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const groupId = requiredId.call(this, 'groupId', i, 'Group ID');
	const members = requiredIds.call(this, 'members', i, 'Member UserIDs', TIM_IDS);
	const silence = itemParameter.call(this, 'silence', i, false) as boolean;
	const results: IDataObject[] = [];
	for (const part of chunks(members, ADD_LIMIT)) {
		const body: IDataObject = { GroupId: groupId, MemberList: part.map((Member_Account) => ({ Member_Account })) };
		if (silence) body.Silence = 1;
		const response = await timRequest.call(this, { path: '/v4/group_open_http_svc/add_group_member', body, itemIndex: i });
		for (const member of (response.MemberList as IDataObject[] | undefined) ?? []) {
			const code = Number(member.Result);
			results.push({ GroupId: groupId, Member_Account: member.Member_Account, Result: code, result: RESULTS[code] ?? 'unknown' });
		}
	}
	return results;
}
