/**
 * The message body shared by Message → Send (message/send, document/path/90236) and App Chat →
 * Send (appchat/send, document/path/90248): both take `{ msgtype, [msgtype]: {...} }` with the
 * same shapes, and app chats accept a subset of the types.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, assertMaxBytes, assertNotEmpty, fail, jsonObject } from './checks';
import type { MediaType } from './media';
import { binaryPropertyField, readBinaryFile, uploadAppMedia } from './media';

export type MessageType =
	| 'text'
	| 'markdown'
	| 'image'
	| 'voice'
	| 'video'
	| 'file'
	| 'textcard'
	| 'news'
	| 'mpnews'
	| 'miniprogram_notice'
	| 'template_card';

export const APP_MESSAGE_TYPES: MessageType[] = [
	'text',
	'markdown',
	'image',
	'voice',
	'video',
	'file',
	'textcard',
	'news',
	'mpnews',
	'miniprogram_notice',
	'template_card',
];

/** appchat/send takes no mini program notice and no template card (document/path/90248). */
export const APP_CHAT_MESSAGE_TYPES: MessageType[] = [
	'text',
	'markdown',
	'image',
	'voice',
	'video',
	'file',
	'textcard',
	'news',
	'mpnews',
];

const TYPE_NAMES: Record<MessageType, string> = {
	file: 'File',
	image: 'Image',
	markdown: 'Markdown',
	miniprogram_notice: 'Mini Program Notice',
	mpnews: 'MP News',
	news: 'News',
	template_card: 'Template Card',
	text: 'Text',
	textcard: 'Text Card',
	video: 'Video',
	voice: 'Voice',
};

const MEDIA_TYPES: MessageType[] = ['image', 'voice', 'video', 'file'];

/** Text and markdown of app messages and app chats: developer.work.weixin.qq.com/document/path/90236 */
export const APP_TEXT_MAX_BYTES = 2048;
export const APP_MARKDOWN_MAX_BYTES = 2048;
/** news and mpnews carry 1 to 8 articles (document/path/90236). */
export const MAX_ARTICLES = 8;
// template_card lists: horizontal_content_list ≤ 6, jump_list ≤ 3 (document/path/90236).
const MAX_HORIZONTAL_LINES = 6;
const MAX_JUMP_LINKS = 3;

/** The `displayOptions.show` of a property. */
export type Show = NonNullable<IDisplayOptions['show']>;

/** The 1–8 articles of a news message; the group robot takes the same four fields (document/path/91770). */
export function newsArticlesProperty(show: Show, urlRequired = false): INodeProperties {
	return {
		displayName: 'Articles',
		name: 'articles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Article',
		default: {},
		required: true,
		description: 'One to eight articles',
		displayOptions: { show },
		options: [
			{
				displayName: 'Article',
				name: 'article',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'At most 512 bytes; WeCom cuts longer descriptions',
					},
					{
						displayName: 'Picture URL',
						name: 'picurl',
						type: 'string',
						default: '',
						description: 'JPG or PNG; 1068×455 for the large picture, 150×150 for the small ones',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						required: true,
						default: '',
						description: 'At most 128 bytes; WeCom cuts longer titles',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						required: urlRequired,
						default: '',
						description: 'The page opened when the article is clicked',
					},
				],
			},
		],
	};
}

export function readNewsArticles(this: IExecuteFunctions, i: number, requireUrl = false): IDataObject[] {
	const entries = this.getNodeParameter('articles.article', i, []) as IDataObject[];
	assertCount.call(this, i, 'Articles', entries.length, 1, MAX_ARTICLES);
	return entries.map((entry, n) => {
		const article: IDataObject = { title: String(entry.title ?? '') };
		assertNotEmpty.call(this, i, `Articles ${n + 1}: Title`, article.title as string);
		for (const key of ['description', 'url', 'picurl']) {
			const value = String(entry[key] ?? '').trim();
			if (value) article[key] = value;
		}
		if (requireUrl && !article.url) fail.call(this, i, `Articles ${n + 1}: URL is empty`);
		return article;
	});
}

