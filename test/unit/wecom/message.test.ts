/**
 * WeCom → Message (message/send, message/recall) through runNode against the emulator: the exact
 * body sent, the mapped output, uploads made on the way, caps and errors.
 */
import { NodeApiError } from 'n8n-workflow';
import { upload, wecomToken, wecomUrl } from '../../emulator/testUtils';
import { binaryItem, jsonOf, tokensSent, useHarness, wecomFixture } from './setup';

const h = useHarness();
const AGENT = wecomFixture.agentId;
const SEND = '/cgi-bin/message/send';

const send = (parameters: Record<string, unknown>) => ({ resource: 'message', operation: 'send', ...parameters });

async function uploadedMedia(type: string, bytes = Buffer.from('some image bytes')): Promise<string> {
	const token = await wecomToken(h.emulator);
	const answer = await upload(wecomUrl(h.emulator, '/cgi-bin/media/upload', token, { type }), bytes, `x.${type}`);
	return answer.media_id as string;
}

describe('Message → Send: recipients and output', () => {
	it('sends text to users, departments and tags with the credential agent ID and maps the invalid lists', async () => {
		const result = await h.run(
			send({
				userIds: 'user01, user02|nobody',
				departmentIds: '2, 99',
				tagIds: '1 77',
				messageType: 'text',
				content: '你好 hello',
			}),
		);
		const [output] = jsonOf(result) as Array<Record<string, unknown>>;
		expect(h.bodies(SEND)).toEqual([
			{
				touser: 'user01|user02|nobody',
				toparty: '2|99',
				totag: '1|77',
				agentid: AGENT,
				msgtype: 'text',
				text: { content: '你好 hello' },
			},
		]);
		expect(output).toEqual({
			msgtype: 'text',
			msgid: expect.any(String),
			invaliduser: ['nobody'],
			invalidparty: ['99'],
			invalidtag: ['77'],
			unlicenseduser: [],
		});
		expect(result.items[0][0].pairedItem).toEqual({ item: 0 });
		const [recorded] = h.emulator.wecom.messages;
		expect(recorded.msgid).toBe(output.msgid);
	});

	it('sends to @all and ignores the ID fields', async () => {
		await h.run(send({ toAll: true, userIds: 'user01', messageType: 'text', content: 'all hands' }));
		expect(h.bodies(SEND)).toEqual([
			{ touser: '@all', agentid: AGENT, msgtype: 'text', text: { content: 'all hands' } },
		]);
		expect(h.emulator.wecom.messages[0].recipients).toHaveLength(wecomFixture.users.length);
	});

	it('sends the options safe, enable_id_trans and the duplicate check', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'text',
				content: 'x',
				options: { safe: 1, enableIdTrans: true, enableDuplicateCheck: true, duplicateCheckInterval: 600 },
			}),
		);
		expect(h.bodies(SEND)[0]).toEqual({
			touser: 'user01',
			agentid: AGENT,
			msgtype: 'text',
			text: { content: 'x' },
			safe: 1,
			enable_id_trans: 1,
			enable_duplicate_check: 1,
			duplicate_check_interval: 600,
		});
	});

	it('refuses a send without recipients before calling WeCom', async () => {
		const result = await h.run(send({ messageType: 'text', content: 'x' }));
		expect(result.error?.message).toBe(
			'Give at least one user ID, department ID or tag ID, or turn on Send to Everyone',
		);
		expect(h.calls(SEND)).toHaveLength(0);
	});
});

