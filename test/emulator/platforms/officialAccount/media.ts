/**
 * 素材管理: temporary media (media/upload, media/get — kept 3 days) and permanent material
 * (material/add_material, get_material, del_material, get_materialcount, batchget_material).
 * developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html and
 * Adding_Permanent_Assets.html and the pages beside them.
 */
import { MultipartError, parseMultipart } from '../../multipart';
import type { EmulatorResponse, Route, RouteContext } from '../../types';
import { bodyObject, int, randomId, str } from '../shared';
import type { Account, Checked, OaMedia, OfficialAccountState } from './state';
import { fail, ok, reply } from './state';

const KB = 1024;
const MB = 1024 * KB;
/** 图片 10M, 语音 2M (AMR/MP3, 60 s), 视频 10MB (MP4), 缩略图 64KB (JPG) — the same caps for both kinds. */
const LIMITS: Record<string, { max: number; code: number; what: string }> = {
	image: { max: 10 * MB, code: 40009, what: 'invalid image size' },
	voice: { max: 2 * MB, code: 40006, what: 'invalid meida size' },
	video: { max: 10 * MB, code: 40006, what: 'invalid meida size' },
	thumb: { max: 64 * KB, code: 40006, what: 'invalid meida size' },
};
const TEMPORARY_MS = 3 * 24 * 3600 * 1000;
const MAX_BATCH = 20;

function readUpload(ctx: RouteContext): Checked<{ type: string; data: Buffer; filename: string; contentType: string; fields: Record<string, string> }> {
	const type = ctx.req.query.type ?? '';
	if (!LIMITS[type]) return { error: fail(40004, 'invalid media type') };
	let parts;
	try {
		parts = parseMultipart(ctx.req.rawBody, ctx.req.headers['content-type']);
	} catch (error) {
		if (error instanceof MultipartError) return { error: fail(41005, `media data missing: ${error.message}`) };
		throw error;
	}
	const part = parts.find((p) => p.name === 'media' && p.filename !== undefined);
	if (!part || part.data.length === 0) return { error: fail(41005, 'media data missing') };
	const limit = LIMITS[type];
	if (part.data.length > limit.max) return { error: fail(limit.code, limit.what) };
	const fields: Record<string, string> = {};
	for (const p of parts) if (p.filename === undefined) fields[p.name] = p.data.toString('utf8');
	return {
		value: { type, data: Buffer.from(part.data), filename: part.filename || 'media', contentType: part.contentType || 'application/octet-stream', fields },
	};
}

/** The bytes of a stored file, as media/get and get_material send them. */
export function fileAnswer(media: OaMedia): EmulatorResponse {
	return {
		headers: {
			'content-type': media.contentType,
			// Node sends header text as Latin-1: the UTF-8 bytes of the name go on the wire as WeChat sends them.
			'content-disposition': `attachment; filename="${Buffer.from(media.filename, 'utf8').toString('latin1')}"`,
		},
		body: media.data,
	};
}

/** A temporary media of `types` that is still kept, or undefined. */
export function liveMedia(state: OfficialAccountState, acc: Account, id: unknown, types?: string[]): OaMedia | undefined {
	const media = typeof id === 'string' ? acc.media.get(id) : undefined;
	if (!media || state.core.now() - media.created_at * 1000 >= TEMPORARY_MS) return undefined;
	return !types || types.includes(media.type) ? media : undefined;
}

/** A media_id of temporary media or permanent material of one of `types` (what messages may carry). */
export function anyMedia(state: OfficialAccountState, acc: Account, id: unknown, types: string[]): OaMedia | undefined {
	const permanent = typeof id === 'string' ? acc.materials.get(id) : undefined;
	if (permanent && types.includes(permanent.type)) return permanent;
	return liveMedia(state, acc, id, types);
}

