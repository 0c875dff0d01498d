import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, requiredIds } from '../../../shared/params';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { userIdsField } from '../common/fields';

/** account_check takes at most 100 accounts a call (269/38417). */
export const CHECK_LIMIT = 100;

export const description: INodeProperties[] = [
	userIdsField(['check'], 'UserIDs to look up, separated by commas or new lines; more than 100 are checked in several calls'),
];

/**
 * POST /v4/im_open_login_svc/account_check — cloud.tencent.com/document/product/269/38417 (查询账号).
 * One output item per account: AccountStatus "Imported" or "NotImported".
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const accounts = requiredIds.call(this, 'userIds', i, 'User IDs', TIM_IDS);
	const results: IDataObject[] = [];
	for (const part of chunks(accounts, CHECK_LIMIT)) {
		const response = await timRequest.call(this, {
			path: '/v4/im_open_login_svc/account_check',
			body: { CheckItem: part.map((UserID) => ({ UserID })) },
			itemIndex: i,
			safeToResend: true,
		});
		for (const item of (response.ResultItem as IDataObject[] | undefined) ?? []) {
			results.push({
				UserID: item.UserID,
				AccountStatus: item.AccountStatus,
				imported: item.AccountStatus === 'Imported',
				ResultCode: item.ResultCode,
				ResultInfo: item.ResultInfo ?? '',
			});
		}
	}
	return results;
}
