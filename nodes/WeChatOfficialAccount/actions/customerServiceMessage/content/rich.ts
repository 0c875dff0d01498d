/**
 * The types without a file of the workflow: text, music, news (one link card), mpnews (a draft or
 * news material), mpnewsarticle (a published article), msgmenu (a menu of replies) and
 * miniprogrampage (a mini program card).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, fail, itemParameter } from '../../../../shared/params';
import type { BuiltContent, MessageType, MessageTypeEntry } from './entry';
import { optional, textParameter } from './entry';

/** Reads `fields` (parameter → body key), each required unless listed in `optionalFields`. */
function simple(
	type: MessageType,
	name: string,
	properties: INodeProperties[],
	fields: Record<string, string>,
	optionalFields: string[] = [],
): MessageTypeEntry {
	return {
		type,
		name,
		properties,
		async build(this: IExecuteFunctions, i: number): Promise<BuiltContent> {
			const payload: IDataObject = {};
			for (const [parameter, key] of Object.entries(fields)) {
				const value = textParameter(this, parameter, i);
				if (!optionalFields.includes(parameter)) {
					const label = properties.find((p) => p.name === parameter)?.displayName ?? parameter;
					assertNotEmpty.call(this, i, label, value);
				}
				optional(payload, key, value);
			}
			return { body: { msgtype: type, [type]: payload } };
		},
	};
}

const field = (displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	...extra,
});

export const text: MessageTypeEntry = {
	type: 'text',
	name: 'Text',
	properties: [
		field('Content', 'content', {
			required: true,
			typeOptions: { rows: 4 },
			description: 'The text; links may be <a href="…">…</a>',
		}),
	],
	async build(i) {
		const content = String(itemParameter.call(this, 'content', i, '') ?? '');
		assertNotEmpty.call(this, i, 'Content', content);
		return { body: { msgtype: 'text', text: { content } } };
	},
};

const thumb = field('Thumb Media ID', 'thumbMediaId', { required: true, description: 'The media_id of the cover image (a thumb or image upload)' });

export const music = simple(
	'music',
	'Music',
	[
		field('Music Title', 'musicTitle'),
		field('Music Description', 'musicDescription'),
		field('Music URL', 'musicUrl', { required: true }),
		field('HQ Music URL', 'hqMusicUrl', { required: true, description: 'The high-quality link, played on Wi-Fi' }),
		thumb,
	],
	{ musicTitle: 'title', musicDescription: 'description', musicUrl: 'musicurl', hqMusicUrl: 'hqmusicurl', thumbMediaId: 'thumb_media_id' },
	['musicTitle', 'musicDescription'],
);

export const news: MessageTypeEntry = {
	type: 'news',
	name: 'News (Link Card)',
	properties: [
		field('Title', 'newsTitle', { required: true }),
		field('Description', 'newsDescription'),
		field('URL', 'newsUrl', { required: true, description: 'Where the card leads' }),
		field('Picture URL', 'newsPicUrl', { description: 'JPG or PNG; 1068 × 455 looks best' }),
	],
	// 图文消息条数限制在1条以内: one article, as an array.
	async build(i) {
		const article: IDataObject = {};
		for (const [parameter, key, label] of [
			['newsTitle', 'title', 'Title'],
			['newsDescription', 'description', ''],
			['newsUrl', 'url', 'URL'],
			['newsPicUrl', 'picurl', ''],
		]) {
			const value = textParameter(this, parameter, i);
			if (label) assertNotEmpty.call(this, i, label, value);
			optional(article, key, value);
		}
		return { body: { msgtype: 'news', news: { articles: [article] } } };
	},
};

export const mpnews = simple(
	'mpnews',
	'MP News (Draft)',
	[field('News Media ID', 'mpnewsMediaId', { required: true, description: 'The media_id of a draft (Draft → Add) or news material' })],
	{ mpnewsMediaId: 'media_id' },
);

export const mpnewsarticle = simple(
	'mpnewsarticle',
	'MP News Article (Published)',
	[field('Article ID', 'articleId', { required: true, description: 'The article_id of a publication (Publish → Get Status)' })],
	{ articleId: 'article_id' },
);

export const msgmenu: MessageTypeEntry = {
	type: 'msgmenu',
	name: 'Menu of Replies',
	properties: [
		field('Head Content', 'headContent', { description: 'The text above the options' }),
		{
			displayName: 'Options',
			name: 'menuOptions',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Option',
			default: {},
			description: 'What the user can tap: the tap comes back as a text message with bizmsgmenuid = the ID',
			options: [
				{
					name: 'option',
					displayName: 'Option',
					values: [
						{ displayName: 'ID', name: 'id', type: 'string', default: '' },
						{ displayName: 'Content', name: 'content', type: 'string', default: '' },
					],
				},
			],
		},
		field('Tail Content', 'tailContent', { description: 'The text below the options' }),
	],
	async build(i) {
		const options = ((this.getNodeParameter('menuOptions', i, {}) as IDataObject).option ?? []) as IDataObject[];
		const list = options.map((o) => ({ id: String(o.id ?? '').trim(), content: String(o.content ?? '').trim() }));
		if (list.length === 0) fail.call(this, i, 'Options: give at least one');
		if (list.some((o) => !o.id || !o.content)) fail.call(this, i, 'Options: every option needs an ID and a content');
		const payload: IDataObject = { list };
		optional(payload, 'head_content', textParameter(this, 'headContent', i));
		optional(payload, 'tail_content', textParameter(this, 'tailContent', i));
		return { body: { msgtype: 'msgmenu', msgmenu: payload } };
	},
};

export const miniprogrampage = simple(
	'miniprogrampage',
	'Mini Program Card',
	[
		field('Card Title', 'miniTitle', { required: true }),
		field('Mini Program App ID', 'miniAppId', { required: true, description: 'The mini program linked to this account' }),
		field('Page Path', 'miniPagePath', { required: true, placeholder: 'pages/index/index?foo=bar' }),
		thumb,
	],
	{ miniTitle: 'title', miniAppId: 'appid', miniPagePath: 'pagepath', thumbMediaId: 'thumb_media_id' },
);
