/**
 * news: 1 to 8 articles, each a link (developer.work.weixin.qq.com/document/path/90236); the group
 * robot takes the same four fields and requires the URL (document/path/91770).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, assertNotEmpty, fail } from '../../../../shared/params';
import type { MessageTypeEntry } from './entry';

/** news and mpnews carry 1 to 8 articles (document/path/90236). */
export const MAX_ARTICLES = 8;

/** The Articles property, without displayOptions. */
export function articlesProperty(urlRequired = false): INodeProperties {
	return {
		displayName: 'Articles',
		name: 'articles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Article',
		default: {},
		required: true,
		description: 'One to eight articles',
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

export const news: MessageTypeEntry = {
	type: 'news',
	name: 'News',
	properties: [articlesProperty()],
	async build(i) {
		return { body: { msgtype: 'news', news: { articles: readNewsArticles.call(this, i) } } };
	},
};
