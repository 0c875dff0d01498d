/**
 * n8n binary data in, WeCom temporary media (临时素材) out: shared by Media → Upload and every
 * message type that takes a file straight from the workflow, on the family's media helpers
 * (shared/wechat/media.ts). It imports no message type, so the message table can import it
 * without a cycle.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { BinaryFile } from '../../../shared/wechat/media';
import { assertMediaSize, uploadMedia } from '../../../shared/wechat/media';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from './answer';

export type MediaType = 'image' | 'voice' | 'video' | 'file';

const MB = 1024 * 1024;

/** Upload limits of media/upload: developer.work.weixin.qq.com/document/path/90253 */
export const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; formats: string }> = {
	image: { maxBytes: 10 * MB, formats: 'JPG or PNG' },
	voice: { maxBytes: 2 * MB, formats: 'AMR, at most 60 seconds' },
	video: { maxBytes: 10 * MB, formats: 'MP4' },
	file: { maxBytes: 20 * MB, formats: 'any format' },
};

/** POST /cgi-bin/media/upload — developer.work.weixin.qq.com/document/path/90253; the media_id lasts 3 days. */
export async function uploadAppMedia(
	this: IExecuteFunctions,
	i: number,
	type: MediaType,
	file: BinaryFile,
	field = 'Input Binary Field',
): Promise<IDataObject> {
	assertMediaSize.call(this, i, field, file, MEDIA_LIMITS[type].maxBytes, MEDIA_LIMITS[type].formats);
	const response = await uploadMedia.call(this, weComRequest, i, {
		path: '/cgi-bin/media/upload',
		type,
		file,
		platform: 'WeCom',
	});
	return withoutEnvelope(response);
}
