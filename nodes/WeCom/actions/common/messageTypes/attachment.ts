/**
 * image, voice, video and file: a media_id uploaded earlier, or a file of the workflow uploaded
 * first (media/upload, developer.work.weixin.qq.com/document/path/90253), then sent
 * (document/path/90236). The four share their source properties; video adds a title and description.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../../shared/params';
import type { MediaType } from '../../common/media';
import { binaryPropertyField, readBinaryFile } from '../../../../shared/wechat/media';
import { uploadWorkMedia } from '../../../../shared/wechat/workMedia';
import { WECOM_MEDIA } from '../../common/media';
import type { BuiltContent, MessageTypeEntry } from './entry';
import { optional } from './entry';

const source: INodeProperties[] = [
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		options: [
			{
				name: 'Binary Data',
				value: 'binaryData',
				description: 'Upload a file of this workflow first (media/upload), then send it',
			},
			{ name: 'Media ID', value: 'mediaId', description: 'A media_id uploaded earlier (valid for 3 days)' },
		],
		default: 'binaryData',
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'The media_id returned by Media → Upload',
		displayOptions: { show: { mediaSource: ['mediaId'] } },
	},
	binaryPropertyField({ mediaSource: ['binaryData'] }),
];

const videoDetails: INodeProperties[] = [
	{
		displayName: 'Video Title',
		name: 'videoTitle',
		type: 'string',
		default: '',
		description: 'At most 128 bytes',
	},
	{
		displayName: 'Video Description',
		name: 'videoDescription',
		type: 'string',
		default: '',
		description: 'At most 512 bytes',
	},
];

async function build(this: IExecuteFunctions, i: number, type: MediaType): Promise<BuiltContent> {
	const from = itemParameter.call(this, 'mediaSource', i, 'mediaId') as string;
	let mediaId: string;
	let uploaded: IDataObject | undefined;
	if (from === 'binaryData') {
		const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
		const file = await readBinaryFile.call(this, i, property);
		uploaded = await uploadWorkMedia.call(this, WECOM_MEDIA, i, type, file);
		mediaId = uploaded.media_id as string;
	} else {
		mediaId = String(itemParameter.call(this, 'mediaId', i, '')).trim();
		assertNotEmpty.call(this, i, 'Media ID', mediaId);
	}
	const payload: IDataObject = { media_id: mediaId };
	if (type === 'video') {
		optional(payload, 'title', itemParameter.call(this, 'videoTitle', i, ''));
		optional(payload, 'description', itemParameter.call(this, 'videoDescription', i, ''));
	}
	return { body: { msgtype: type, [type]: payload }, uploaded };
}

function attachment(type: MediaType, name: string, properties: INodeProperties[]): MessageTypeEntry {
	return {
		type,
		name,
		properties,
		async build(i) {
			return await build.call(this, i, type);
		},
	};
}

export const image = attachment('image', 'Image', source);
export const voice = attachment('voice', 'Voice', source);
export const video = attachment('video', 'Video', [...source, ...videoDetails]);
export const file = attachment('file', 'File', source);
