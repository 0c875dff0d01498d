import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { timRequest } from '../../transport';
import { groupIdField, isCommunity, requiredGroupId } from './fields';

const show = { resource: ['group'], operation: ['getMembers'] };
/** Limit may not exceed 200; Tencent recommends 100 (269/1617). */
const PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	groupIdField(['getMembers']),
	...returnAllFields(show),
];

/**
 * POST /v4/group_open_http_svc/get_group_member_info — cloud.tencent.com/document/product/269/1617
 * (获取群成员详细资料). Pages with Limit/Offset, or with Next for a Community. One item per member.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const groupId = requiredGroupId.call(this, i);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', i, 50)));
	const community = isCommunity(groupId);
	const members: IDataObject[] = [];
	let offset = 0;
	let next = '';
	const seenNext = new Set<string>();
	for (;;) {
		const pageSize = Math.min(PAGE_SIZE, limit - members.length);
		const body: IDataObject = { GroupId: groupId, Limit: pageSize };
		if (community) body.Next = next;
		else body.Offset = offset;
		const response = await timRequest.call(this, '/v4/group_open_http_svc/get_group_member_info', body, i);
		const page = (response.MemberList as IDataObject[] | undefined) ?? [];
		members.push(...page.map((member) => ({ GroupId: groupId, ...member })));
		offset += page.length;
		next = String(response.Next ?? '');
		const total = Number(response.MemberNum);
		// A Next seen before would page forever.
		const exhausted = community
			? next === '' || seenNext.has(next)
			: page.length === 0 || (Number.isFinite(total) && offset >= total);
		seenNext.add(next);
		if (exhausted || page.length === 0 || members.length >= limit) break;
	}
	return members.slice(0, limit);
}
