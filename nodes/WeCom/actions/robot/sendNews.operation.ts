import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { newsArticlesProperty, readNewsArticles } from '../common/content';
import { robotSend, robotShow } from './fields';

export const description: INodeProperties[] = [newsArticlesProperty(robotShow('sendNews'), true)];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	// Robot articles need a URL (developer.work.weixin.qq.com/document/path/91770).
	const articles = readNewsArticles.call(this, i, true);
	return await robotSend.call(this, i, { msgtype: 'news', news: { articles } });
}
