/**
 * image, voice and video: a media_id uploaded earlier, or a file of the workflow uploaded first
 * as temporary media (media/upload) and then sent. Video adds a cover, a title and a description.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../../shared/params';
import { binaryPropertyField, readBinaryFile } from '../../../../shared/wechat/media';
import type { MediaType } from '../../common/media';
import { uploadTemporary } from '../../common/media';
import type { BuiltContent, MessageTypeEntry } from './entry';
import { optional, textParameter } from './entry';

const source: INodeProperties[] = [
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		options: [
			{
				name: 'Binary Data',
				value: 'binaryData',
				description: 'Upload a file of this workflow first (temporary media), then send it',
			},
			{ name: 'Media ID', value: 'mediaId', description: 'A media_id uploaded earlier (temporary media lasts 3 days)' },
		],
		default: 'binaryData',
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'The media_id of Media → Upload Temporary (or of a permanent material)',
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
	},
	{
		displayName: 'Video Description',
		name: 'videoDescription',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Cover Media ID',
		name: 'videoThumbMediaId',
		type: 'string',
		default: '',
		description: 'Optional: the media_id of the cover image (a thumb or image upload)',
	},
];

async function build(this: IExecuteFunctions, i: number, type: Exclude<MediaType, 'thumb'>): Promise<BuiltContent> {
	const from = itemParameter.call(this, 'mediaSource', i, 'mediaId') as string;
	let mediaId: string;
	let uploaded: IDataObject | undefined;
	if (from === 'binaryData') {
		const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
		const file = await readBinaryFile.call(this, i, property);
		uploaded = await uploadTemporary.call(this, i, type, file);
		mediaId = uploaded.media_id as string;
	} else {
		mediaId = textParameter(this, 'mediaId', i);
		assertNotEmpty.call(this, i, 'Media ID', mediaId);
	}
	const payload: IDataObject = { media_id: mediaId };
	if (type === 'video') {
		optional(payload, 'thumb_media_id', textParameter(this, 'videoThumbMediaId', i));
		optional(payload, 'title', textParameter(this, 'videoTitle', i));
		optional(payload, 'description', textParameter(this, 'videoDescription', i));
	}
	return { body: { msgtype: type, [type]: payload }, uploaded };
}

function attachment(type: Exclude<MediaType, 'thumb'>, name: string, properties: INodeProperties[]): MessageTypeEntry {
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
