import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../shared/params';
import type { WxRequest } from '../../../shared/wechat/media';
import { assertMediaSize, binaryPropertyField, readBinaryFile, uploadMedia } from '../../../shared/wechat/media';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { robotShow } from './fields';
import { ROBOT_CREDENTIAL, robotSend } from './send';

const show = robotShow('sendFile');

// Robot files: more than 5 bytes, at most 20 MB (developer.work.weixin.qq.com/document/path/91770).
const MAX_BYTES = 20 * 1024 * 1024;

export const description: INodeProperties[] = [
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		options: [
			{
				name: 'Binary Data',
				value: 'binaryData',
				description: "Upload a file of this workflow to the robot first, then send it",
			},
			{
				name: 'Media ID',
				value: 'mediaId',
				description: "A media_id from the robot's own upload (valid for 3 days)",
			},
		],
		default: 'binaryData',
		displayOptions: { show },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'Media uploaded with media/upload of an app cannot be sent by a robot',
		displayOptions: { show: { ...show, mediaSource: ['mediaId'] } },
	},
	binaryPropertyField({ ...show, mediaSource: ['binaryData'] }),
];

/** The robot's own upload: its webhook key, not the app's token. */
const robotRequest: WxRequest = function (request) {
	return weComRequest.call(this, { ...request, credentialType: ROBOT_CREDENTIAL });
};

/** POST /cgi-bin/webhook/upload_media?type=file — developer.work.weixin.qq.com/document/path/91770 */
async function uploadRobotFile(this: IExecuteFunctions, i: number, property: string): Promise<IDataObject> {
	const file = await readBinaryFile.call(this, i, property);
	assertMediaSize.call(this, i, 'Input Binary Field', file, MAX_BYTES, 'any format');
	const response = await uploadMedia.call(this, robotRequest, i, {
		path: '/cgi-bin/webhook/upload_media',
		type: 'file',
		file,
		platform: 'WeCom',
	});
	return { ...withoutEnvelope(response), fileName: file.fileName };
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const source = itemParameter.call(this, 'mediaSource', i, 'binaryData') as string;
	let mediaId: string;
	let uploaded: IDataObject | undefined;
	if (source === 'binaryData') {
		uploaded = await uploadRobotFile.call(this, i, itemParameter.call(this, 'binaryPropertyName', i, 'data') as string);
		mediaId = uploaded.media_id as string;
	} else {
		mediaId = String(itemParameter.call(this, 'mediaId', i, '')).trim();
		assertNotEmpty.call(this, i, 'Media ID', mediaId);
	}
	const result = await robotSend.call(this, i, { msgtype: 'file', file: { media_id: mediaId } });
	return { ...result, media_id: mediaId, ...(uploaded ? { fileName: uploaded.fileName } : {}) };
}
