/**
 * template_card: text notices and news notices from fields, or any card type as JSON
 * (developer.work.weixin.qq.com/document/path/90236). The JSON reader is shared with the group
 * robot (document/path/91770).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, assertNotEmpty, fail, itemParameter, jsonParameter } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';
import { optional } from './entry';

// template_card lists: horizontal_content_list ≤ 6, jump_list ≤ 3 (document/path/90236).
const MAX_HORIZONTAL_LINES = 6;
const MAX_JUMP_LINKS = 3;

const forCards = (cardType: string[]) => ({ show: { cardType } });

const properties: INodeProperties[] = [
	{
		displayName: 'Card Type',
		name: 'cardType',
		type: 'options',
		options: [
			{ name: 'Any Card as JSON', value: 'json', description: 'Every card type of document 90236, written as JSON' },
			{ name: 'News Notice', value: 'news_notice', description: 'A picture, a title and a link (图文展示型)' },
			{ name: 'Text Notice', value: 'text_notice', description: 'A title, text and a link (文本通知型)' },
		],
		default: 'text_notice',
	},
	{
		displayName: 'Main Title',
		name: 'mainTitle',
		type: 'string',
		default: '',
		description: 'Text notices need a main title or a sub-title text',
		displayOptions: forCards(['text_notice', 'news_notice']),
	},
	{
		displayName: 'Main Title Description',
		name: 'mainTitleDescription',
		type: 'string',
		default: '',
		description: 'Shown under the main title',
		displayOptions: forCards(['text_notice', 'news_notice']),
	},
	{
		displayName: 'Sub-Title Text',
		name: 'subTitleText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The body text of the card',
		displayOptions: forCards(['text_notice']),
	},
	{
		displayName: 'Emphasis Title',
		name: 'emphasisTitle',
		type: 'string',
		default: '',
		description: 'A key figure shown large (emphasis_content.title), e.g. "100"',
		displayOptions: forCards(['text_notice']),
	},
	{
		displayName: 'Emphasis Description',
		name: 'emphasisDescription',
		type: 'string',
		default: '',
		description: 'The label under the key figure',
		displayOptions: forCards(['text_notice']),
	},
	{
		displayName: 'Card Image URL',
		name: 'cardImageUrl',
		type: 'string',
		required: true,
		default: '',
		displayOptions: forCards(['news_notice']),
	},
	{
		displayName: 'Card Action URL',
		name: 'cardActionUrl',
		type: 'string',
		required: true,
		default: '',
		description: 'The page opened when the card is clicked (card_action)',
		displayOptions: forCards(['text_notice', 'news_notice']),
	},
	{
		displayName: 'Card Options',
		name: 'cardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forCards(['text_notice', 'news_notice']),
		options: [
			{
				displayName: 'Card Image Aspect Ratio',
				name: 'cardImageAspectRatio',
				type: 'number',
				typeOptions: { minValue: 1.3, maxValue: 2.25, numberPrecision: 2 },
				default: 1.3,
				description: 'Width over height of the card image (news notices only)',
			},
			{
				displayName: 'Jump Links',
				name: 'jumpLinks',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Link',
				default: {},
				description: 'Up to 3 links at the bottom of the card',
				options: [
					{
						displayName: 'Link',
						name: 'link',
						values: [
							{ displayName: 'Title', name: 'title', type: 'string', default: '' },
							{ displayName: 'URL', name: 'url', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Key-Value Lines',
				name: 'horizontalContent',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Line',
				default: {},
				description: 'Up to 6 label/value lines (horizontal_content_list); a line with a URL is a link',
				options: [
					{
						displayName: 'Line',
						name: 'line',
						values: [
							{ displayName: 'Label', name: 'keyname', type: 'string', default: '' },
							{ displayName: 'URL', name: 'url', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Source Description',
				name: 'sourceDescription',
				type: 'string',
				default: '',
				description: 'The source line at the top of the card, e.g. the system name',
			},
			{
				displayName: 'Source Icon URL',
				name: 'sourceIconUrl',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Task ID',
				name: 'taskId',
				type: 'string',
				default: '',
				description:
					'Unique ID of the card, used to update it later; letters, digits and _-@ only, at most 128 bytes',
			},
		],
	},
	{
		displayName: 'Template Card JSON',
		name: 'templateCardJson',
		type: 'json',
		required: true,
		default: '{\n  "card_type": "text_notice",\n  "main_title": { "title": "" },\n  "card_action": { "type": 1, "url": "" }\n}',
		description:
			'The template_card object, card_type included (developer.work.weixin.qq.com/document/path/90236)',
		displayOptions: forCards(['json']),
	},
];

/** The `templateCardJson` parameter as a template_card object. */
export function templateCardFromJson(this: IExecuteFunctions, i: number): IDataObject {
	const parsed = jsonParameter.call(this, 'templateCardJson', i, 'Template Card JSON', {
		object: true,
		emptyIsAbsent: false,
	}) as IDataObject;
	// A whole message body pasted from the docs works too.
	const inner = parsed.template_card;
	const card = inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as IDataObject) : parsed;
	if (typeof card.card_type !== 'string' || card.card_type === '') {
		fail.call(this, i, 'Template Card JSON: card_type is missing');
	}
	return card;
}

