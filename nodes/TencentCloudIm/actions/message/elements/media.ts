/**
 * TIMImageElem, TIMSoundElem, TIMFileElem and TIMVideoFileElem by URL: files kept outside Tencent
 * storage, which clients download themselves (Download_Flag 2, cloud.tencent.com/document/product/269/2720).
 */
import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, itemParameter } from '../../../../shared/params';
import type { ElementEntry } from './entry';

type MediaElement = 'image' | 'sound' | 'file' | 'video';

const properties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/picture.jpg',
		description: 'Where clients download the file (Download_Flag 2: a URL outside Tencent storage)',
	},
	{
		displayName: 'Media Details',
		name: 'media',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		options: [
			{ displayName: 'Duration (Seconds)', name: 'seconds', type: 'number', default: 0, description: 'Sound or video length' },
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: '' },
			{ displayName: 'Format', name: 'format', type: 'string', default: '', placeholder: 'mp4', description: 'Video format' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 0, description: 'Image height in pixels' },
			{ displayName: 'Size (Bytes)', name: 'size', type: 'number', default: 0 },
			{ displayName: 'Thumbnail Format', name: 'thumbFormat', type: 'string', default: 'JPG' },
			{ displayName: 'Thumbnail Height', name: 'thumbHeight', type: 'number', default: 0 },
			{ displayName: 'Thumbnail Size (Bytes)', name: 'thumbSize', type: 'number', default: 0 },
			{ displayName: 'Thumbnail URL', name: 'thumbUrl', type: 'string', default: '', description: 'Video cover image' },
			{ displayName: 'Thumbnail Width', name: 'thumbWidth', type: 'number', default: 0 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 0, description: 'Image width in pixels' },
		],
	},
];

// UUID names the file in the element (269/2720): the same URL always gets the same one.
function uuidFor(url: string): string {
	return createHash('sha1').update(url).digest('hex').slice(0, 32);
}

// ImageFormat codes of TIMImageElem (269/2720): 1 JPG, 2 GIF, 3 PNG, 4 BMP, 255 other.
function imageFormat(url: string): number {
	const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
	return { jpg: 1, jpeg: 1, gif: 2, png: 3, bmp: 4 }[ext ?? ''] ?? 255;
}

/** The last path segment of a URL, decoded when it is valid percent-encoding (a stray "%" is kept as is). */
function fileNameFromUrl(url: string): string {
	const last = url.split(/[?#]/)[0].split('/').pop() || 'file';
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

function element(this: IExecuteFunctions, i: number, type: MediaElement): IDataObject {
	const url = String(itemParameter.call(this, 'mediaUrl', i, '')).trim();
	if (!/^https?:\/\//i.test(url)) fail.call(this, i, 'URL: an http(s) address the clients can download');
	const m = this.getNodeParameter('media', i, {}) as IDataObject;
	const num = (key: string) => Number(m[key] ?? 0) || 0;
	if (type === 'image') {
		// Clients pick one of the three sizes; without separate renditions they all name the original.
		const info = (Type: number) => ({ Type, Size: num('size'), Width: num('width'), Height: num('height'), URL: url });
		return {
			MsgType: 'TIMImageElem',
			MsgContent: { UUID: uuidFor(url), ImageFormat: imageFormat(url), ImageInfoArray: [info(1), info(2), info(3)] },
		};
	}
	if (type === 'sound') {
		return {
			MsgType: 'TIMSoundElem',
			MsgContent: { Url: url, UUID: uuidFor(url), Size: num('size'), Second: num('seconds'), Download_Flag: 2 },
		};
	}
	if (type === 'file') {
		const fileName = String(m.fileName ?? '') || fileNameFromUrl(url);
		return {
			MsgType: 'TIMFileElem',
			MsgContent: { Url: url, UUID: uuidFor(url), FileSize: num('size'), FileName: fileName, Download_Flag: 2 },
		};
	}
	const thumbUrl = String(m.thumbUrl ?? '').trim();
	if (!/^https?:\/\//i.test(thumbUrl)) {
		fail.call(this, i, 'Media Details → Thumbnail URL: a video needs a cover image URL');
	}
	return {
		MsgType: 'TIMVideoFileElem',
		MsgContent: {
			VideoUrl: url,
			VideoUUID: uuidFor(url),
			VideoSize: num('size'),
			VideoSecond: num('seconds'),
			VideoFormat: String(m.format ?? '') || 'mp4',
			VideoDownloadFlag: 2,
			ThumbUrl: thumbUrl,
			ThumbUUID: uuidFor(thumbUrl),
			ThumbSize: num('thumbSize'),
			ThumbWidth: num('thumbWidth'),
			ThumbHeight: num('thumbHeight'),
			ThumbFormat: String(m.thumbFormat ?? '') || 'JPG',
			ThumbDownloadFlag: 2,
		},
	};
}

function byUrl(type: MediaElement, name: string): ElementEntry {
	return {
		type,
		name,
		properties,
		build(i) {
			return [element.call(this, i, type)];
		},
	};
}

export const image = byUrl('image', 'Image by URL (TIMImageElem)');
export const sound = byUrl('sound', 'Sound by URL (TIMSoundElem)');
export const file = byUrl('file', 'File by URL (TIMFileElem)');
export const video = byUrl('video', 'Video by URL (TIMVideoFileElem)');
