/**
 * n8n binary data in, temporary media (临时素材) out, with the KF token: WeChat KF sends what
 * WeCom's media API stored (media/upload, developer.work.weixin.qq.com/document/path/90253). Shared
 * by Media → Upload, the message types that take a file, and the account avatar.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../shared/params';
import type { BinaryFile } from '../../../shared/wechat/media';
import { assertMediaSize, binaryPropertyField, readBinaryFile, uploadMedia } from '../../../shared/wechat/media';
import { withoutEnvelope } from '../../../shared/wechat/envelope';
import { kfRequest } from '../../transport';

export type MediaType = 'image' | 'voice' | 'video' | 'file';

const MB = 1024 * 1024;

/** Upload limits of media/upload (path/90253). */
export const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; formats: string }> = {
	image: { maxBytes: 10 * MB, formats: 'JPG or PNG' },
	voice: { maxBytes: 2 * MB, formats: 'AMR, at most 60 seconds' },
	video: { maxBytes: 10 * MB, formats: 'MP4' },
	file: { maxBytes: 20 * MB, formats: 'any format' },
};

/** POST /cgi-bin/media/upload with the KF token; the media_id lasts 3 days. */
export async function uploadKfMedia(
	this: IExecuteFunctions,
	i: number,
	type: MediaType,
	file: BinaryFile,
	field = 'Input Binary Field',
): Promise<IDataObject> {
	assertMediaSize.call(this, i, field, file, MEDIA_LIMITS[type].maxBytes, MEDIA_LIMITS[type].formats);
	const response = await uploadMedia.call(this, kfRequest, i, { path: '/cgi-bin/media/upload', type, file, platform: 'WeChat KF' });
	return withoutEnvelope(response);
}

/** The parameter names of one media source: a switch, a media_id field and a binary field. */
export interface MediaSourceNames {
	source: string;
	mediaId: string;
	binary: string;
	/** How the fields read: "Media", "Thumbnail", "Avatar". */
	label: string;
}

export const ATTACHMENT: MediaSourceNames = { source: 'mediaSource', mediaId: 'mediaId', binary: 'binaryPropertyName', label: 'Media' };

/** A media source's properties (without the displayOptions of where they apply, but with their switch). */
export function mediaSourceProperties(names: MediaSourceNames, what: string): INodeProperties[] {
	const binary = binaryPropertyField({ [names.source]: ['binaryData'] });
	return [
		{
			displayName: `${names.label} Source`,
			name: names.source,
			type: 'options',
			options: [
				{ name: 'Binary Data', value: 'binaryData', description: `Upload a file of this workflow first (media/upload), then use it as ${what}` },
				{ name: 'Media ID', value: 'mediaId', description: 'A media_id uploaded earlier (valid for 3 days)' },
			],
			default: 'binaryData',
		},
		{
			displayName: `${names.label} Media ID`,
			name: names.mediaId,
			type: 'string',
			required: true,
			default: '',
			description: 'The media_id returned by Media → Upload',
			displayOptions: { show: { [names.source]: ['mediaId'] } },
		},
		{ ...binary, name: names.binary, displayName: names.binary === 'binaryPropertyName' ? binary.displayName : `${names.label} Binary Field` },
	];
}

/** The media_id of item `i`'s source: given, or the file uploaded now (`uploaded` is then the answer). */
export async function mediaIdFrom(
	this: IExecuteFunctions,
	i: number,
	names: MediaSourceNames,
	type: MediaType,
): Promise<{ mediaId: string; uploaded?: IDataObject }> {
	const from = itemParameter.call(this, names.source, i, 'mediaId') as string;
	if (from === 'binaryData') {
		const property = String(itemParameter.call(this, names.binary, i, 'data'));
		const file = await readBinaryFile.call(this, i, property);
		const uploaded = await uploadKfMedia.call(this, i, type, file, names.label === 'Media' ? 'Input Binary Field' : `${names.label} Binary Field`);
		return { mediaId: String(uploaded.media_id), uploaded };
	}
	const mediaId = String(itemParameter.call(this, names.mediaId, i, '') ?? '').trim();
	assertNotEmpty.call(this, i, `${names.label} Media ID`, mediaId);
	return { mediaId };
}
