import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { withoutEnvelope } from '../../../shared/wechat/envelope';
import { kfRequest } from '../../transport';
import { mediaIdFrom } from '../common/media';
import { AVATAR, avatarFields, nameField } from './fields';
import { accountName } from './name';

const show = { resource: ['account'], operation: ['add'] };

export const description: INodeProperties[] = [nameField(show, true), ...avatarFields(show)];

/** POST /cgi-bin/kf/account/add — developer.work.weixin.qq.com/document/path/94662 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = accountName.call(this, i, true);
	const { mediaId, uploaded } = await mediaIdFrom.call(this, i, AVATAR, 'image');
	const response = await kfRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/kf/account/add',
		body: { name, media_id: mediaId },
		itemIndex: i,
	});
	return { ...withoutEnvelope(response), name, media_id: mediaId, ...(uploaded ? { uploaded } : {}) };
}
