import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { withoutEnvelope } from '../../../shared/wechat/envelope';
import { externalUserIdField, openKfIdField } from '../common/fields';
import { buildContent, contentDescription, SEND_TYPES } from './content';
import { msgIdOf, optionsField, sendOnce } from './msgid';

const show = { resource: ['message'], operation: ['send'] };

export const description: INodeProperties[] = [
	openKfIdField(show),
	{ ...externalUserIdField(show), description: "The customer to send to (touser): externalUserId of a trigger item" },
	{
		displayName:
			'WeChat KF accepts at most 5 messages to a customer within 48 hours of the customer\'s last message, and only while the session is new or with the bot (not with a servicer)',
		name: 'sendNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...contentDescription(show, SEND_TYPES),
	optionsField(show),
];

/** Messages to one customer of one account go out in item order. */
export function orderingKey(this: IExecuteFunctions, i: number): string | undefined {
	const kfid = String(itemParameter.call(this, 'openKfId', i, '') ?? '').trim();
	const user = String(itemParameter.call(this, 'externalUserId', i, '') ?? '').trim();
	return kfid && user ? `customer:${kfid}/${user}` : undefined;
}

/** POST /cgi-bin/kf/send_msg — developer.work.weixin.qq.com/document/path/94677 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const touser = requiredId.call(this, 'externalUserId', i, 'External User ID');
	const { body: content, uploaded } = await buildContent.call(this, i, SEND_TYPES);
	const msgid = msgIdOf.call(this, i);
	// WeChat refuses a second message with the same msgid in the account (path/94677).
	const response = await sendOnce.call(this, i, {
		method: 'POST',
		path: '/cgi-bin/kf/send_msg',
		body: { touser, open_kfid: openKfId, msgid, ...content },
		recipients: [`${openKfId}/${touser}`],
	});
	const output: IDataObject = { open_kfid: openKfId, touser, msgtype: content.msgtype, ...withoutEnvelope(response) };
	output.msgid ??= msgid;
	if (uploaded?.length) output.media_id = uploaded[0].media_id;
	return output;
}
