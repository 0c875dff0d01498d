import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, fail, itemParameter } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { qrImage } from './image';

const show = { resource: ['qrCode'], operation: ['create'] };

// 临时二维码: at most 30 days, scene_id a 32-bit number; 永久二维码: scene_id 1..100000, at most 100,000 codes.
const MAX_SECONDS = 2592000;
const MAX_TEMPORARY_SCENE = 4294967295;
const MAX_PERMANENT_SCENE = 100000;
const MAX_SCENE_STR = 64;

export const description: INodeProperties[] = [
	{
		displayName: 'QR Code Type',
		name: 'qrType',
		type: 'options',
		options: [
			{ name: 'Temporary', value: 'temporary', description: 'Expires after at most 30 days; no limit on how many' },
			{ name: 'Permanent', value: 'permanent', description: 'Never expires; at most 100,000 per account' },
		],
		default: 'temporary',
		displayOptions: { show },
	},
	{
		displayName: 'Scene Type',
		name: 'sceneType',
		type: 'options',
		options: [
			{ name: 'Number', value: 'id' },
			{ name: 'Text', value: 'str' },
		],
		default: 'str',
		description: 'What a scan sends back (the trigger output "qrScene")',
		displayOptions: { show },
	},
	{
		displayName: 'Scene Value',
		name: 'sceneStr',
		type: 'string',
		required: true,
		default: '',
		description: '1 to 64 characters',
		displayOptions: { show: { ...show, sceneType: ['str'] } },
	},
	{
		displayName: 'Scene Number',
		name: 'sceneId',
		type: 'number',
		required: true,
		default: 1,
		description: 'Temporary: 1 to 4294967295; permanent: 1 to 100000',
		displayOptions: { show: { ...show, sceneType: ['id'] } },
	},
	{
		displayName: 'Expires After (Seconds)',
		name: 'expireSeconds',
		type: 'number',
		typeOptions: { minValue: 60, maxValue: MAX_SECONDS },
		default: 604800,
		description: 'At most 2592000 (30 days)',
		displayOptions: { show: { ...show, qrType: ['temporary'] } },
	},
	{
		displayName: 'Download Image',
		name: 'downloadImage',
		type: 'boolean',
		default: false,
		description: 'Whether to put the QR code image in a binary field as well',
		displayOptions: { show },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the image in',
		displayOptions: { show: { ...show, downloadImage: [true] } },
	},
];

/**
 * POST /cgi-bin/qrcode/create — developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html.
 * Not sent again after an unclear outcome: a permanent code counts against the 100,000.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject | INodeExecutionData> {
	const permanent = itemParameter.call(this, 'qrType', i, 'temporary') === 'permanent';
	const byText = itemParameter.call(this, 'sceneType', i, 'str') === 'str';
	const scene: IDataObject = {};
	if (byText) {
		const value = String(itemParameter.call(this, 'sceneStr', i, '')).trim();
		assertNotEmpty.call(this, i, 'Scene Value', value);
		if (value.length > MAX_SCENE_STR) fail.call(this, i, `Scene Value: at most ${MAX_SCENE_STR} characters, got ${value.length}`);
		scene.scene_str = value;
	} else {
		const id = Number(itemParameter.call(this, 'sceneId', i, 0));
		const max = permanent ? MAX_PERMANENT_SCENE : MAX_TEMPORARY_SCENE;
		if (!Number.isInteger(id) || id < 1 || id > max) fail.call(this, i, `Scene Number: a whole number from 1 to ${max}, got ${id}`);
		scene.scene_id = id;
	}
	const action = `QR${permanent ? '_LIMIT' : ''}${byText ? '_STR' : ''}_SCENE`;
	const body: IDataObject = { action_name: action, action_info: { scene } };
	if (!permanent) body.expire_seconds = Number(this.getNodeParameter('expireSeconds', i, 604800));
	const response = await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/qrcode/create', body, itemIndex: i });
	const output: IDataObject = { action_name: action, scene: byText ? scene.scene_str : scene.scene_id, ...response };
	if (!itemParameter.call(this, 'downloadImage', i, false)) return output;
	const image = await qrImage.call(this, i, String(response.ticket), itemParameter.call(this, 'binaryPropertyName', i, 'data') as string);
	return { ...image, json: { ...output, ...image.json } };
}
