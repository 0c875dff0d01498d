/**
 * WeCom's temporary media API (media/upload and media/get), which WeCom apps and WeChat KF both
 * call, each with its own token: developer.work.weixin.qq.com/document/path/90253 and /90254. The
 * limits, the upload with its checks, and the Media resource (Upload, Download) of both nodes,
 * given the product's request function and name. The Official Account's media differ (other
 * types and formats, a thumb) and stay in its node.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../params';
import type { Operation, Resource } from '../router';
import { withoutEnvelope } from './envelope';
import type { BinaryFile, WxRequest } from './media';
import { assertMediaSize, binaryPropertyField, downloadMedia, outputBinaryField, readBinaryFile, uploadMedia } from './media';

export type WorkMediaType = 'image' | 'voice' | 'video' | 'file';

const MB = 1024 * 1024;

/** Upload limits of media/upload (path/90253). */
export const WORK_MEDIA_LIMITS: Record<WorkMediaType, { maxBytes: number; formats: string }> = {
	image: { maxBytes: 10 * MB, formats: 'JPG or PNG' },
	voice: { maxBytes: 2 * MB, formats: 'AMR, at most 60 seconds' },
	video: { maxBytes: 10 * MB, formats: 'MP4' },
	file: { maxBytes: 20 * MB, formats: 'any format' },
};

/** Which product calls the media API: its request function (its token) and its name in errors. */
export interface WorkMediaProduct {
	request: WxRequest;
	platform: string;
}

/**
 * POST /cgi-bin/media/upload after the size check (`field` names the parameter in the error);
 * the answer without the envelope. The media_id lasts 3 days.
 */
export async function uploadWorkMedia(
	this: IExecuteFunctions,
	product: WorkMediaProduct,
	i: number,
	type: WorkMediaType,
	file: BinaryFile,
	field = 'Input Binary Field',
): Promise<IDataObject> {
	const { maxBytes, formats } = WORK_MEDIA_LIMITS[type];
	assertMediaSize.call(this, i, field, file, maxBytes, formats);
	const response = await uploadMedia.call(this, product.request, i, {
		path: '/cgi-bin/media/upload',
		type,
		file,
		platform: product.platform,
	});
	return withoutEnvelope(response);
}

/** Media → Upload: a binary field of the item in, `{ type, media_id, created_at }` out. */
export function workMediaUpload(product: WorkMediaProduct, defaultType: WorkMediaType): Operation {
	const show = { resource: ['media'], operation: ['upload'] };
	return {
		description: [
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
				default: defaultType,
				displayOptions: { show },
			},
			binaryPropertyField(show),
		],
		async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
			const type = itemParameter.call(this, 'mediaType', i) as WorkMediaType;
			const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
			const file = await readBinaryFile.call(this, i, property);
			const uploaded = await uploadWorkMedia.call(this, product, i, type, file);
			return { type, ...uploaded };
		},
	};
}

/** Media → Download: GET /cgi-bin/media/get (path/90254) into a binary field. */
export function workMediaDownload(product: WorkMediaProduct, mediaIdDescription: string): Operation {
	const show = { resource: ['media'], operation: ['download'] };
	return {
		description: [
			{
				displayName: 'Media ID',
				name: 'mediaId',
				type: 'string',
				required: true,
				default: '',
				description: mediaIdDescription,
				displayOptions: { show },
			},
			outputBinaryField(show),
		],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
			const mediaId = requiredId.call(this, 'mediaId', i, 'Media ID');
			const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
			return await downloadMedia.call(this, product.request, i, { path: '/cgi-bin/media/get', mediaId, property });
		},
	};
}

/** The Media resource: its operation menu, then Upload's and Download's fields. */
export function workMediaResource(upload: Operation, download: Operation): { operations: Resource; description: INodeProperties[] } {
	return {
		operations: { download, upload },
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['media'] } },
				options: [
					{ name: 'Download', value: 'download', action: 'Download a media file' },
					{ name: 'Upload', value: 'upload', action: 'Upload a media file' },
				],
				default: 'upload',
			},
			...upload.description,
			...download.description,
		],
	};
}
