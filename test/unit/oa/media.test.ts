/**
 * Media: temporary media (upload from binary data, download to binary data, a video through its
 * link) and permanent material (add, get, delete, count, list with Return All) against the
 * emulator's media and material endpoints.
 */
import { readBinary } from '../../helpers/env';
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('oa');
const media = (parameters: Record<string, unknown>, options: Parameters<typeof h.run>[1] = {}) => h.run({ resource: 'media', ...parameters }, options);
const jpeg = (size = 600) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size, 9)]);

async function upload(type: string, bytes: Buffer, name: string, mime: string): Promise<Record<string, unknown>> {
	return jsonOf(await media({ operation: 'uploadTemporary', mediaType: type, binaryPropertyName: 'data' }, { items: [binaryItem(bytes, name, mime)] }))[0];
}

describe('Media → Upload Temporary / Download Temporary', () => {
	it.each(['default', 'filesystem'] as const)('uploads as multipart field "media" and downloads the same bytes (%s binary mode)', async (binaryMode) => {
		const bytes = jpeg();
		const out = jsonOf(
			await media({ operation: 'uploadTemporary', mediaType: 'image', binaryPropertyName: 'photo' }, { items: [binaryItem(bytes, '门店.jpg', 'image/jpeg', 'photo')], binaryMode }),
		)[0];
		expect(out).toEqual({ type: 'image', media_id: expect.any(String), created_at: expect.any(Number) });
		const [call] = h.calls('/cgi-bin/media/upload');
		expect(call.query).toEqual({ access_token: expect.any(String), type: 'image' });
		expect(String(call.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const result = await media({ operation: 'downloadTemporary', mediaId: out.media_id, binaryPropertyName: 'file' }, { binaryMode });
		const [item] = result.items[0];
		expect(item.json).toEqual({ media_id: out.media_id, fileName: '门店.jpg', mimeType: 'image/jpeg', fileSize: bytes.length });
		expect((await readBinary(item.binary!.file)).equals(bytes)).toBe(true);
	});

	it('a thumb answers thumb_media_id; the node outputs it as media_id', async () => {
		const out = await upload('thumb', jpeg(100), 'cover.jpg', 'image/jpeg');
		expect(out).toEqual({ type: 'thumb', media_id: expect.any(String), created_at: expect.any(Number) });
		expect(h.calls('/cgi-bin/media/upload')[0].responseBody).toHaveProperty('thumb_media_id', out.media_id);
		expect(h.emulator.oa.media(String(out.media_id))?.type).toBe('thumb');
	});

	it('a video comes back as a link, which is downloaded from WeChat\'s file host without the token', async () => {
		const bytes = Buffer.concat([Buffer.from('....ftypmp42'), Buffer.alloc(2000, 1)]);
		const out = await upload('video', bytes, 'clip.mp4', 'video/mp4');
		const [item] = (await media({ operation: 'downloadTemporary', mediaId: out.media_id, binaryPropertyName: 'data' })).items[0];
		expect(item.json).toMatchObject({ media_id: out.media_id, video_url: expect.stringContaining('/mmvideo/download'), mimeType: 'video/mp4', fileSize: bytes.length });
		expect((await readBinary(item.binary!.data)).equals(bytes)).toBe(true);
		const [link] = h.emulator.requests({ platform: 'oa', path: '/mmvideo/download' });
		expect(link.query.access_token).toBeUndefined();
	});

	it('an expired media_id (kept 3 days): 40007 with a hint', async () => {
		const out = await upload('voice', Buffer.alloc(300, 2), 'v.amr', 'audio/amr');
		h.emulator.advanceClock(3 * 24 * 3600);
		const result = await media({ operation: 'downloadTemporary', mediaId: out.media_id, binaryPropertyName: 'data' });
		expect(result.error?.message).toMatch(/40007/);
		expect(String(result.error?.description)).toMatch(/expired \(kept 3 days\)/);
	});

	it('refuses a thumb over 64 KB before the call', async () => {
		const result = await media({ operation: 'uploadTemporary', mediaType: 'thumb', binaryPropertyName: 'data' }, { items: [binaryItem(jpeg(70 * 1024), 't.jpg', 'image/jpeg')] });
		expect(result.error?.message).toBe('Input Binary Field: the file "t.jpg" is 0.07 MB, at most 0.0625 MB allowed');
		expect(h.calls('/cgi-bin/media/upload')).toHaveLength(0);
	});
});

describe('Media → permanent material', () => {
	const add = (type: string, bytes: Buffer, name: string, extra: Record<string, unknown> = {}) =>
		media({ operation: 'addPermanent', mediaType: type, binaryPropertyName: 'data', ...extra }, { items: [binaryItem(bytes, name, 'application/octet-stream')] });

	it('adds an image (with its URL), gets it back, counts and deletes it', async () => {
		const bytes = jpeg();
		const [out] = jsonOf(await add('image', bytes, 'logo.png'));
		expect(out).toEqual({ type: 'image', media_id: expect.any(String), url: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\//) });
		const [item] = (await media({ operation: 'getPermanent', mediaId: out.media_id, binaryPropertyName: 'data' })).items[0];
		expect(item.json).toMatchObject({ media_id: out.media_id, fileName: 'logo.png', fileSize: bytes.length });
		expect(h.bodies('/cgi-bin/material/get_material')).toEqual([{ media_id: out.media_id }]);
		expect(jsonOf(await media({ operation: 'count' }))).toEqual([{ voice_count: 0, video_count: 0, image_count: 1, news_count: 0 }]);
		expect(jsonOf(await media({ operation: 'deletePermanent', mediaId: out.media_id }))).toEqual([{ media_id: out.media_id, deleted: true }]);
		expect(h.emulator.oa.material(String(out.media_id))).toBeUndefined();
	});

	it('a video needs a title, sent as the form field "description"; getting it downloads its link', async () => {
		const bytes = Buffer.alloc(3000, 5);
		const missing = await add('video', bytes, 'v.mp4', { videoTitle: '={{ "" }}' });
		expect(missing.error?.message).toBe('Video Title: required for a permanent video');
		const [out] = jsonOf(await add('video', bytes, 'v.mp4', { videoTitle: '开业', videoIntroduction: '门店开业视频' }));
		expect(h.emulator.oa.material(String(out.media_id))).toMatchObject({ title: '开业', introduction: '门店开业视频' });
		const [item] = (await media({ operation: 'getPermanent', mediaId: out.media_id, binaryPropertyName: 'data' })).items[0];
		expect(item.json).toMatchObject({ title: '开业', description: '门店开业视频', down_url: expect.any(String), fileSize: bytes.length });
	});

	it('lists 25 images 20 at a time with Return All, or up to a limit', async () => {
		for (let k = 0; k < 25; k++) await add('image', jpeg(10 + k), `img${k}.png`);
		const all = jsonOf(await media({ operation: 'listPermanent', materialType: 'image', returnAll: true }));
		expect(all.map((m) => m.name)).toEqual(Array.from({ length: 25 }, (_, k) => `img${k}.png`));
		expect(h.bodies('/cgi-bin/material/batchget_material').map((b) => [b.offset, b.count])).toEqual([
			[0, 20],
			[20, 20],
		]);
		const some = jsonOf(await media({ operation: 'listPermanent', materialType: 'image', limit: 3 }));
		expect(some).toHaveLength(3);
		expect(h.bodies('/cgi-bin/material/batchget_material').at(-1)).toEqual({ type: 'image', offset: 0, count: 3 });
	});
});
