import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { MediaType } from '../common/media';
import { binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import { uploadAppMedia } from '../common/media';
import { itemParameter } from '../../../shared/params';

const show = { resource: ['media'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'File', value: 'file', description: 'Any format, at most 20 MB' },
			{ name: 'Image', value: 'image', description: 'JPG or PNG, at most 10 MB' },
			{ name: 'Video', value: 'video', description: 'MP4, at most 10 MB' },
			{ name: 'Voice', value: 'voice', description: 'AMR, at most 2 MB and 60 seconds' },
		],
		default: 'file',
		displayOptions: { show },
	},
	binaryPropertyField(show),
];

/** POST /cgi-bin/media/upload — developer.work.weixin.qq.com/document/path/90253 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = itemParameter.call(this, 'mediaType', i) as MediaType;
	const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
	const file = await readBinaryFile.call(this, i, property);
	const uploaded = await uploadAppMedia.call(this, i, type, file);
	return { type, ...uploaded };
}
