import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, itemParameter, requiredIds } from '../../../shared/params';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { userIdsField } from '../common/fields';

/** query_online_status takes at most 500 UserIDs a call (269/2566). */
export const STATUS_LIMIT = 500;

const show = { resource: ['onlineStatus'], operation: ['query'] };

export const description: INodeProperties[] = [
	userIdsField(['query'], 'UserIDs, separated by commas or new lines; more than 500 are queried in several calls', 'onlineStatus'),
	{
		displayName: 'Include Platforms',
		name: 'detail',
		type: 'boolean',
		default: false,
		description: 'Whether to return the status per login platform (IsNeedDetail)',
		displayOptions: { show },
	},
];

/**
 * POST /v4/openim/query_online_status — cloud.tencent.com/document/product/269/2566 (查询账号在线状态).
 * One item per user: Status Online, PushOnline or Offline; an unknown account gets its ErrorCode.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const accounts = requiredIds.call(this, 'userIds', i, 'User IDs', TIM_IDS);
	const detail = itemParameter.call(this, 'detail', i, false) as boolean;
	const users: IDataObject[] = [];
	for (const part of chunks(accounts, STATUS_LIMIT)) {
		const body: IDataObject = { To_Account: part };
		if (detail) body.IsNeedDetail = 1;
		const response = await timRequest.call(this, {
			path: '/v4/openim/query_online_status',
			body,
			itemIndex: i,
			safeToResend: true,
		});
		users.push(...((response.QueryResult as IDataObject[] | undefined) ?? []));
		for (const error of (response.ErrorList as IDataObject[] | undefined) ?? []) {
			users.push({ To_Account: error.To_Account, Status: 'Error', ErrorCode: error.ErrorCode });
		}
	}
	return users;
}
