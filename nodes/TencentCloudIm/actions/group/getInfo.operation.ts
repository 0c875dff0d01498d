import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, requiredIds } from '../../../shared/params';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';

/** get_group_info takes at most 50 group IDs a call (269/1616). */
export const INFO_LIMIT = 50;

export const description: INodeProperties[] = [
	{
		displayName: 'Group IDs',
		name: 'groupIds',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: '@TGS#2J4SZEAEL, @TGS#_community',
		description: 'Group IDs, separated by commas or new lines; more than 50 are read in several calls',
		displayOptions: { show: { resource: ['group'], operation: ['getInfo'] } },
	},
];

/**
 * POST /v4/group_open_http_svc/get_group_info — cloud.tencent.com/document/product/269/1616 (获取群详细资料).
 * One output item per group; a group that does not exist carries its own ErrorCode.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const groupIds = requiredIds.call(this, 'groupIds', i, 'Group IDs', TIM_IDS);
	const groups: IDataObject[] = [];
	for (const part of chunks(groupIds, INFO_LIMIT)) {
		const response = await timRequest.call(this, {
			path: '/v4/group_open_http_svc/get_group_info',
			body: { GroupIdList: part },
			itemIndex: i,
			safeToResend: true,
		});
		groups.push(...((response.GroupInfo as IDataObject[] | undefined) ?? []));
	}
	return groups;
}
