import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, fail, idList, itemParameter } from '../../../shared/params';
import { timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { userIdsField } from '../common/fields';

/** multiaccount_import takes at most 100 accounts a call (269/4919). */
export const IMPORT_LIMIT = 100;

export const description: INodeProperties[] = [
	userIdsField(
		['importMany'],
		'UserIDs separated by commas or new lines, or by expression an array of UserIDs or of {UserID, Nick, FaceUrl}; more than 100 are imported in several calls',
	),
];

function accountList(this: IExecuteFunctions, i: number): IDataObject[] {
	const raw = itemParameter.call(this, 'userIds', i, '') as unknown;
	const list: IDataObject[] = [];
	const seen = new Set<string>();
	const entries = Array.isArray(raw) ? raw : idList(raw, TIM_IDS);
	for (const entry of entries) {
		const account: IDataObject =
			entry && typeof entry === 'object' ? { ...(entry as IDataObject) } : { UserID: String(entry ?? '').trim() };
		const userId = String(account.UserID ?? '').trim();
		if (!userId) fail.call(this, i, 'User IDs: every account needs a UserID');
		if (seen.has(userId)) continue;
		seen.add(userId);
		const clean: IDataObject = { UserID: userId };
		if (account.Nick) clean.Nick = String(account.Nick);
		if (account.FaceUrl) clean.FaceUrl = String(account.FaceUrl);
		list.push(clean);
	}
	if (list.length === 0) fail.call(this, i, 'User IDs: give at least one');
	return list;
}

/**
 * POST /v4/im_open_login_svc/multiaccount_import — cloud.tencent.com/document/product/269/4919
 * (导入多个账号), the current AccountList form: [{ UserID, Nick?, FaceUrl? }].
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const accounts = accountList.call(this, i);
	const failed: string[] = [];
	const parts = chunks(accounts, IMPORT_LIMIT);
	for (const part of parts) {
		// Idempotent like account_import (269/4919), so safe to send again.
		const response = await timRequest.call(this, {
			path: '/v4/im_open_login_svc/multiaccount_import',
			body: { AccountList: part },
			itemIndex: i,
			safeToResend: true,
		});
		if (Array.isArray(response.FailAccounts)) failed.push(...response.FailAccounts.map(String));
	}
	const failedSet = new Set(failed);
	return {
		requested: accounts.length,
		imported: accounts.map((a) => String(a.UserID)).filter((id) => !failedSet.has(id)),
		FailAccounts: failed,
		calls: parts.length,
	};
}
