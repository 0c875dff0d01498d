import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import type { MediaType } from '../common/media';
import { uploadKfMedia } from '../common/media';

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
		default: 'image',
		displayOptions: { show },
	},
	binaryPropertyField(show),
];

/** POST /cgi-bin/media/upload with the KF token — developer.work.weixin.qq.com/document/path/90253 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = this.getNodeParameter('mediaType', i) as MediaType;
	const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const file = await readBinaryFile.call(this, i, property);
	return { type, ...(await uploadKfMedia.call(this, i, type, file)) };
}