export function messageContentDescription(show: Show, types: MessageType[]): INodeProperties[] {
	const allowed = new Set(types);
	const when = (forTypes: MessageType[], extra: Show = {}): { show: Show } => ({
		show: { ...show, messageType: forTypes.filter((t) => allowed.has(t)), ...extra },
	});
	const has = (forTypes: MessageType[]) => forTypes.some((t) => allowed.has(t));

	const properties: INodeProperties[] = [
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			options: types
				.map((value) => ({ name: TYPE_NAMES[value], value }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: 'text',
			displayOptions: { show },
		},
		{
			displayName: 'Text',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: `Plain text, at most ${APP_TEXT_MAX_BYTES} bytes in UTF-8. HTML links (a tags) are clickable.`,
			displayOptions: when(['text']),
		},
		{
			displayName: 'Markdown',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 6 },
			required: true,
			default: '',
			description: `WeCom's Markdown subset (headings, bold, links, quotes, colored font tags), at most ${APP_MARKDOWN_MAX_BYTES} bytes in UTF-8`,
			displayOptions: when(['markdown']),
		},
	];

	if (has(MEDIA_TYPES)) {
		properties.push(
			{
				displayName: 'Media Source',
				name: 'mediaSource',
				type: 'options',
				options: [
					{
						name: 'Binary Data',
						value: 'binaryData',
						description: 'Upload a file of this workflow first (media/upload), then send it',
					},
					{ name: 'Media ID', value: 'mediaId', description: 'A media_id uploaded earlier (valid for 3 days)' },
				],
				default: 'binaryData',
				displayOptions: when(MEDIA_TYPES),
			},
			{
				displayName: 'Media ID',
				name: 'mediaId',
				type: 'string',
				required: true,
				default: '',
				description: 'The media_id returned by Media → Upload',
				displayOptions: when(MEDIA_TYPES, { mediaSource: ['mediaId'] }),
			},
			binaryPropertyField(when(MEDIA_TYPES, { mediaSource: ['binaryData'] }).show),
			{
				displayName: 'Video Title',
				name: 'videoTitle',
				type: 'string',
				default: '',
				description: 'At most 128 bytes',
				displayOptions: when(['video']),
			},
			{
				displayName: 'Video Description',
				name: 'videoDescription',
				type: 'string',
				default: '',
				description: 'At most 512 bytes',
				displayOptions: when(['video']),
			},
		);
	}

	if (has(['textcard'])) {
		properties.push(
			{
				displayName: 'Title',
				name: 'cardTitle',
				type: 'string',
				required: true,
				default: '',
				description: 'At most 128 bytes',
				displayOptions: when(['textcard']),
			},
			{
				displayName: 'Description',
				name: 'cardDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				required: true,
				default: '',
				description:
					'At most 512 bytes. Div tags with class gray, normal or highlight color their lines.',
				displayOptions: when(['textcard']),
			},
			{
				displayName: 'URL',
				name: 'cardUrl',
				type: 'string',
				required: true,
				default: '',
				description: 'The page opened when the card is clicked',
				displayOptions: when(['textcard']),
			},
			{
				displayName: 'Button Text',
				name: 'buttonText',
				type: 'string',
				default: '',
				placeholder: '详情',
				description: 'At most 4 characters; WeCom shows "详情" (Details) when empty',
				displayOptions: when(['textcard']),
			},
		);
	}

	if (has(['news'])) properties.push(newsArticlesProperty(when(['news']).show));

	if (has(['mpnews'])) {
		properties.push({
			displayName: 'Articles',
			name: 'mpnewsArticles',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Article',
			default: {},
			required: true,
			description: 'One to eight articles, stored by WeCom and opened inside WeCom',
			displayOptions: when(['mpnews']),
			options: [
				{
					displayName: 'Article',
					name: 'article',
					values: [
						{ displayName: 'Author', name: 'author', type: 'string', default: '' },
						{
							displayName: 'Content',
							name: 'content',
							type: 'string',
							typeOptions: { rows: 4 },
							required: true,
							default: '',
							description: 'The article body; HTML is accepted',
						},
						{
							displayName: 'Digest',
							name: 'digest',
							type: 'string',
							default: '',
							description: 'The summary shown in the chat; WeCom takes the start of the content when empty',
						},
						{
							displayName: 'Source URL',
							name: 'contentSourceUrl',
							type: 'string',
							default: '',
							description: 'The page opened by "阅读原文" (Read More)',
						},
						{
							displayName: 'Thumbnail Media ID',
							name: 'thumbMediaId',
							type: 'string',
							required: true,
							default: '',
							description: 'The media_id of an uploaded image (Media → Upload, type Image)',
						},
						{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '' },
					],
				},
			],
		});
	}

	if (has(['miniprogram_notice'])) {
		properties.push(
			{
				displayName: 'Mini Program App ID',
				name: 'miniProgramAppId',
				type: 'string',
				required: true,
				default: '',
				description: 'The AppID of a mini program linked to this company',
				displayOptions: when(['miniprogram_notice']),
			},
			{
				displayName: 'Page',
				name: 'miniProgramPage',
				type: 'string',
				default: '',
				placeholder: 'pages/index?userid=zhangsan',
				description: 'The mini program page opened by the notice',
				displayOptions: when(['miniprogram_notice']),
			},
			{
				displayName: 'Title',
				name: 'noticeTitle',
				type: 'string',
				required: true,
				default: '',
				description: '4 to 12 characters',
				displayOptions: when(['miniprogram_notice']),
			},
			{
				displayName: 'Description',
				name: 'noticeDescription',
				type: 'string',
				default: '',
				description: 'Shown under the title, e.g. a date',
				displayOptions: when(['miniprogram_notice']),
			},
			{
				displayName: 'Emphasize First Item',
				name: 'emphasisFirstItem',
				type: 'boolean',
				default: false,
				description: 'Whether to show the first content item large',
				displayOptions: when(['miniprogram_notice']),
			},
			{
				displayName: 'Content Items',
				name: 'contentItems',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				placeholder: 'Add Item',
				default: {},
				description: 'Up to 10 key/value lines',
				displayOptions: when(['miniprogram_notice']),
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
		);
	}

	if (has(['template_card'])) properties.push(...templateCardDescription(when));

	return properties;
}

type When = (forTypes: MessageType[], extra?: Show) => { show: Show };

function templateCardDescription(when: When): INodeProperties[] {
	const card = (cardTypes: string[]) => when(['template_card'], { cardType: cardTypes });
	return [
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
			displayOptions: when(['template_card']),
		},
		{
			displayName: 'Main Title',
			name: 'mainTitle',
			type: 'string',
			default: '',
			description: 'Text notices need a main title or a sub-title text',
			displayOptions: card(['text_notice', 'news_notice']),
		},
		{
			displayName: 'Main Title Description',
			name: 'mainTitleDescription',
			type: 'string',
			default: '',
			description: 'Shown under the main title',
			displayOptions: card(['text_notice', 'news_notice']),
		},
		{
			displayName: 'Sub-Title Text',
			name: 'subTitleText',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'The body text of the card',
			displayOptions: card(['text_notice']),
		},
		{
			displayName: 'Emphasis Title',
			name: 'emphasisTitle',
			type: 'string',
			default: '',
			description: 'A key figure shown large (emphasis_content.title), e.g. "100"',
			displayOptions: card(['text_notice']),
		},
		{
			displayName: 'Emphasis Description',
			name: 'emphasisDescription',
			type: 'string',
			default: '',
			description: 'The label under the key figure',
			displayOptions: card(['text_notice']),
		},
		{
			displayName: 'Card Image URL',
			name: 'cardImageUrl',
			type: 'string',
			required: true,
			default: '',
			displayOptions: card(['news_notice']),
		},
		{
			displayName: 'Card Action URL',
			name: 'cardActionUrl',
			type: 'string',
			required: true,
			default: '',
			description: 'The page opened when the card is clicked (card_action)',
			displayOptions: card(['text_notice', 'news_notice']),
		},
		{
			displayName: 'Card Options',
			name: 'cardOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: card(['text_notice', 'news_notice']),
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
			displayOptions: card(['json']),
		},
	];
}