describe('Message → Send: message types', () => {
	it('markdown', async () => {
		await h.run(send({ userIds: 'user01', messageType: 'markdown', content: '**bold** <font color="info">ok</font>' }));
		expect(h.bodies(SEND)[0]).toMatchObject({
			msgtype: 'markdown',
			markdown: { content: '**bold** <font color="info">ok</font>' },
		});
	});

	it('image from n8n binary data: uploads with media/upload, then sends the media_id', async () => {
		const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
		const result = await h.run(
			send({ userIds: 'user01', messageType: 'image', mediaSource: 'binaryData', binaryPropertyName: 'photo' }),
			{ items: [binaryItem(bytes, 'chart.png', 'image/png', 'photo')] },
		);
		const [output] = jsonOf(result) as Array<Record<string, unknown>>;
		const [uploadCall] = h.calls('/cgi-bin/media/upload');
		expect(uploadCall.method).toBe('POST');
		expect(uploadCall.query).toMatchObject({ type: 'image' });
		expect(String(uploadCall.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const raw = uploadCall.rawBody.toString('latin1');
		expect(raw).toContain('name="media"; filename="chart.png"');
		expect(raw).toContain('Content-Type: image/png');
		expect(uploadCall.rawBody.includes(bytes)).toBe(true);
		const mediaId = output.media_id as string;
		expect(h.emulator.wecom.media(mediaId)?.data.equals(bytes)).toBe(true);
		expect(h.bodies(SEND)).toEqual([
			{ touser: 'user01', agentid: AGENT, msgtype: 'image', image: { media_id: mediaId } },
		]);
		// The upload goes before the send.
		expect(uploadCall.id).toBeLessThan(h.calls(SEND)[0].id);
	});

	it('file by media ID, and video with title and description', async () => {
		const fileId = await uploadedMedia('file');
		const videoId = await uploadedMedia('video');
		await h.run(send({ userIds: 'user01', messageType: 'file', mediaSource: 'mediaId', mediaId: fileId }));
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'video',
				mediaSource: 'mediaId',
				mediaId: videoId,
				videoTitle: 'Demo',
				videoDescription: 'A short demo',
			}),
		);
		expect(h.bodies(SEND).map((b) => (b as Record<string, unknown>).file ?? (b as Record<string, unknown>).video)).toEqual([
			{ media_id: fileId },
			{ media_id: videoId, title: 'Demo', description: 'A short demo' },
		]);
	});

	it('textcard', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'textcard',
				cardTitle: '领奖通知',
				cardDescription: '<div class="gray">2016年9月26日</div>',
				cardUrl: 'https://example.com/award',
				buttonText: '更多',
			}),
		);
		expect(h.bodies(SEND)[0]).toMatchObject({
			msgtype: 'textcard',
			textcard: {
				title: '领奖通知',
				description: '<div class="gray">2016年9月26日</div>',
				url: 'https://example.com/award',
				btntxt: '更多',
			},
		});
	});

	it('news with two articles, empty fields left out', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'news',
				articles: {
					article: [
						{ title: 'One', description: 'First', url: 'https://example.com/1', picurl: 'https://example.com/1.png' },
						{ title: 'Two', description: '', url: 'https://example.com/2', picurl: '' },
					],
				},
			}),
		);
		expect(h.bodies(SEND)[0]).toMatchObject({
			msgtype: 'news',
			news: {
				articles: [
					{ title: 'One', description: 'First', url: 'https://example.com/1', picurl: 'https://example.com/1.png' },
					{ title: 'Two', url: 'https://example.com/2' },
				],
			},
		});
	});

	it('mpnews', async () => {
		const thumb = await uploadedMedia('image');
		const result = await h.run(
			send({
				userIds: 'user01',
				messageType: 'mpnews',
				mpnewsArticles: {
					article: [
						{
							title: 'Quarterly report',
							thumbMediaId: thumb,
							author: 'Ops',
							contentSourceUrl: 'https://example.com/report',
							content: '<p>Numbers</p>',
							digest: 'All good',
						},
					],
				},
				options: { safe: 2 },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(h.bodies(SEND)[0]).toMatchObject({
			msgtype: 'mpnews',
			safe: 2,
			mpnews: {
				articles: [
					{
						title: 'Quarterly report',
						thumb_media_id: thumb,
						author: 'Ops',
						content_source_url: 'https://example.com/report',
						content: '<p>Numbers</p>',
						digest: 'All good',
					},
				],
			},
		});
	});

	it('miniprogram_notice', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'miniprogram_notice',
				miniProgramAppId: 'wx123123123123123',
				miniProgramPage: 'pages/index?userid=zhangsan',
				noticeTitle: '会议室预订成功通知',
				noticeDescription: '4月27日 16:16',
				emphasisFirstItem: true,
				contentItems: { item: [{ key: '会议室', value: '402' }, { key: '时间', value: '10:00' }] },
			}),
		);
		expect(h.bodies(SEND)[0]).toMatchObject({
			msgtype: 'miniprogram_notice',
			miniprogram_notice: {
				appid: 'wx123123123123123',
				page: 'pages/index?userid=zhangsan',
				title: '会议室预订成功通知',
				description: '4月27日 16:16',
				emphasis_first_item: true,
				content_item: [
					{ key: '会议室', value: '402' },
					{ key: '时间', value: '10:00' },
				],
			},
		});
	});

	it('template_card text_notice from fields', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'template_card',
				cardType: 'text_notice',
				mainTitle: 'Deploy finished',
				mainTitleDescription: 'prod-eu',
				subTitleText: 'All checks green',
				emphasisTitle: '100%',
				emphasisDescription: 'healthy',
				cardActionUrl: 'https://example.com/deploy/1',
				cardOptions: {
					sourceDescription: 'CI',
					sourceIconUrl: 'https://example.com/ci.png',
					taskId: 'deploy_1',
					horizontalContent: {
						line: [
							{ keyname: 'Branch', value: 'main', url: '' },
							{ keyname: 'Log', value: 'open', url: 'https://example.com/log' },
						],
					},
					jumpLinks: { link: [{ title: 'Dashboard', url: 'https://example.com/dash' }] },
				},
			}),
		);
		expect(h.bodies(SEND)[0]).toEqual({
			touser: 'user01',
			agentid: AGENT,
			msgtype: 'template_card',
			template_card: {
				card_type: 'text_notice',
				main_title: { title: 'Deploy finished', desc: 'prod-eu' },
				sub_title_text: 'All checks green',
				emphasis_content: { title: '100%', desc: 'healthy' },
				card_action: { type: 1, url: 'https://example.com/deploy/1' },
				source: { icon_url: 'https://example.com/ci.png', desc: 'CI' },
				task_id: 'deploy_1',
				horizontal_content_list: [
					{ keyname: 'Branch', value: 'main' },
					{ keyname: 'Log', value: 'open', type: 1, url: 'https://example.com/log' },
				],
				jump_list: [{ type: 1, title: 'Dashboard', url: 'https://example.com/dash' }],
			},
		});
	});

	it('template_card news_notice from fields', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'template_card',
				cardType: 'news_notice',
				mainTitle: 'New article',
				cardImageUrl: 'https://example.com/cover.png',
				cardActionUrl: 'https://example.com/article',
				cardOptions: { cardImageAspectRatio: 2.25 },
			}),
		);
		expect((h.bodies(SEND)[0] as Record<string, unknown>).template_card).toEqual({
			card_type: 'news_notice',
			main_title: { title: 'New article' },
			card_image: { url: 'https://example.com/cover.png', aspect_ratio: 2.25 },
			card_action: { type: 1, url: 'https://example.com/article' },
		});
	});

	it('template_card as JSON, also when pasted as a whole message body', async () => {
		const card = {
			card_type: 'button_interaction',
			task_id: 'approve_1',
			main_title: { title: 'Approve?' },
			button_list: [{ text: 'Yes', key: 'yes' }],
		};
		await h.run(
			send({ userIds: 'user01', messageType: 'template_card', cardType: 'json', templateCardJson: JSON.stringify(card) }),
		);
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'template_card',
				cardType: 'json',
				templateCardJson: JSON.stringify({ msgtype: 'template_card', template_card: card }),
			}),
		);
		const bodies = h.bodies(SEND) as Array<Record<string, unknown>>;
		expect(bodies.map((b) => b.template_card)).toEqual([card, card]);
	});
});

