import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { nextMsgSeq, random32, timRequest, withoutEnvelope } from '../../transport';
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

export const orderingKey = keyFrom('toAccount', 'user');

/** POST /v4/openim/sendmsg — cloud.tencent.com/document/product/269/2282 (单发单聊消息). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const toAccount = requiredId.call(this, 'toAccount', i, 'To Account');
	// 269/2282: Tencent drops a message repeating the MsgSeq and MsgRandom of one sent in the same
	// second. All three are fixed here, once per message, so a resend after an unclear outcome (a
	// 502, a timeout) is the same message in the same second and cannot arrive twice.
	const body: IDataObject = {
		...sendOptions.call(this, i, 'sendOne'),
		To_Account: toAccount,
		MsgSeq: nextMsgSeq(),
		MsgRandom: random32(),
		MsgTimeStamp: Math.floor(Date.now() / 1000),
		MsgBody: buildMsgBody.call(this, i),
	};
	const response = await timRequest.call(this, { path: '/v4/openim/sendmsg', body, itemIndex: i, safeToResend: true });
	return { To_Account: toAccount, ...withoutEnvelope(response) };
}