export interface BuiltContent {
	/** `{ msgtype, [msgtype]: {...} }`, ready to merge into the request body. */
	body: IDataObject;
	/** The media/upload answer when a file of the workflow was uploaded for this message. */
	uploaded?: IDataObject;
}

function optional(target: IDataObject, key: string, value: unknown): void {
	const text = typeof value === 'string' ? value.trim() : value;
	if (text !== undefined && text !== null && text !== '') target[key] = text;
}

async function mediaPayload(this: IExecuteFunctions, i: number, type: MediaType): Promise<BuiltContent> {
	const source = this.getNodeParameter('mediaSource', i, 'mediaId') as string;
	let mediaId: string;
	let uploaded: IDataObject | undefined;
	if (source === 'binaryData') {
		const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
		const file = await readBinaryFile.call(this, i, property);
		uploaded = await uploadAppMedia.call(this, i, type, file);
		mediaId = uploaded.media_id as string;
	} else {
		mediaId = String(this.getNodeParameter('mediaId', i, '')).trim();
		assertNotEmpty.call(this, i, 'Media ID', mediaId);
	}
	const payload: IDataObject = { media_id: mediaId };
	if (type === 'video') {
		optional(payload, 'title', this.getNodeParameter('videoTitle', i, ''));
		optional(payload, 'description', this.getNodeParameter('videoDescription', i, ''));
	}
	return { body: { msgtype: type, [type]: payload }, uploaded };
}