describe('Message → Send: checks before the call', () => {
	it.each([
		['text over 2048 bytes', { messageType: 'text', content: '字'.repeat(683) }, 'Text: at most 2048 bytes (UTF-8), got 2049'],
		[
			'markdown over 2048 bytes',
			{ messageType: 'markdown', content: 'a'.repeat(2049) },
			'Markdown: at most 2048 bytes (UTF-8), got 2049',
		],
		['news without articles', { messageType: 'news', articles: {} }, 'Articles: at least 1 allowed, got 0'],
		[
			'news with 9 articles',
			{
				messageType: 'news',
				articles: { article: Array.from({ length: 9 }, (_, n) => ({ title: `t${n}`, url: 'https://e.com' })) },
			},
			'Articles: at most 8 allowed, got 9',
		],
		[
			'mpnews with 9 articles',
			{
				messageType: 'mpnews',
				mpnewsArticles: {
					article: Array.from({ length: 9 }, () => ({ title: 't', thumbMediaId: 'm', content: 'c' })),
				},
			},
			'Articles: at most 8 allowed, got 9',
		],
		[
			'template card JSON that does not parse',
			{ messageType: 'template_card', cardType: 'json', templateCardJson: '{"card_type": ' },
			'Template Card JSON is not valid JSON',
		],
		[
			'template card JSON without card_type',
			{ messageType: 'template_card', cardType: 'json', templateCardJson: '{"main_title": {}}' },
			'Template Card JSON: card_type is missing',
		],
	])('%s', async (_name, parameters, message) => {
		const result = await h.run(send({ userIds: 'user01', ...parameters }));
		expect(result.error?.message).toBe(message);
		expect(h.calls(SEND)).toHaveLength(0);
	});

	it('accepts text of exactly 2048 bytes', async () => {
		const content = `${'字'.repeat(682)}ab`;
		const result = await h.run(send({ userIds: 'user01', messageType: 'text', content }));
		expect(result.error).toBeUndefined();
		expect(h.emulator.wecom.messages[0].truncated).toBeUndefined();
	});

	it('names a binary field that is missing', async () => {
		const result = await h.run(
			send({ userIds: 'user01', messageType: 'file', mediaSource: 'binaryData', binaryPropertyName: 'attachment' }),
		);
		expect(result.error?.message).toContain('attachment');
		expect(h.calls('/cgi-bin/media/upload')).toHaveLength(0);
	});
});

