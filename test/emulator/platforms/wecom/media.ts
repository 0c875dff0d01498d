/** Temporary media (临时素材): path/90253 upload, 90254 get; also the upload robots use. */
import { MultipartError, parseMultipart } from '../../multipart';
import type { EmulatorResponse, Route, RouteContext } from '../../types';
import { randomId } from '../shared';
import type { WecomMedia } from './model';
import { fail, ok, reply, type Checked, type WecomState } from './state';

type Limits = Record<string, { max: number; code: number; what: string }>;

const MEDIA_MIN_BYTES = 5;
export const MB = 1024 * 1024;
// Upload limits of 上传临时素材, path/90253: image 10 MB, voice 2 MB, video 10 MB, file 20 MB.
const MEDIA_LIMITS: Limits = {
	image: { max: 10 * MB, code: 40009, what: 'invalid image size' },
	voice: { max: 2 * MB, code: 40006, what: 'invalid voice size' },
	video: { max: 10 * MB, code: 40011, what: 'invalid video size' },
	file: { max: 20 * MB, code: 40006, what: 'invalid file size' },
};
// Robot uploads, path/91770 (文件上传接口): file 20 MB, voice 2 MB.
export const ROBOT_MEDIA_LIMITS: Limits = {
	file: MEDIA_LIMITS.file,
	voice: MEDIA_LIMITS.voice,
};

function readUpload(ctx: RouteContext, limits: Limits): Checked<{ type: string; data: Buffer; filename: string; contentType: string }> {
	const type = ctx.req.query.type ?? '';
	if (!limits[type]) return { error: fail(40005, 'invalid media type') };
	let parts;
	try {
		parts = parseMultipart(ctx.req.rawBody, ctx.req.headers['content-type']);
	} catch (error) {
		if (error instanceof MultipartError) return { error: fail(44001, `empty media data: ${error.message}`) };
		throw error;
	}
	const part = parts.find((p) => p.name === 'media' && p.filename !== undefined);
	if (!part) return { error: fail(44001, 'empty media data') };
	const limit = limits[type];
	// 所有文件size必须大于5个字节 (path/90253).
	if (part.data.length < MEDIA_MIN_BYTES) return { error: fail(40006, 'invalid file size') };
	if (part.data.length > limit.max) return { error: fail(limit.code, limit.what) };
	return {
		value: {
			type,
			data: Buffer.from(part.data),
			filename: part.filename || 'media',
			contentType: part.contentType || 'application/octet-stream',
		},
	};
}

/** One multipart upload of `?type=` into `store` (a corp's or a robot's), answered as WeCom does. */
export function storeUpload(state: WecomState, ctx: RouteContext, store: Map<string, WecomMedia>, limits: Limits): EmulatorResponse {
	const upload = readUpload(ctx, limits);
	if (upload.error) return upload.error;
	const media: WecomMedia = {
		media_id: randomId(`${upload.value.type.slice(0, 1)}`, 36),
		...upload.value,
		created_at: Math.floor(state.core.now() / 1000),
	};
	store.set(media.media_id, media);
	return reply(ok({ type: media.type, media_id: media.media_id, created_at: String(media.created_at) }));
}

/** The answer of media/get: the bytes, or the slice a Range header asks for. */
function download(ctx: RouteContext, media: WecomMedia): EmulatorResponse {
	// Node rejects non-Latin-1 header text; sending the UTF-8 bytes as Latin-1 puts the raw
	// UTF-8 filename on the wire, as WeCom does.
	const headers: Record<string, string> = {
		'content-type': media.contentType,
		'content-disposition': `attachment; filename="${Buffer.from(media.filename, 'utf8').toString('latin1')}"`,
	};
	// 支持断点下载（分块下载）: a Range header gets 206 with that slice (path/90254).
	const range = /^bytes=(\d*)-(\d*)$/.exec(String(ctx.req.headers.range ?? ''));
	if (range && (range[1] !== '' || range[2] !== '')) {
		const size = media.data.length;
		let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
		let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
		start = Math.max(0, start);
		end = Math.min(size - 1, end);
		if (start > end) return { status: 416, headers: { 'content-range': `bytes */${size}` }, body: Buffer.alloc(0) };
		headers['content-range'] = `bytes ${start}-${end}/${size}`;
		return { status: 206, headers, body: media.data.subarray(start, end + 1) };
	}
	return { headers, body: media.data };
}

export function mediaRoutes(state: WecomState): Route[] {
	const { appRoute } = state;
	return [
		appRoute('POST', '/cgi-bin/media/upload', (ctx, corp) => storeUpload(state, ctx, corp.media, MEDIA_LIMITS)),

		appRoute('GET', '/cgi-bin/media/get', (ctx, corp) => {
			const id = ctx.req.query.media_id;
			if (!id) return fail(41006, 'media_id missing');
			const media = corp.media.get(id);
			if (!media) return fail(40007, 'invalid media_id');
			return download(ctx, media);
		}),
	];
}