function mpnewsArticles(this: IExecuteFunctions, i: number): IDataObject[] {
	const entries = this.getNodeParameter('mpnewsArticles.article', i, []) as IDataObject[];
	assertCount.call(this, i, 'Articles', entries.length, 1, MAX_ARTICLES);
	return entries.map((entry, n) => {
		const article: IDataObject = {
			title: String(entry.title ?? ''),
			thumb_media_id: String(entry.thumbMediaId ?? '').trim(),
			content: String(entry.content ?? ''),
		};
		assertNotEmpty.call(this, i, `Articles ${n + 1}: Title`, article.title as string);
		assertNotEmpty.call(this, i, `Articles ${n + 1}: Thumbnail Media ID`, article.thumb_media_id as string);
		assertNotEmpty.call(this, i, `Articles ${n + 1}: Content`, article.content as string);
		optional(article, 'author', entry.author);
		optional(article, 'content_source_url', entry.contentSourceUrl);
		optional(article, 'digest', entry.digest);
		return article;
	});
}

function miniProgramNotice(this: IExecuteFunctions, i: number): IDataObject {
	const notice: IDataObject = {
		appid: String(this.getNodeParameter('miniProgramAppId', i, '')).trim(),
		title: String(this.getNodeParameter('noticeTitle', i, '')),
	};
	assertNotEmpty.call(this, i, 'Mini Program App ID', notice.appid as string);
	assertNotEmpty.call(this, i, 'Title', notice.title as string);
	optional(notice, 'page', this.getNodeParameter('miniProgramPage', i, ''));
	optional(notice, 'description', this.getNodeParameter('noticeDescription', i, ''));
	notice.emphasis_first_item = this.getNodeParameter('emphasisFirstItem', i, false) as boolean;
	const items = this.getNodeParameter('contentItems.item', i, []) as IDataObject[];
	// content_item holds at most 10 lines (document/path/90236).
	assertCount.call(this, i, 'Content Items', items.length, 0, 10);
	if (items.length) {
		notice.content_item = items.map((item) => ({ key: String(item.key ?? ''), value: String(item.value ?? '') }));
	}
	return notice;
}

/** The `templateCardJson` parameter as a template_card object. */
export function templateCardFromJson(this: IExecuteFunctions, i: number): IDataObject {
	const parsed = jsonObject.call(this, i, 'Template Card JSON', this.getNodeParameter('templateCardJson', i));
	// A whole message body pasted from the docs works too.
	const inner = parsed.template_card;
	const card = inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as IDataObject) : parsed;
	if (typeof card.card_type !== 'string' || card.card_type === '') {
		fail.call(this, i, 'Template Card JSON: card_type is missing');
	}
	return card;
}

