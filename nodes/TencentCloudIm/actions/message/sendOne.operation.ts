import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { random32, timRequest, withoutEnvelope } from '../../transport';
import { buildMsgBody } from './elements';
import { sendOptions } from './sendOptions';

export const description: INodeProperties[] = [
	{
		displayName: 'To Account',
		name: 'toAccount',
		type: 'string',
		required: true,
		default: '',
		description: 'The recipient UserID (To_Account)',
		displayOptions: { show: { resource: ['message'], operation: ['sendOne'] } },
	},
];

/** POST /v4/openim/sendmsg — cloud.tencent.com/document/product/269/2282 (单发单聊消息). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const toAccount = requiredId.call(this, 'toAccount', i, 'To Account');
	// One MsgRandom per message: Tencent drops a retried copy (same sender, MsgSeq, MsgRandom and
	// content) within 120 s, so a retry after a lost answer cannot deliver it twice (269/2282).
	const body: IDataObject = {
		...sendOptions.call(this, i, 'sendOne'),
		To_Account: toAccount,
		MsgRandom: random32(),
		MsgBody: buildMsgBody.call(this, i),
	};
	const response = await timRequest.call(this, { path: '/v4/openim/sendmsg', body, itemIndex: i });
	return { To_Account: toAccount, ...withoutEnvelope(response) };
}
