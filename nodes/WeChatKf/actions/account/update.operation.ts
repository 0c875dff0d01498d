import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, itemParameter, requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { openKfIdField } from '../common/fields';
import { mediaIdFrom } from '../common/media';
import { AVATAR, avatarFields, nameField } from './fields';
import { accountName } from './name';

const show = { resource: ['account'], operation: ['update'] };

export const description: INodeProperties[] = [
	openKfIdField(show),
	nameField(show, false),
	{
		displayName: 'Change Avatar',
		name: 'changeAvatar',
		type: 'boolean',
		default: false,
		description: 'Whether to give the account a new avatar',
		displayOptions: { show },
	},
	...avatarFields({ ...show, changeAvatar: [true] }),
];

/** POST /cgi-bin/kf/account/update — developer.work.weixin.qq.com/document/path/94664 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const name = accountName.call(this, i, false);
	const body: IDataObject = { open_kfid: openKfId };
	if (name) body.name = name;
	if (itemParameter.call(this, 'changeAvatar', i, false)) body.media_id = (await mediaIdFrom.call(this, i, AVATAR, 'image')).mediaId;
	if (!body.name && !body.media_id) fail.call(this, i, 'Nothing to change: give a Name or turn on Change Avatar');
	await kfRequest.call(this, { method: 'POST', path: '/cgi-bin/kf/account/update', body, itemIndex: i, safeToResend: true });
	return { ...body, updated: true };
}
