import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { articlesProperty, readNewsArticles } from '../common/messageTypes/news';
import { robotShow } from './fields';
import { robotSend } from './send';

export const description: INodeProperties[] = [
	{ ...articlesProperty(true), displayOptions: { show: robotShow('sendNews') } },
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	// Robot articles need a URL (developer.work.weixin.qq.com/document/path/91770).
	const articles = readNewsArticles.call(this, i, true);
	return await robotSend.call(this, i, { msgtype: 'news', news: { articles } });
}
