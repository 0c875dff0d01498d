/**
 * mpnews: 1 to 8 articles stored by WeCom and opened inside it, each with an uploaded thumbnail
 * (developer.work.weixin.qq.com/document/path/90236).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertCount, assertNotEmpty } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';
import { optional } from './entry';
import { MAX_ARTICLES } from './news';

function readArticles(this: IExecuteFunctions, i: number): IDataObject[] {
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

export const mpnews: MessageTypeEntry = {
	type: 'mpnews',
	name: 'MP News',
	properties: [
		{
			displayName: 'Articles',
			name: 'mpnewsArticles',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Article',
			default: {},
			required: true,
			description: 'One to eight articles, stored by WeCom and opened inside WeCom',
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
		},
	],
	async build(i) {
		return { body: { msgtype: 'mpnews', mpnews: { articles: readArticles.call(this, i) } } };
	},
};
