/** markdown: WeCom's Markdown subset (developer.work.weixin.qq.com/document/path/90236). */
import { assertMaxBytes, assertNotEmpty, itemParameter } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';

/** Markdown of app messages and app chats (document/path/90236). */
export const APP_MARKDOWN_MAX_BYTES = 2048;

export const markdown: MessageTypeEntry = {
	type: 'markdown',
	name: 'Markdown',
	properties: [
		{
			displayName: 'Markdown',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 6 },
			required: true,
			default: '',
			description: `WeCom's Markdown subset (headings, bold, links, quotes, colored font tags), at most ${APP_MARKDOWN_MAX_BYTES} bytes in UTF-8`,
		},
	],
	async build(i) {
		const content = String(itemParameter.call(this, 'content', i, '') ?? '');
		assertNotEmpty.call(this, i, 'Markdown', content);
		assertMaxBytes.call(this, i, 'Markdown', content, APP_MARKDOWN_MAX_BYTES);
		return { body: { msgtype: 'markdown', markdown: { content } } };
	},
};
