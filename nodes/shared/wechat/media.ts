/**
 * Temporary media (临时素材) of the WeChat family: an n8n binary uploaded as multipart → media_id,
 * and a media_id downloaded → an n8n binary. WeCom, WeChat KF and the Official Account share the
 * form field ("media") and the answers; each passes its own request function and path, so this
 * file knows no product. WeCom: developer.work.weixin.qq.com/document/path/90253 and /90254;
 * Official Account: developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Show } from '../fields';
import { buildMultipart, filenameFromDisposition } from '../multipart';
import { fail } from '../params';
import type { BinaryResponse, PlatformRequest } from '../request';

/** A product's request function (its dialect on the shared request layer). */
export type WxRequest = (this: IExecuteFunctions, request: PlatformRequest) => Promise<IDataObject>;

export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

const MB = 1024 * 1024;

// WeCom refuses files of 5 bytes or less (developer.work.weixin.qq.com/document/path/90253).
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

/** Where a download puts the file: the output binary field. */
export function outputBinaryField(show: Show): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
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

/** Refuses an empty file or one over `maxBytes`, naming the field and what `formats` the platform accepts. */
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

export interface UploadMedia {
	/** e.g. "/cgi-bin/media/upload" */
	path: string;
	/** The media type the platform files it under (image, voice, video, file, thumb). */
	type: string;
	file: BinaryFile;
	/** Name in the error when the answer has no media_id, e.g. "WeCom". */
	platform: string;
}

/** Uploads a file as the platform's multipart form; the answer, which has a media_id. */
export async function uploadMedia(
	this: IExecuteFunctions,
	request: WxRequest,
	i: number,
	upload: UploadMedia,
): Promise<IDataObject> {
	const { file } = upload;
	const form = buildMultipart({ field: 'media', filename: file.fileName, contentType: file.mimeType, data: file.data });
	const response = await request.call(this, {
		method: 'POST',
		path: upload.path,
		qs: { type: upload.type },
		body: form.body,
		headers: { 'Content-Type': form.contentType },
		itemIndex: i,
		// A file of up to 20 MB needs longer than a message; uploaded twice it is only a second
		// temporary media (kept 3 days) that reaches nobody, so resending it is safe.
		timeoutMs: 120000,
		safeToResend: true,
	});
	if (typeof response.media_id !== 'string' || response.media_id === '') {
		fail.call(this, i, `${upload.platform} accepted the upload but returned no media_id`);
	}
	return response;
}

function header(headers: BinaryResponse['headers'], name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

// WeCom sends a Chinese file name as raw UTF-8 bytes in the header, and Node reads header bytes
// as Latin-1: turn such a name back into what was uploaded (any other name is kept as it is).
function utf8FromLatin1(name: string): string {
	if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
	const decoded = Buffer.from(name, 'latin1').toString('utf8');
	return decoded.includes('\ufffd') ? name : decoded;
}

/** The file name (from Content-Disposition, or `fallbackName`) and the mime type of a download's answer. */
export function downloadedFile(headers: BinaryResponse['headers'], fallbackName: string): { fileName: string; mimeType?: string } {
	const disposition = filenameFromDisposition(header(headers, 'content-disposition'));
	return {
		fileName: disposition ? utf8FromLatin1(disposition) : fallbackName,
		mimeType: header(headers, 'content-type')?.split(';')[0].trim() || undefined,
	};
}

/** Downloads a media_id into the binary field `property`; the file name comes from Content-Disposition. */
export async function downloadMedia(
	this: IExecuteFunctions,
	request: WxRequest,
	i: number,
	download: { path: string; mediaId: string; property: string },
): Promise<INodeExecutionData> {
	const { mediaId } = download;
	const response = (await request.call(this, {
		method: 'GET',
		path: download.path,
		qs: { media_id: mediaId },
		binary: true,
		itemIndex: i,
		timeoutMs: 120000,
	})) as unknown as BinaryResponse;
	const { fileName, mimeType } = downloadedFile(response.headers, mediaId);
	const binary = await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
	return {
		json: { media_id: mediaId, fileName: binary.fileName ?? fileName, mimeType: binary.mimeType, fileSize: response.body.length },
		binary: { [download.property]: binary },
	};
}
