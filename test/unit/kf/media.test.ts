/** WeChat KF → Media against the emulator: upload a binary for a media_id, download a media_id into a binary. */
import { readBinary } from '../../helpers';
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('kf');
const DATA = Buffer.from('a voice file, at least six bytes');

describe('Media', () => {
	it('uploads with the KF token and downloads the same bytes back, with the file name', async () => {
		const [uploaded] = jsonOf(
			await h.run({ resource: 'media', operation: 'upload', mediaType: 'voice' }, { items: [binaryItem(DATA, '留言.amr', 'audio/amr')] }),
		);
		expect(uploaded).toEqual({ type: 'voice', media_id: expect.any(String), created_at: expect.any(String) });
		const result = await h.run({ resource: 'media', operation: 'download', mediaId: uploaded.media_id });
		const [item] = result.items[0];
		expect(item.json).toMatchObject({ media_id: uploaded.media_id, fileName: '留言.amr', mimeType: 'audio/amr', fileSize: DATA.length });
		expect(await readBinary(item.binary!.data)).toEqual(DATA);
		expect(h.calls('/cgi-bin/media/get')[0].query.access_token).toBe(h.calls('/cgi-bin/media/upload')[0].query.access_token);
	});

	it('refuses an empty file and an unknown media_id', async () => {
		const tiny = await h.run({ resource: 'media', operation: 'upload', mediaType: 'file' }, { items: [binaryItem(Buffer.from('ab'), 'a.txt', 'text/plain')] });
		expect(tiny.error?.message).toMatch(/empty or too small/);
		const missing = await h.run({ resource: 'media', operation: 'download', mediaId: 'nope' });
		expect(missing.error?.message).toMatch(/40007/);
	});
});
