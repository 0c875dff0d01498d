import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { draftIdField } from './fields';

export const description: INodeProperties[] = [draftIdField('get')];

/** POST /cgi-bin/draft/get — developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const media_id = requiredId.call(this, 'mediaId', i, 'Draft Media ID');
	const response = await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/draft/get', body: { media_id }, itemIndex: i, safeToResend: true });
	return { media_id, news_item: (response.news_item as IDataObject[] | undefined) ?? [] };
}
