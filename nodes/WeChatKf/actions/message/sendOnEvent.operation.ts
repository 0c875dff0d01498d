import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { withoutEnvelope } from '../../../shared/wechat/envelope';
import { buildContent, contentDescription, EVENT_REPLY_TYPES } from './content';
import { msgIdOf, optionsField, sendOnce } from './msgid';

const show = { resource: ['message'], operation: ['sendOnEvent'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		description:
			'The welcomeCode of an Enter Session event or the msgCode of a session change (trigger item, or Session → Transfer). A welcome code is good for one message within 20 seconds of the event; a code works once.',
		displayOptions: { show },
	},
	...contentDescription(show, EVENT_REPLY_TYPES),
	optionsField(show),
];

/** POST /cgi-bin/kf/send_msg_on_event — developer.work.weixin.qq.com/document/path/95122 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const code = requiredId.call(this, 'code', i, 'Code');
	const { body: content } = await buildContent.call(this, i, EVENT_REPLY_TYPES);
	const msgid = msgIdOf.call(this, i);
	// A code works once (path/95122): a repeat after a lost answer is refused, not delivered again.
	const response = await sendOnce.call(this, i, { method: 'POST', path: '/cgi-bin/kf/send_msg_on_event', body: { code, msgid, ...content } });
	const output: IDataObject = { msgtype: content.msgtype, ...withoutEnvelope(response) };
	output.msgid ??= msgid;
	return output;
}
