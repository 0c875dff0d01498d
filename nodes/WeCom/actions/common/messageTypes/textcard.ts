/** textcard: a title, a description and a link (developer.work.weixin.qq.com/document/path/90236). */
import type { IDataObject } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';
import { optional } from './entry';

export const textcard: MessageTypeEntry = {
	type: 'textcard',
	name: 'Text Card',
	properties: [
		{
			displayName: 'Title',
			name: 'cardTitle',
			type: 'string',
			required: true,
			default: '',
			description: 'At most 128 bytes',
		},
		{
			displayName: 'Description',
			name: 'cardDescription',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			description: 'At most 512 bytes. Div tags with class gray, normal or highlight color their lines.',
		},
		{
			displayName: 'URL',
			name: 'cardUrl',
			type: 'string',
			required: true,
			default: '',
			description: 'The page opened when the card is clicked',
		},
		{
			displayName: 'Button Text',
			name: 'buttonText',
			type: 'string',
			default: '',
			placeholder: '详情',
			description: 'At most 4 characters; WeCom shows "详情" (Details) when empty',
		},
	],
	async build(i) {
		const card: IDataObject = {
			title: String(itemParameter.call(this, 'cardTitle', i, '')),
			description: String(itemParameter.call(this, 'cardDescription', i, '')),
			url: String(itemParameter.call(this, 'cardUrl', i, '')).trim(),
		};
		assertNotEmpty.call(this, i, 'Title', card.title as string);
		assertNotEmpty.call(this, i, 'Description', card.description as string);
		assertNotEmpty.call(this, i, 'URL', card.url as string);
		optional(card, 'btntxt', itemParameter.call(this, 'buttonText', i, ''));
		return { body: { msgtype: 'textcard', textcard: card } };
	},
};
