/** text: plain text, links clickable (developer.work.weixin.qq.com/document/path/90236). */
import { assertMaxBytes, assertNotEmpty, itemParameter } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';

/** Text of app messages and app chats (document/path/90236). */
export const APP_TEXT_MAX_BYTES = 2048;

export const text: MessageTypeEntry = {
	type: 'text',
	name: 'Text',
	properties: [
		{
			displayName: 'Text',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: `Plain text, at most ${APP_TEXT_MAX_BYTES} bytes in UTF-8. HTML links (a tags) are clickable.`,
		},
	],
	async build(i) {
		const content = String(itemParameter.call(this, 'content', i, '') ?? '');
		assertNotEmpty.call(this, i, 'Text', content);
		// WeCom cuts longer text without an error (document/path/90236): refuse instead.
		assertMaxBytes.call(this, i, 'Text', content, APP_TEXT_MAX_BYTES);
		return { body: { msgtype: 'text', text: { content } } };
	},
};
