/**
 * n8n binary data in, temporary media (临时素材) out, with the KF token: WeChat KF sends what
 * WeCom's media API stored (media/upload, developer.work.weixin.qq.com/document/path/90253). Shared
 * by Media → Upload, the message types that take a file, and the account avatar.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertNotEmpty, itemParameter } from '../../../shared/params';
import { binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import type { WorkMediaProduct, WorkMediaType } from '../../../shared/wechat/workMedia';
import { uploadWorkMedia } from '../../../shared/wechat/workMedia';
import { kfRequest } from '../../transport';

export type MediaType = WorkMediaType;

/** media/upload and media/get with the KF token (path/90253, /90254). */
export const KF_MEDIA: WorkMediaProduct = { request: kfRequest, platform: 'WeChat KF' };

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
		const uploaded = await uploadWorkMedia.call(this, KF_MEDIA, i, type, file, names.label === 'Media' ? 'Input Binary Field' : `${names.label} Binary Field`);
		return { mediaId: String(uploaded.media_id), uploaded };
	}
	const mediaId = String(itemParameter.call(this, names.mediaId, i, '') ?? '').trim();
	assertNotEmpty.call(this, i, `${names.label} Media ID`, mediaId);
	return { mediaId };
}
