import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter, paginate, requiredId } from '../../../shared/params';
import { timRequest } from '../../transport';
import { groupIdField } from './fields';

const show = { resource: ['group'], operation: ['getMembers'] };
/** Limit may not exceed 200; Tencent recommends 100 (269/1617). */
const PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	groupIdField(['getMembers']),
	...returnAllFields(show),
];

/** Community (社群) IDs start with "@TGS#_" (269/1615): those page members with Next, not Offset. */
function isCommunity(groupId: string): boolean {
	return groupId.startsWith('@TGS#_');
}

/**
 * POST /v4/group_open_http_svc/get_group_member_info — cloud.tencent.com/document/product/269/1617
 * (获取群成员详细资料). Pages with Limit/Offset, or with Next for a Community. One item per member.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const groupId = requiredId.call(this, 'groupId', i, 'Group ID');
	const returnAll = itemParameter.call(this, 'returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', i, 50)));
	const page = async (body: IDataObject) => {
		const response = await timRequest.call(this, {
			path: '/v4/group_open_http_svc/get_group_member_info',
			body,
			itemIndex: i,
			safeToResend: true,
		});
		const members = ((response.MemberList as IDataObject[] | undefined) ?? []).map((member) => ({ GroupId: groupId, ...member }));
		return { response, members };
	};
	if (isCommunity(groupId)) {
		return await paginate<IDataObject, string>({ limit, pageSize: PAGE_SIZE, first: '' }, async (next, size) => {
			const { response, members } = await page({ GroupId: groupId, Limit: size, Next: next });
			return { items: members, next: members.length ? String(response.Next ?? '') : undefined };
		});
	}
	return await paginate<IDataObject, number>({ limit, pageSize: PAGE_SIZE, first: 0 }, async (offset, size) => {
		const { response, members } = await page({ GroupId: groupId, Limit: size, Offset: offset });
		const total = Number(response.MemberNum);
		const end = offset + members.length;
		const last = members.length === 0 || (Number.isFinite(total) && end >= total);
		return { items: members, next: last ? undefined : end };
	});
}
