/** miniprogram_notice: a card that opens a mini program page (developer.work.weixin.qq.com/document/path/90236). */
import type { IDataObject } from 'n8n-workflow';
import { assertCount, assertNotEmpty, itemParameter } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';
import { optional } from './entry';

// content_item holds at most 10 lines (document/path/90236).
const MAX_CONTENT_ITEMS = 10;

export const miniprogramNotice: MessageTypeEntry = {
	type: 'miniprogram_notice',
	name: 'Mini Program Notice',
	properties: [
		{
			displayName: 'Mini Program App ID',
			name: 'miniProgramAppId',
			type: 'string',
			required: true,
			default: '',
			description: 'The AppID of a mini program linked to this company',
		},
		{
			displayName: 'Page',
			name: 'miniProgramPage',
			type: 'string',
			default: '',
			placeholder: 'pages/index?userid=zhangsan',
			description: 'The mini program page opened by the notice',
		},
		{
			displayName: 'Title',
			name: 'noticeTitle',
			type: 'string',
			required: true,
			default: '',
			description: '4 to 12 characters',
		},
		{
			displayName: 'Description',
			name: 'noticeDescription',
			type: 'string',
			default: '',
			description: 'Shown under the title, e.g. a date',
		},
		{
			displayName: 'Emphasize First Item',
			name: 'emphasisFirstItem',
			type: 'boolean',
			default: false,
			description: 'Whether to show the first content item large',
		},
		{
			displayName: 'Content Items',
			name: 'contentItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Item',
			default: {},
			description: 'Up to 10 key/value lines',
			options: [
				{
					displayName: 'Item',
					name: 'item',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '', description: 'At most 10 characters' },
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'At most 30 characters',
						},
					],
				},
			],
		},
	],
	async build(i) {
		const notice: IDataObject = {
			appid: String(itemParameter.call(this, 'miniProgramAppId', i, '')).trim(),
			title: String(itemParameter.call(this, 'noticeTitle', i, '')),
		};
		assertNotEmpty.call(this, i, 'Mini Program App ID', notice.appid as string);
		assertNotEmpty.call(this, i, 'Title', notice.title as string);
		optional(notice, 'page', itemParameter.call(this, 'miniProgramPage', i, ''));
		optional(notice, 'description', itemParameter.call(this, 'noticeDescription', i, ''));
		notice.emphasis_first_item = itemParameter.call(this, 'emphasisFirstItem', i, false) as boolean;
		const items = this.getNodeParameter('contentItems.item', i, []) as IDataObject[];
		assertCount.call(this, i, 'Content Items', items.length, 0, MAX_CONTENT_ITEMS);
		if (items.length) {
			notice.content_item = items.map((item) => ({ key: String(item.key ?? ''), value: String(item.value ?? '') }));
		}
		return { body: { msgtype: 'miniprogram_notice', miniprogram_notice: notice } };
	},
};
