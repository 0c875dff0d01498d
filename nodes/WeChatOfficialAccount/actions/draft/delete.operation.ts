import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { draftIdField } from './fields';

export const description: INodeProperties[] = [draftIdField('delete')];

/** POST /cgi-bin/draft/delete — developers.weixin.qq.com/doc/offiaccount/Draft_Box/Delete_draft.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const media_id = requiredId.call(this, 'mediaId', i, 'Draft Media ID');
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/draft/delete', body: { media_id }, itemIndex: i });
	return { media_id, deleted: true };
}