function templateCard(this: IExecuteFunctions, i: number): IDataObject {
	const cardType = this.getNodeParameter('cardType', i) as string;
	if (cardType === 'json') return templateCardFromJson.call(this, i);

	const card: IDataObject = { card_type: cardType };
	const title = String(this.getNodeParameter('mainTitle', i, '')).trim();
	const mainTitle: IDataObject = {};
	optional(mainTitle, 'title', title);
	optional(mainTitle, 'desc', this.getNodeParameter('mainTitleDescription', i, ''));
	if (Object.keys(mainTitle).length) card.main_title = mainTitle;

	if (cardType === 'text_notice') {
		const subTitle = String(this.getNodeParameter('subTitleText', i, '')).trim();
		if (!title && !subTitle) fail.call(this, i, 'Main Title or Sub-Title Text: give at least one');
		optional(card, 'sub_title_text', subTitle);
		const emphasis: IDataObject = {};
		optional(emphasis, 'title', this.getNodeParameter('emphasisTitle', i, ''));
		optional(emphasis, 'desc', this.getNodeParameter('emphasisDescription', i, ''));
		if (Object.keys(emphasis).length) card.emphasis_content = emphasis;
	} else {
		assertNotEmpty.call(this, i, 'Main Title', title);
		const imageUrl = String(this.getNodeParameter('cardImageUrl', i, '')).trim();
		assertNotEmpty.call(this, i, 'Card Image URL', imageUrl);
		card.card_image = { url: imageUrl };
	}

	const actionUrl = String(this.getNodeParameter('cardActionUrl', i, '')).trim();
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

/** Reads the content parameters of item `i` and builds `{ msgtype, [msgtype]: {...} }`. */
export async function buildMessageContent(this: IExecuteFunctions, i: number): Promise<BuiltContent> {
	const type = this.getNodeParameter('messageType', i) as MessageType;
	switch (type) {
		case 'text': {
			const content = String(this.getNodeParameter('content', i, '') ?? '');
			assertNotEmpty.call(this, i, 'Text', content);
			// WeCom cuts longer text without an error (document/path/90236): refuse instead.
			assertMaxBytes.call(this, i, 'Text', content, APP_TEXT_MAX_BYTES);
			return { body: { msgtype: type, text: { content } } };
		}
		case 'markdown': {
			const content = String(this.getNodeParameter('content', i, '') ?? '');
			assertNotEmpty.call(this, i, 'Markdown', content);
			assertMaxBytes.call(this, i, 'Markdown', content, APP_MARKDOWN_MAX_BYTES);
			return { body: { msgtype: type, markdown: { content } } };
		}
		case 'image':
		case 'voice':
		case 'video':
		case 'file':
			return await mediaPayload.call(this, i, type);
		case 'textcard': {
			const textcard: IDataObject = {
				title: String(this.getNodeParameter('cardTitle', i, '')),
				description: String(this.getNodeParameter('cardDescription', i, '')),
				url: String(this.getNodeParameter('cardUrl', i, '')).trim(),
			};
			assertNotEmpty.call(this, i, 'Title', textcard.title as string);
			assertNotEmpty.call(this, i, 'Description', textcard.description as string);
			assertNotEmpty.call(this, i, 'URL', textcard.url as string);
			optional(textcard, 'btntxt', this.getNodeParameter('buttonText', i, ''));
			return { body: { msgtype: type, textcard } };
		}
		case 'news':
			return { body: { msgtype: type, news: { articles: readNewsArticles.call(this, i) } } };
		case 'mpnews':
			return { body: { msgtype: type, mpnews: { articles: mpnewsArticles.call(this, i) } } };
		case 'miniprogram_notice':
			return { body: { msgtype: type, miniprogram_notice: miniProgramNotice.call(this, i) } };
		case 'template_card':
			return { body: { msgtype: type, template_card: templateCard.call(this, i) } };
		default:
			return fail.call(this, i, `Message Type "${String(type)}" is not supported here`);
	}
}