function fromFields(this: IExecuteFunctions, i: number, cardType: string): IDataObject {
	const card: IDataObject = { card_type: cardType };
	const title = String(itemParameter.call(this, 'mainTitle', i, '')).trim();
	const mainTitle: IDataObject = {};
	optional(mainTitle, 'title', title);
	optional(mainTitle, 'desc', itemParameter.call(this, 'mainTitleDescription', i, ''));
	if (Object.keys(mainTitle).length) card.main_title = mainTitle;

	if (cardType === 'text_notice') {
		const subTitle = String(itemParameter.call(this, 'subTitleText', i, '')).trim();
		if (!title && !subTitle) fail.call(this, i, 'Main Title or Sub-Title Text: give at least one');
		optional(card, 'sub_title_text', subTitle);
		const emphasis: IDataObject = {};
		optional(emphasis, 'title', itemParameter.call(this, 'emphasisTitle', i, ''));
		optional(emphasis, 'desc', itemParameter.call(this, 'emphasisDescription', i, ''));
		if (Object.keys(emphasis).length) card.emphasis_content = emphasis;
	} else {
		assertNotEmpty.call(this, i, 'Main Title', title);
		const imageUrl = String(itemParameter.call(this, 'cardImageUrl', i, '')).trim();
		assertNotEmpty.call(this, i, 'Card Image URL', imageUrl);
		card.card_image = { url: imageUrl };
	}

	const actionUrl = String(itemParameter.call(this, 'cardActionUrl', i, '')).trim();
	assertNotEmpty.call(this, i, 'Card Action URL', actionUrl);
	card.card_action = { type: 1, url: actionUrl };

	const options = this.getNodeParameter('cardOptions', i, {}) as IDataObject;
	const source: IDataObject = {};
	optional(source, 'icon_url', options.sourceIconUrl);
	optional(source, 'desc', options.sourceDescription);
	if (Object.keys(source).length) card.source = source;
	optional(card, 'task_id', options.taskId);
	if (cardType === 'news_notice' && options.cardImageAspectRatio !== undefined) {
		(card.card_image as IDataObject).aspect_ratio = options.cardImageAspectRatio;
	}
	const lines = ((options.horizontalContent as IDataObject | undefined)?.line as IDataObject[] | undefined) ?? [];
	assertCount.call(this, i, 'Key-Value Lines', lines.length, 0, MAX_HORIZONTAL_LINES);
	if (lines.length) {
		card.horizontal_content_list = lines.map((line) => {
			const entry: IDataObject = { keyname: String(line.keyname ?? ''), value: String(line.value ?? '') };
			const url = String(line.url ?? '').trim();
			if (url) Object.assign(entry, { type: 1, url });
			return entry;
		});
	}
	const links = ((options.jumpLinks as IDataObject | undefined)?.link as IDataObject[] | undefined) ?? [];
	assertCount.call(this, i, 'Jump Links', links.length, 0, MAX_JUMP_LINKS);
	if (links.length) {
		card.jump_list = links.map((link) => ({ type: 1, title: String(link.title ?? ''), url: String(link.url ?? '') }));
	}
	return card;
}

export const templateCard: MessageTypeEntry = {
	type: 'template_card',
	name: 'Template Card',
	properties,
	async build(i) {
		const cardType = itemParameter.call(this, 'cardType', i) as string;
		const card = cardType === 'json' ? templateCardFromJson.call(this, i) : fromFields.call(this, i, cardType);
		return { body: { msgtype: 'template_card', template_card: card } };
	},
};
