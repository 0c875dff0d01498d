import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, requiredId, utf8Length } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { timRequest } from '../../transport';

const show = { resource: ['account'], operation: ['importOne'] };

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 32 bytes',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Nickname', name: 'nick', type: 'string', default: '' },
			{ displayName: 'Avatar URL', name: 'faceUrl', type: 'string', default: '' },
		],
	},
];

export const orderingKey = keyFrom('userId', 'user');

/** POST /v4/im_open_login_svc/account_import — cloud.tencent.com/document/product/269/1608 (导入单个账号). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const userId = requiredId.call(this, 'userId', i, 'User ID');
	// UserID is at most 32 bytes (269/1608): say so here rather than relay a bare 70402.
	if (utf8Length(userId) > 32) fail.call(this, i, 'User ID: at most 32 bytes');
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = { UserID: userId };
	if (fields.nick) body.Nick = String(fields.nick);
	if (fields.faceUrl) body.FaceUrl = String(fields.faceUrl);
	// Idempotent (269/1608: 同一个账号重复导入仅会创建1个内部 ID), so safe to send again.
	await timRequest.call(this, { path: '/v4/im_open_login_svc/account_import', body, itemIndex: i, safeToResend: true });
	return { ...body, imported: true };
}
