import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, itemParameter, requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { openKfIdField } from '../common/fields';

const show = { resource: ['account'], operation: ['getContactLink'] };

// scene: 不多于32字节, [0-9a-zA-Z_-]* (add_contact_way, path/94665).
const SCENE = /^[0-9a-zA-Z_-]{0,32}$/;

export const description: INodeProperties[] = [
	openKfIdField(show),
	{
		displayName: 'Scene',
		name: 'scene',
		type: 'string',
		default: '',
		placeholder: 'spring_sale',
		description:
			'Comes back as the scene of the Enter Session event when a customer opens the link: at most 32 characters of 0-9, a-z, A-Z, "_" and "-"',
		displayOptions: { show },
	},
];

/** POST /cgi-bin/kf/add_contact_way — developer.work.weixin.qq.com/document/path/94665 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const scene = String(itemParameter.call(this, 'scene', i, '') ?? '').trim();
	if (!SCENE.test(scene)) fail.call(this, i, 'Scene: at most 32 characters of 0-9, a-z, A-Z, "_" and "-"');
	const body: IDataObject = { open_kfid: openKfId };
	if (scene) body.scene = scene;
	const response = await kfRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/kf/add_contact_way',
		body,
		itemIndex: i,
		safeToResend: true,
	});
	if (typeof response.url !== 'string' || response.url === '') fail.call(this, i, 'WeChat KF answered without a url');
	return { open_kfid: openKfId, scene, url: response.url };
}
