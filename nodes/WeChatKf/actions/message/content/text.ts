/** text (path/94677 文本消息): at most 2048 bytes. */
import type { ContentEntry } from './entry';
import { requiredText } from './entry';

export const TEXT_MAX_BYTES = 2048;

export const text: ContentEntry = {
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
			description: `Plain text, at most ${TEXT_MAX_BYTES} bytes in UTF-8`,
		},
	],
	async build(i) {
		return { body: { msgtype: 'text', text: { content: requiredText.call(this, i, 'content', 'Text', TEXT_MAX_BYTES) } } };
	},
};
