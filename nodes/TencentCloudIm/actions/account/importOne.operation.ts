import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
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

/** POST /v4/im_open_login_svc/account_import — cloud.tencent.com/document/product/269/1608 (导入单个账号). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const userId = String(this.getNodeParameter('userId', i, '')).trim();
	if (!userId) throw new NodeOperationError(this.getNode(), 'User ID: required', { itemIndex: i });
	// UserID is at most 32 bytes (269/1608): say so here rather than relay a bare 70402.
	if (Buffer.byteLength(userId, 'utf8') > 32) {
		throw new NodeOperationError(this.getNode(), 'User ID: at most 32 bytes', { itemIndex: i });
	}
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = { UserID: userId };
	if (fields.nick) body.Nick = String(fields.nick);
	if (fields.faceUrl) body.FaceUrl = String(fields.faceUrl);
	await timRequest.call(this, '/v4/im_open_login_svc/account_import', body, i);
	return { ...body, imported: true };
}
