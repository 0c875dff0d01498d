/**
 * n8n binary data in, WeCom temporary media (临时素材) out: shared by Media → Upload, the group
 * robot and every message type that takes a file straight from the workflow. It imports no message
 * type, so the message table can import it without a cycle.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import { buildMultipart } from '../../../shared/multipart';
import { fail } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from './answer';

export type MediaType = 'image' | 'voice' | 'video' | 'file';

export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

const MB = 1024 * 1024;

/** Upload limits of media/upload: developer.work.weixin.qq.com/document/path/90253 */
export const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; formats: string }> = {
	image: { maxBytes: 10 * MB, formats: 'JPG or PNG' },
	voice: { maxBytes: 2 * MB, formats: 'AMR, at most 60 seconds' },
	video: { maxBytes: 10 * MB, formats: 'MP4' },
	file: { maxBytes: 20 * MB, formats: 'any format' },
};

// WeCom refuses files of 5 bytes or less (document/path/90253).
const MIN_BYTES = 6;

export function binaryPropertyField(show: Show): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to be uploaded',
		displayOptions: { show },
	};
}

export async function readBinaryFile(this: IExecuteFunctions, i: number, propertyName: string): Promise<BinaryFile> {
	const binary = this.helpers.assertBinaryData(i, propertyName);
	const data = await this.helpers.getBinaryDataBuffer(i, propertyName);
	const extension = binary.fileExtension ? `.${binary.fileExtension}` : '';
	return {
		data,
		fileName: binary.fileName || `${propertyName}${extension}`,
		mimeType: binary.mimeType || 'application/octet-stream',
	};
}

export function assertMediaSize(
	this: IExecuteFunctions,
	i: number,
	field: string,
	file: BinaryFile,
	maxBytes: number,
	formats: string,
): void {
	if (file.data.length < MIN_BYTES) {
		fail.call(this, i, `${field}: the file "${file.fileName}" is empty or too small (${file.data.length} bytes)`);
	}
	if (file.data.length > maxBytes) {
		// Rounded up, so a file just over the cap never reads as exactly the cap.
		const size = (Math.ceil((file.data.length / MB) * 100) / 100).toFixed(2);
		fail.call(
			this,
			i,
			`${field}: the file "${file.fileName}" is ${size} MB, at most ${maxBytes / MB} MB allowed`,
			`Accepted: ${formats}.`,
		);
	}
}

/** POST /cgi-bin/media/upload — developer.work.weixin.qq.com/document/path/90253; the media_id lasts 3 days. */
export async function uploadAppMedia(
	this: IExecuteFunctions,
	i: number,
	type: MediaType,
	file: BinaryFile,
	field = 'Input Binary Field',
): Promise<IDataObject> {
	assertMediaSize.call(this, i, field, file, MEDIA_LIMITS[type].maxBytes, MEDIA_LIMITS[type].formats);
	const form = buildMultipart({ field: 'media', filename: file.fileName, contentType: file.mimeType, data: file.data });
	const response = await weComRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/media/upload',
		qs: { type },
		body: form.body,
		headers: { 'Content-Type': form.contentType },
		itemIndex: i,
	});
	if (typeof response.media_id !== 'string' || response.media_id === '') {
		fail.call(this, i, 'WeCom accepted the upload but returned no media_id');
	}
	return withoutEnvelope(response);
}
