/**
 * Temporary media with the KF token: WeCom's media/upload and media/get (path/90253, /90254),
 * stored per corp. Caps: image 10 MB, voice 2 MB, video 10 MB, file 20 MB, more than 5 bytes.
 */
import { MultipartError, parseMultipart } from '../../multipart';
import type { Route } from '../../types';
import { randomId } from '../shared';
import type { KfMedia } from './model';
import { fail, ok, reply, type KfState } from './state';

const MB = 1024 * 1024;
const LIMITS: Record<string, { max: number; code: number }> = {
	image: { max: 10 * MB, code: 40009 },
	voice: { max: 2 * MB, code: 40006 },
	video: { max: 10 * MB, code: 40011 },
	file: { max: 20 * MB, code: 40006 },
};

export function mediaRoutes({ core, kfRoute }: KfState): Route[] {
	return [
		kfRoute('POST', '/cgi-bin/media/upload', (ctx, corp) => {
			const type = ctx.req.query.type ?? '';
			const limit = LIMITS[type];
			if (!limit) return fail(40005, 'invalid media type');
			let parts;
			try {
				parts = parseMultipart(ctx.req.rawBody, ctx.req.headers['content-type']);
			} catch (error) {
				if (error instanceof MultipartError) return fail(44001, `empty media data: ${error.message}`);
				throw error;
			}
			const part = parts.find((p) => p.name === 'media' && p.filename !== undefined);
			if (!part) return fail(44001, 'empty media data');
			if (part.data.length <= 5) return fail(40006, 'invalid file size');
			if (part.data.length > limit.max) return fail(limit.code, 'invalid media size');
			const media: KfMedia = {
				media_id: randomId(type.slice(0, 1), 36),
				type,
				data: Buffer.from(part.data),
				filename: part.filename || 'media',
				contentType: part.contentType || 'application/octet-stream',
				created_at: Math.floor(core.now() / 1000),
			};
			corp.media.set(media.media_id, media);
			return reply(ok({ type, media_id: media.media_id, created_at: String(media.created_at) }));
		}),

		kfRoute('GET', '/cgi-bin/media/get', (ctx, corp) => {
			const id = ctx.req.query.media_id;
			if (!id) return fail(41006, 'media_id missing');
			const media = corp.media.get(id);
			if (!media) return fail(40007, 'invalid media_id');
			return {
				headers: {
					'content-type': media.contentType,
					'content-disposition': `attachment; filename="${Buffer.from(media.filename, 'utf8').toString('latin1')}"`,
				},
				body: media.data,
			};
		}),
	];
}
