import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { keyFrom } from '../../../shared/router';
import { requiredId } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { APP_CHAT_MESSAGE_TYPES, buildMessageContent, messageContentDescription } from '../common/messageTypes';
import { chatIdField } from './fields';

const show = { resource: ['appChat'], operation: ['send'] };

export const description: INodeProperties[] = [
	chatIdField(['send']),
	...messageContentDescription(show, APP_CHAT_MESSAGE_TYPES),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Confidential',
				name: 'safe',
				type: 'boolean',
				default: false,
				description: 'Whether the message cannot be shared and is shown with a watermark (safe)',
			},
		],
	},
];

export const orderingKey = keyFrom('chatId', 'chat');

/** POST /cgi-bin/appchat/send — developer.work.weixin.qq.com/document/path/90248 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatid = requiredId.call(this, 'chatId', i, 'Chat ID');
	const { body: content, uploaded } = await buildMessageContent.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body: IDataObject = { chatid, ...content };
	if (options.safe) body.safe = 1;
	await weComRequest.call(this, { method: 'POST', path: '/cgi-bin/appchat/send', body, itemIndex: i });
	// appchat/send answers no msgid: chat messages cannot be recalled through the API.
	const output: IDataObject = { chatid, msgtype: content.msgtype, success: true };
	if (uploaded) output.media_id = uploaded.media_id;
	return output;
}
