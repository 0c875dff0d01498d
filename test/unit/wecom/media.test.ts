/** WeCom → Media: n8n binary data to media/upload (multipart), media/get to n8n binary data. */
import { readBinary } from '../../helpers/env';
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');
const UPLOAD = '/cgi-bin/media/upload';

describe('Media → Upload', () => {
	it.each(['default', 'filesystem'] as const)(
		'uploads the binary field as multipart field "media" (%s binary mode)',
		async (binaryMode) => {
			const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]);
			const result = await h.run(
				{ resource: 'media', operation: 'upload', mediaType: 'file', binaryPropertyName: 'report' },
				{ items: [binaryItem(bytes, '季度报告.pdf', 'application/pdf', 'report')], binaryMode },
			);
			const [output] = jsonOf(result) as Array<Record<string, unknown>>;
			expect(output).toEqual({ type: 'file', media_id: expect.any(String), created_at: expect.any(String) });

			const [call] = h.calls(UPLOAD);
			expect(call.method).toBe('POST');
			expect(call.query).toEqual({ access_token: expect.any(String), type: 'file' });
			const boundary = /boundary=(.+)$/.exec(String(call.headers['content-type']))?.[1];
			expect(boundary).toBeTruthy();
			const head = call.rawBody.subarray(0, call.rawBody.indexOf(bytes)).toString('utf8');
			expect(head).toBe(
				`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="季度报告.pdf"; ` +
					`filelength=${bytes.length}\r\nContent-Type: application/pdf\r\n\r\n`,
			);
			expect(call.rawBody.subarray(call.rawBody.length - boundary!.length - 8).toString()).toBe(
				`\r\n--${boundary}--\r\n`,
			);
			const stored = h.emulator.wecom.media(output.media_id as string);
			expect(stored).toMatchObject({ type: 'file', filename: '季度报告.pdf', contentType: 'application/pdf' });
			expect(stored?.data.equals(bytes)).toBe(true);
		},
	);

	it('refuses a voice file over 2 MB and an empty file before the call', async () => {
		const big = await h.run(
			{ resource: 'media', operation: 'upload', mediaType: 'voice', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.alloc(2 * 1024 * 1024 + 1), 'v.amr', 'audio/amr')] },
		);
		expect(big.error?.message).toBe('Input Binary Field: the file "v.amr" is 2.01 MB, at most 2 MB allowed');
		const tiny = await h.run(
			{ resource: 'media', operation: 'upload', mediaType: 'image', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.from('ab'), 'a.png', 'image/png')] },
		);
		expect(tiny.error?.message).toBe('Input Binary Field: the file "a.png" is empty or too small (2 bytes)');
		expect(h.calls(UPLOAD)).toHaveLength(0);
	});
});

describe('Media → Download', () => {
	it('puts the file in the binary field with its file name and mime type', async () => {
		const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]);
		const uploaded = await h.run(
			{ resource: 'media', operation: 'upload', mediaType: 'image', binaryPropertyName: 'data' },
			{ items: [binaryItem(bytes, '现场照片.jpg', 'image/jpeg')] },
		);
		const mediaId = (jsonOf(uploaded)[0] as Record<string, unknown>).media_id as string;

		const result = await h.run({
			resource: 'media',
			operation: 'download',
			mediaId,
			binaryPropertyName: 'photo',
		});
		expect(h.calls('/cgi-bin/media/get').map((c) => c.query)).toEqual([
			{ access_token: expect.any(String), media_id: mediaId },
		]);
		const [item] = result.items[0];
		expect(item.json).toEqual({ media_id: mediaId, fileName: '现场照片.jpg', mimeType: 'image/jpeg', fileSize: bytes.length });
		expect(item.binary?.photo).toMatchObject({ fileName: '现场照片.jpg', mimeType: 'image/jpeg', fileExtension: 'jpg' });
		expect((await readBinary(item.binary!.photo)).equals(bytes)).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it.each([
		['notes.txt', 'text/plain', '第一行\nsecond line\n'],
		['order.json', 'application/json', '{"orderId":"A1","errcode_like":0}'],
	])('keeps a %s file (%s) as bytes, although its type looks like an error envelope', async (name, type, text) => {
		const bytes = Buffer.from(text, 'utf8');
		const uploaded = await h.run(
			{ resource: 'media', operation: 'upload', mediaType: 'file', binaryPropertyName: 'data' },
			{ items: [binaryItem(bytes, name, type)] },
		);
		const mediaId = (jsonOf(uploaded)[0] as Record<string, unknown>).media_id as string;
		const result = await h.run({ resource: 'media', operation: 'download', mediaId, binaryPropertyName: 'data' });
		expect(result.error).toBeUndefined();
		const [item] = result.items[0];
		expect(item.binary?.data).toMatchObject({ fileName: name, mimeType: type });
		expect((await readBinary(item.binary!.data)).equals(bytes)).toBe(true);
	});

	it('an unknown media_id fails with errcode 40007 and its hint', async () => {
		const result = await h.run({ resource: 'media', operation: 'download', mediaId: 'nope', binaryPropertyName: 'data' });
		expect(result.error?.message).toContain('40007');
		expect(result.error?.description).toContain('temporary media lasts 3 days');
	});
});
