/**
 * n8n binary data in, Official Account media out: temporary media (临时素材, kept 3 days) for
 * messages and Media → Upload Temporary, permanent material (永久素材) for Media → Add Permanent
 * and a draft's cover. On the family's helpers (shared/wechat/media.ts).
 * developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html and
 * Adding_Permanent_Assets.html.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { buildMultipart } from '../../../shared/multipart';
import { fail } from '../../../shared/params';
import type { PlatformRequest } from '../../../shared/request';
import type { BinaryFile, WxRequest } from '../../../shared/wechat/media';
import { assertMediaSize, uploadMedia } from '../../../shared/wechat/media';
import { officialAccountRequest, PLATFORM } from '../../transport';
import { withoutEnvelope } from './answer';

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

const KB = 1024;
const MB = 1024 * KB;

/** The caps both kinds of media share: image 10 MB, voice 2 MB, video 10 MB, thumb 64 KB. */
export const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; formats: string }> = {
	image: { maxBytes: 10 * MB, formats: 'BMP, PNG, JPEG, JPG or GIF' },
	voice: { maxBytes: 2 * MB, formats: 'AMR or MP3, at most 60 seconds' },
	video: { maxBytes: 10 * MB, formats: 'MP4' },
	thumb: { maxBytes: 64 * KB, formats: 'JPG' },
};

/** A thumb's id comes back as thumb_media_id; the family's upload helper reads media_id. */
const thumbAware: WxRequest = async function (this: IExecuteFunctions, request: PlatformRequest) {
	const response = await officialAccountRequest.call(this, request);
	if (typeof response.thumb_media_id === 'string' && response.media_id === undefined) {
		return { ...response, media_id: response.thumb_media_id };
	}
	return response;
};

/** POST /cgi-bin/media/upload: the answer has media_id, type and created_at (a thumb's media_id too). */
export async function uploadTemporary(
	this: IExecuteFunctions,
	i: number,
	type: MediaType,
	file: BinaryFile,
	field = 'Input Binary Field',
): Promise<IDataObject> {
	assertMediaSize.call(this, i, field, file, MEDIA_LIMITS[type].maxBytes, MEDIA_LIMITS[type].formats);
	const response = await uploadMedia.call(this, thumbAware, i, { path: '/cgi-bin/media/upload', type, file, platform: PLATFORM });
	const { thumb_media_id: _thumb, ...rest } = withoutEnvelope(response);
	return rest;
}

/**
 * POST /cgi-bin/material/add_material: kept until deleted (100,000 images, 1000 of each other
 * type). A video needs a title and an introduction in the form's "description" field. Not sent
 * again after an unclear outcome: a second upload would be a second permanent material.
 */
export async function addPermanent(
	this: IExecuteFunctions,
	i: number,
	type: MediaType,
	file: BinaryFile,
	video?: { title: string; introduction: string },
	field = 'Input Binary Field',
): Promise<IDataObject> {
	assertMediaSize.call(this, i, field, file, MEDIA_LIMITS[type].maxBytes, MEDIA_LIMITS[type].formats);
	if (type === 'video' && !video?.title) fail.call(this, i, 'Video Title: required for a permanent video');
	const form = buildMultipart(
		{ field: 'media', filename: file.fileName, contentType: file.mimeType, data: file.data },
		type === 'video' ? { description: JSON.stringify(video) } : {},
	);
	const response = await officialAccountRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/material/add_material',
		qs: { type },
		body: form.body,
		headers: { 'Content-Type': form.contentType },
		itemIndex: i,
		timeoutMs: 120000,
	});
	if (typeof response.media_id !== 'string' || response.media_id === '') {
		fail.call(this, i, `${PLATFORM} accepted the upload but returned no media_id`);
	}
	return withoutEnvelope(response);
}
