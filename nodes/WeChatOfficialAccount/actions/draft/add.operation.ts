import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, assertNotEmpty, fail, itemParameter, jsonParameter } from '../../../shared/params';
import { binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import { officialAccountRequest } from '../../transport';
import { addPermanent } from '../common/media';

const show = { resource: ['draft'], operation: ['add'] };
const fromFields = { ...show, articleSource: ['fields'] };

// 图文消息: 1 to 8 articles per draft.
const MAX_ARTICLES = 8;

export const description: INodeProperties[] = [
	{
		displayName: 'Article Source',
		name: 'articleSource',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'One article from the fields below' },
			{ name: 'JSON', value: 'json', description: 'Up to 8 articles as WeChat takes them' },
		],
		default: 'fields',
		displayOptions: { show },
	},
	{
		displayName: 'Articles (JSON)',
		name: 'articlesJson',
		type: 'json',
		required: true,
		default: '[\n  {\n    "title": "",\n    "content": "",\n    "thumb_media_id": ""\n  }\n]',
		description: 'An array of articles: title, content (HTML), thumb_media_id (a permanent image), author, digest, content_source_url…',
		displayOptions: { show: { ...show, articleSource: ['json'] } },
	},
	{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '', displayOptions: { show: fromFields } },
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		description: 'The article in HTML (under 20,000 characters and 1 MB; pictures uploaded to WeChat)',
		displayOptions: { show: fromFields },
	},
	{
		displayName: 'Cover Source',
		name: 'coverSource',
		type: 'options',
		options: [
			{ name: 'Binary Data', value: 'binaryData', description: 'Upload an image of this workflow as a permanent material first' },
			{ name: 'Media ID', value: 'mediaId', description: 'A permanent image material' },
		],
		default: 'binaryData',
		displayOptions: { show: fromFields },
	},
	{
		...binaryPropertyField({ ...fromFields, coverSource: ['binaryData'] }),
		displayName: 'Cover Binary Field',
		hint: 'The name of the input binary field with the cover image',
	},
	{
		displayName: 'Cover Media ID',
		name: 'thumbMediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'The media_id of a permanent image (Media → Add Permanent)',
		displayOptions: { show: { ...fromFields, coverSource: ['mediaId'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: fromFields },
		options: [
			{ displayName: 'Author', name: 'author', type: 'string', default: '' },
			{ displayName: 'Digest', name: 'digest', type: 'string', default: '', description: 'The summary shown in lists; the first 54 characters by default' },
			{ displayName: 'Only Followers Comment', name: 'onlyFansCanComment', type: 'boolean', default: false, description: 'Whether only followers may comment' },
			{ displayName: 'Open Comments', name: 'needOpenComment', type: 'boolean', default: false, description: 'Whether readers may comment' },
			{ displayName: 'Original URL', name: 'contentSourceUrl', type: 'string', default: '', description: 'Read More (阅读原文) leads here' },
		],
	},
];

async function articleFromFields(this: IExecuteFunctions, i: number): Promise<{ article: IDataObject; cover?: IDataObject }> {
	const title = String(itemParameter.call(this, 'title', i, '')).trim();
	const content = String(itemParameter.call(this, 'content', i, ''));
	assertNotEmpty.call(this, i, 'Title', title);
	assertNotEmpty.call(this, i, 'Content', content);
	let cover: IDataObject | undefined;
	let thumb = '';
	if (itemParameter.call(this, 'coverSource', i, 'mediaId') === 'binaryData') {
		const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
		const file = await readBinaryFile.call(this, i, property);
		// 图文消息的封面图片素材id（必须是永久MediaID）.
		cover = await addPermanent.call(this, i, 'image', file, undefined, 'Cover Binary Field');
		thumb = String(cover.media_id);
	} else {
		thumb = String(itemParameter.call(this, 'thumbMediaId', i, '')).trim();
		assertNotEmpty.call(this, i, 'Cover Media ID', thumb);
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const article: IDataObject = { title, content, thumb_media_id: thumb };
	if (String(options.author ?? '').trim()) article.author = String(options.author).trim();
	if (String(options.digest ?? '').trim()) article.digest = String(options.digest).trim();
	if (String(options.contentSourceUrl ?? '').trim()) article.content_source_url = String(options.contentSourceUrl).trim();
	if (options.needOpenComment) article.need_open_comment = 1;
	if (options.onlyFansCanComment) article.only_fans_can_comment = 1;
	return { article, cover };
}

/**
 * POST /cgi-bin/draft/add — developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html.
 * Not sent again after an unclear outcome: it would be a second draft.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	let articles: IDataObject[];
	let cover: IDataObject | undefined;
	if (itemParameter.call(this, 'articleSource', i, 'fields') === 'json') {
		const value = jsonParameter.call(this, 'articlesJson', i, 'Articles (JSON)', { emptyIsAbsent: false });
		if (!Array.isArray(value)) fail.call(this, i, 'Articles (JSON) must be an array of articles');
		articles = value as IDataObject[];
		assertCount.call(this, i, 'Articles (JSON)', articles.length, 1, MAX_ARTICLES);
	} else {
		const built = await articleFromFields.call(this, i);
		articles = [built.article];
		cover = built.cover;
	}
	const response = await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/draft/add', body: { articles }, itemIndex: i });
	const output: IDataObject = { media_id: response.media_id, articles: articles.length };
	if (cover) output.cover = cover;
	return output;
}
