/** WeCom → Group Robot (群机器人, webhook/send and webhook/upload_media, document/path/91770). */
import { createHash } from 'crypto';
import { NodeApiError } from 'n8n-workflow';
import { wecomFixture } from '../../emulator';
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');
const SEND = '/cgi-bin/webhook/send';
const robot = (operation: string, parameters: Record<string, unknown> = {}) => ({ resource: 'robot', operation, ...parameters });

describe('Group Robot: sends with the webhook key, no access token', () => {
	it('text with mentioned user IDs, mobiles and @all', async () => {
		const result = await h.run(
			robot('sendText', {
				content: '发布完成',
				mentionedUserIds: 'user01|user02',
				mentionedMobiles: '13800001111',
				mentionAll: true,
			}),
		);
		const [call] = h.calls(SEND);
		expect(call.query).toEqual({ key: wecomFixture.robotKey });
		expect(call.json).toEqual({
			msgtype: 'text',
			text: { content: '发布完成', mentioned_list: ['user01', 'user02', '@all'], mentioned_mobile_list: ['13800001111'] },
		});
		expect(jsonOf(result)).toEqual([{ msgtype: 'text', success: true }]);
		expect(h.emulator.wecom.robotMessages).toHaveLength(1);
		expect(h.emulator.tokenCalls('wecom')).toBe(0);
	});

	it('takes the whole webhook URL as the credential key', async () => {
		await h.run(robot('sendText', { content: 'hi' }), {
			credentials: { weComRobotApi: { webhookKey: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${wecomFixture.robotKey}` } },
		});
		expect(h.calls(SEND)[0].query).toEqual({ key: wecomFixture.robotKey });
	});

	it('markdown up to 4096 bytes, refused above', async () => {
		const content = `# 日报\n${'字'.repeat(1300)}`;
		expect(Buffer.byteLength(content)).toBeGreaterThan(2048);
		await h.run(robot('sendMarkdown', { content }));
		expect(h.bodies(SEND)).toEqual([{ msgtype: 'markdown', markdown: { content } }]);

		const tooLong = await h.run(robot('sendMarkdown', { content: 'a'.repeat(4097) }));
		expect(tooLong.error?.message).toBe('Markdown: at most 4096 bytes (UTF-8), got 4097');
		expect(h.calls(SEND)).toHaveLength(1);
	});

	it('refuses text over 2048 bytes', async () => {
		const result = await h.run(robot('sendText', { content: 'é'.repeat(1025) }));
		expect(result.error?.message).toBe('Text: at most 2048 bytes (UTF-8), got 2050');
		expect(h.calls(SEND)).toHaveLength(0);
	});

	it('image from binary data as base64 with the md5 of the raw bytes', async () => {
		const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(300, 9)]);
		const result = await h.run(robot('sendImage', { binaryPropertyName: 'data' }), {
			items: [binaryItem(bytes, 'chart.png', 'image/png')],
		});
		const md5 = createHash('md5').update(bytes).digest('hex');
		expect(h.bodies(SEND)).toEqual([{ msgtype: 'image', image: { base64: bytes.toString('base64'), md5 } }]);
		expect(jsonOf(result)).toEqual([{ msgtype: 'image', success: true, fileName: 'chart.png', md5 }]);
	});

	it('refuses an image over 2 MB', async () => {
		const result = await h.run(robot('sendImage', { binaryPropertyName: 'data' }), {
			items: [binaryItem(Buffer.alloc(2 * 1024 * 1024 + 10), 'big.png', 'image/png')],
		});
		expect(result.error?.message).toBe('Input Binary Field: the file "big.png" is 2.01 MB, at most 2 MB allowed');
		expect(h.calls(SEND)).toHaveLength(0);
	});

	it('news with articles, each needing a URL', async () => {
		await h.run(
			robot('sendNews', {
				articles: {
					article: [{ title: '中秋节礼品领取', description: '今年中秋', url: 'https://example.com', picurl: 'https://example.com/p.png' }],
				},
			}),
		);
		expect(h.bodies(SEND)).toEqual([
			{
				msgtype: 'news',
				news: {
					articles: [
						{ title: '中秋节礼品领取', description: '今年中秋', url: 'https://example.com', picurl: 'https://example.com/p.png' },
					],
				},
			},
		]);
		// n8n itself stops an empty required URL; one that an expression leaves empty reaches the node.
		const noUrl = await h.run(robot('sendNews', { articles: { article: [{ title: 'x', url: '={{ $json.link ?? "" }}' }] } }));
		expect(noUrl.error?.message).toBe('Articles 1: URL is empty');
		const nine = await h.run(
			robot('sendNews', { articles: { article: Array.from({ length: 9 }, () => ({ title: 't', url: 'https://e.com' })) } }),
		);
		expect(nine.error?.message).toBe('Articles: at most 8 allowed, got 9');
		expect(h.calls(SEND)).toHaveLength(1);
	});

	it('file from binary data: upload_media?type=file, then send the media_id', async () => {
		const bytes = Buffer.from('log line 1\nlog line 2\n');
		const result = await h.run(robot('sendFile', { mediaSource: 'binaryData', binaryPropertyName: 'data' }), {
			items: [binaryItem(bytes, 'build.log', 'text/plain')],
		});
		const [uploadCall] = h.calls('/cgi-bin/webhook/upload_media');
		expect(uploadCall.query).toEqual({ key: wecomFixture.robotKey, type: 'file' });
		expect(uploadCall.rawBody.toString('utf8')).toContain('name="media"; filename="build.log"');
		expect(uploadCall.rawBody.includes(bytes)).toBe(true);
		const [output] = jsonOf(result) as Array<Record<string, unknown>>;
		expect(output).toEqual({ msgtype: 'file', success: true, media_id: expect.any(String), fileName: 'build.log' });
		expect(h.bodies(SEND)).toEqual([{ msgtype: 'file', file: { media_id: output.media_id } }]);
	});

	it('template card as JSON; bad JSON is named', async () => {
		const card = {
			card_type: 'text_notice',
			main_title: { title: '告警', desc: 'CPU 95%' },
			card_action: { type: 1, url: 'https://example.com/alert' },
		};
		await h.run(robot('sendTemplateCard', { templateCardJson: JSON.stringify(card, null, 2) }));
		expect(h.bodies(SEND)).toEqual([{ msgtype: 'template_card', template_card: card }]);
		const bad = await h.run(robot('sendTemplateCard', { templateCardJson: '{ card_type: text_notice }' }));
		expect(bad.error?.message).toBe('Template Card JSON is not valid JSON');
		expect(h.calls(SEND)).toHaveLength(1);
	});

	it('a wrong key is errcode 93000 and the key appears nowhere in the error', async () => {
		const key = 'a6b3c2d1-0000-4bad-9bad-123456789abc';
		const result = await h.run(robot('sendText', { content: 'hi' }), { credentials: { weComRobotApi: { webhookKey: key } } });
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('93000');
		expect(error.description).toContain('webhook key is wrong');
		const text = JSON.stringify({ m: error.message, d: error.description, c: error.context, cause: error.cause });
		expect(text).not.toContain(key);
	});
});
