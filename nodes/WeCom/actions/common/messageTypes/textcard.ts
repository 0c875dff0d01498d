/** textcard: a title, a description and a link (developer.work.weixin.qq.com/document/path/90236). */
import type { IDataObject } from 'n8n-workflow';
import { assertNotEmpty } from '../../../../shared/params';
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
			title: String(this.getNodeParameter('cardTitle', i, '')),
			description: String(this.getNodeParameter('cardDescription', i, '')),
			url: String(this.getNodeParameter('cardUrl', i, '')).trim(),
		};
		assertNotEmpty.call(this, i, 'Title', card.title as string);
		assertNotEmpty.call(this, i, 'Description', card.description as string);
		assertNotEmpty.call(this, i, 'URL', card.url as string);
		optional(card, 'btntxt', this.getNodeParameter('buttonText', i, ''));
		return { body: { msgtype: 'textcard', textcard: card } };
	},
};
