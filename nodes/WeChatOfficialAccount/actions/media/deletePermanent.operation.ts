import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { mediaIdField } from './fields';

const show = { resource: ['media'], operation: ['deletePermanent'] };

export const description: INodeProperties[] = [mediaIdField(show, 'The media_id of a permanent material')];

/** POST /cgi-bin/material/del_material — developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const mediaId = requiredId.call(this, 'mediaId', i, 'Media ID');
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/material/del_material', body: { media_id: mediaId }, itemIndex: i });
	return { media_id: mediaId, deleted: true };
}
