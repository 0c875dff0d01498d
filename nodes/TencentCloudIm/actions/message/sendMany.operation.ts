import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, requiredIds } from '../../../shared/params';
import { keysFrom } from '../../../shared/router';
import { random32, timRequest } from '../../transport';
import { TIM_IDS } from '../common/ids';
import { buildMsgBody } from './elements';
import { sendOptions } from './sendOptions';

/** batchsendmsg takes at most 500 recipients a call (269/1612). */
export const BATCH_LIMIT = 500;

export const description: INodeProperties[] = [
	{
		displayName: 'To Accounts',
		name: 'toAccounts',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'user1, user2',
		description: 'Recipient UserIDs, separated by commas or new lines (or an array by expression); more than 500 are sent in several calls',
		displayOptions: { show: { resource: ['message'], operation: ['sendMany'] } },
	},
];

export const orderingKey = keysFrom('toAccounts', 'user', TIM_IDS);

/** POST /v4/openim/batchsendmsg — cloud.tencent.com/document/product/269/1612 (批量发单聊消息). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const recipients = requiredIds.call(this, 'toAccounts', i, 'To Accounts', TIM_IDS);
	const common: IDataObject = {
		...sendOptions.call(this, i, 'sendMany'),
		MsgRandom: random32(),
		MsgBody: buildMsgBody.call(this, i),
	};
	const msgKeys: string[] = [];
	const errorList: IDataObject[] = [];
	const parts = chunks(recipients, BATCH_LIMIT);
	for (const part of parts) {
		const response = await timRequest.call(this, {
			path: '/v4/openim/batchsendmsg',
			body: { ...common, To_Account: part },
			itemIndex: i,
		});
		if (response.MsgKey) msgKeys.push(String(response.MsgKey));
		if (Array.isArray(response.ErrorList)) errorList.push(...(response.ErrorList as IDataObject[]));
	}
	return {
		recipients: recipients.length,
		sent: recipients.length - errorList.length,
		calls: parts.length,
		MsgKey: msgKeys[0] ?? '',
		MsgKeys: msgKeys,
		ErrorList: errorList,
	};
}