describe('Message → Recall', () => {
	it('recalls a sent message by msgid', async () => {
		const sent = await h.run(send({ userIds: 'user01', messageType: 'text', content: 'oops' }));
		const msgid = (jsonOf(sent)[0] as Record<string, unknown>).msgid as string;
		const result = await h.run({ resource: 'message', operation: 'recall', msgId: msgid });
		expect(jsonOf(result)).toEqual([{ msgid, recalled: true }]);
		expect(h.bodies('/cgi-bin/message/recall')).toEqual([{ msgid }]);
		expect(h.emulator.wecom.messages[0].recalledAt).toEqual(expect.any(Number));
	});
});

describe('Message: errors', () => {
	it('turns a WeCom error into a NodeApiError with the errcode and no access token', async () => {
		const result = await h.run(send({ userIds: 'ghost1|ghost2', messageType: 'text', content: 'x' }));
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('81013');
		expect(error.description).toContain('No recipient is valid');
		const text = JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause });
		const tokens = tokensSent(h.emulator);
		expect(tokens.length).toBeGreaterThan(0);
		for (const token of tokens) expect(text).not.toContain(token);
		expect(text).not.toContain(wecomFixture.corpSecret);
	});

	it('with Continue On Fail, a failing item becomes an error item and the others go on', async () => {
		const result = await h.run(
			send({ userIds: '={{ $json.to }}', messageType: 'text', content: '={{ $json.text }}' }),
			{
				continueOnFail: true,
				items: [
					{ json: { to: 'user01', text: 'fine' } },
					{ json: { to: 'user02', text: '字'.repeat(700) } },
					{ json: { to: 'ghost', text: 'nobody' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		const out = result.items[0];
		expect(out).toHaveLength(3);
		expect(out[0].json).toMatchObject({ msgtype: 'text', invaliduser: [] });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json).toMatchObject({ error: 'Text: at most 2048 bytes (UTF-8), got 2100' });
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[2].json.error).toContain('81013');
		expect(out[2].pairedItem).toEqual({ item: 2 });
		expect(h.calls(SEND)).toHaveLength(2);
	});
});