export function mediaRoutes(state: OfficialAccountState): Route[] {
	const { appRoute, core } = state;
	const videoLink = (ctx: RouteContext, id: string) => `http://${String(ctx.req.headers.host ?? '127.0.0.1')}/oa/mmvideo/download?id=${encodeURIComponent(id)}`;
	return [
		appRoute('POST', '/cgi-bin/media/upload', (ctx, acc) => {
			const upload = readUpload(ctx);
			if (upload.error) return upload.error;
			const { fields: _fields, ...file } = upload.value;
			const media: OaMedia = { media_id: randomId('', 48), ...file, created_at: Math.floor(core.now() / 1000) };
			acc.media.set(media.media_id, media);
			// A thumb's id comes back as thumb_media_id (the field differs from every other type).
			const idField = media.type === 'thumb' ? 'thumb_media_id' : 'media_id';
			return reply({ type: media.type, [idField]: media.media_id, created_at: media.created_at });
		}),

		appRoute('GET', '/cgi-bin/media/get', (ctx, acc) => {
			const id = ctx.req.query.media_id;
			if (!id) return fail(40007, 'invalid media_id');
			const media = liveMedia(state, acc, id);
			if (!media) return fail(40007, 'invalid media_id');
			// 视频文件不支持https下载: a video comes back as a link, not as the bytes.
			if (media.type === 'video') return reply({ video_url: videoLink(ctx, media.media_id) });
			return fileAnswer(media);
		}),

		{
			method: 'GET',
			path: '/mmvideo/download',
			handler: (ctx) => {
				for (const acc of state.accounts.values()) {
					const media = acc.media.get(String(ctx.req.query.id ?? '')) ?? acc.materials.get(String(ctx.req.query.id ?? ''));
					if (media?.type === 'video') return fileAnswer(media);
				}
				return { status: 404, body: 'Not Found' };
			},
		},

		appRoute('POST', '/cgi-bin/material/add_material', (ctx, acc) => {
			const upload = readUpload(ctx);
			if (upload.error) return upload.error;
			const { fields, ...file } = upload.value;
			const media: OaMedia = { media_id: randomId('', 32), ...file, created_at: Math.floor(core.now() / 1000) };
			if (media.type === 'video') {
				// 新增永久视频素材需特别注意: a form field "description" with {"title", "introduction"}.
				let description: Record<string, unknown> | undefined;
				try {
					description = JSON.parse(fields.description ?? '') as Record<string, unknown>;
				} catch {
					description = undefined;
				}
				if (!description || !str(description.title)) return fail(47001, 'data format error: description missing');
				media.title = str(description.title);
				media.introduction = str(description.introduction) ?? '';
			}
			if (media.type === 'image') media.url = `http://mmbiz.qpic.cn/mmbiz_png/${media.media_id}/0?wx_fmt=png`;
			acc.materials.set(media.media_id, media);
			return reply(media.url ? { media_id: media.media_id, url: media.url } : { media_id: media.media_id });
		}),

		appRoute('POST', '/cgi-bin/material/get_material', (ctx, acc) => {
			const id = str(bodyObject(ctx).media_id);
			const media = id ? acc.materials.get(id) : undefined;
			if (!media) return fail(40007, 'invalid media_id');
			if (media.type === 'video') {
				return reply({ title: media.title, description: media.introduction, down_url: videoLink(ctx, media.media_id) });
			}
			return fileAnswer(media);
		}),

		appRoute('POST', '/cgi-bin/material/del_material', (ctx, acc) => {
			const id = str(bodyObject(ctx).media_id);
			if (!id || !acc.materials.delete(id)) return fail(40007, 'invalid media_id');
			return ok();
		}),

		appRoute('GET', '/cgi-bin/material/get_materialcount', (_ctx, acc) => {
			const count = (type: string) => [...acc.materials.values()].filter((m) => m.type === type).length;
			return reply({ voice_count: count('voice'), video_count: count('video'), image_count: count('image') + count('thumb'), news_count: 0 });
		}),

		appRoute('POST', '/cgi-bin/material/batchget_material', (ctx, acc) => {
			const body = bodyObject(ctx);
			const type = str(body.type);
			const offset = int(body.offset) ?? 0;
			const count = int(body.count);
			if (!type || !['image', 'video', 'voice', 'news'].includes(type)) return fail(40004, 'invalid media type');
			if (count === undefined || count < 1 || count > MAX_BATCH || offset < 0) return fail(47003, 'argument invalid! count must be 1..20');
			const all = [...acc.materials.values()].filter((m) => m.type === type || (type === 'image' && m.type === 'thumb'));
			const page = all.slice(offset, offset + count).map((m) => ({
				media_id: m.media_id,
				name: m.filename,
				update_time: m.created_at,
				...(m.url ? { url: m.url } : {}),
			}));
			return reply({ total_count: all.length, item_count: page.length, item: page });
		}),
	];
}
