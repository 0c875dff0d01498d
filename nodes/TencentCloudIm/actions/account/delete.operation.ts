import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, requiredIds } from '../../../shared/params';
import { keysFrom } from '../../../shared/router';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { userIdsField } from '../common/fields';

/** account_delete takes at most 100 accounts a call (269/36443). */
export const DELETE_LIMIT = 100;

export const description: INodeProperties[] = [
	userIdsField(['delete'], 'UserIDs to delete, separated by commas or new lines; more than 100 are deleted in several calls'),
];

export const orderingKey = keysFrom('userIds', 'user', TIM_IDS);

/**
 * POST /v4/im_open_login_svc/account_delete — cloud.tencent.com/document/product/269/36443 (删除账号).
 * One output item per account, with its ResultCode (0 = deleted).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const accounts = requiredIds.call(this, 'userIds', i, 'User IDs', TIM_IDS);
	const results: IDataObject[] = [];
	for (const part of chunks(accounts, DELETE_LIMIT)) {
		const response = await timRequest.call(this, {
			path: '/v4/im_open_login_svc/account_delete',
			body: { DeleteItem: part.map((UserID) => ({ UserID })) },
			itemIndex: i,
		});
		for (const item of (response.ResultItem as IDataObject[] | undefined) ?? []) {
			results.push({ UserID: item.UserID, deleted: Number(item.ResultCode) === 0, ResultCode: item.ResultCode, ResultInfo: item.ResultInfo ?? '' });
		}
	}
	return results;
}
