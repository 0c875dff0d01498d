/**
 * The WeCom message types (nodes/WeCom/actions/common/messageTypes/) through Message → Send
 * against the emulator: the exact body of each type, the uploads made on the way, and each
 * type's caps, checked before the call.
 */
import { wecomFixture } from '../../../emulator';
import { upload, wecomToken, wecomUrl } from '../../../emulator/testUtils';
import { binaryItem, jsonOf, platformHarness } from '../../../helpers/platform';

const h = platformHarness('wecom');
const AGENT = wecomFixture.agentId;
const SEND = '/cgi-bin/message/send';

const send = (parameters: Record<string, unknown>) => ({ resource: 'message', operation: 'send', ...parameters });

async function uploadedMedia(type: string, bytes = Buffer.from('some image bytes')): Promise<string> {
	const token = await wecomToken(h.emulator);
	const answer = await upload(wecomUrl(h.emulator, '/cgi-bin/media/upload', token, { type }), bytes, `x.${type}`);
	return answer.media_id as string;
}

describe('Message → Send: message types', () => {
	it.each([
		['markdown', 'markdown', { content: '**bold** <font color="info">ok</font>' }, { content: '**bold** <font color="info">ok</font>' }],
		[
			'textcard',
			'textcard',
			{
				cardTitle: '领奖通知',
				cardDescription: '<div class="gray">2016年9月26日</div>',
				cardUrl: 'https://example.com/award',
				buttonText: '更多',
			},
			{
				title: '领奖通知',
				description: '<div class="gray">2016年9月26日</div>',
				url: 'https://example.com/award',
				btntxt: '更多',
			},
		],
		[
			'news with two articles, empty fields left out',
			'news',
			{
				articles: {
					article: [
						{ title: 'One', description: 'First', url: 'https://example.com/1', picurl: 'https://example.com/1.png' },
						{ title: 'Two', description: '', url: 'https://example.com/2', picurl: '' },
					],
				},
			},
			{
				articles: [
					{ title: 'One', description: 'First', url: 'https://example.com/1', picurl: 'https://example.com/1.png' },
					{ title: 'Two', url: 'https://example.com/2' },
				],
			},
		],
		[
			'miniprogram_notice',
			'miniprogram_notice',
			{
				miniProgramAppId: 'wx123123123123123',
				miniProgramPage: 'pages/index?userid=zhangsan',
				noticeTitle: '会议室预订成功通知',
				noticeDescription: '4月27日 16:16',
				emphasisFirstItem: true,
				contentItems: { item: [{ key: '会议室', value: '402' }, { key: '时间', value: '10:00' }] },
			},
			{
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
		],
		[
			'template_card text_notice',
			'template_card',
			{
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
			},
			{
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
		],
		[
			'template_card news_notice',
			'template_card',
			{
				cardType: 'news_notice',
				mainTitle: 'New article',
				cardImageUrl: 'https://example.com/cover.png',
				cardActionUrl: 'https://example.com/article',
				cardOptions: { cardImageAspectRatio: 2.25 },
			},
			{
				card_type: 'news_notice',
				main_title: { title: 'New article' },
				card_image: { url: 'https://example.com/cover.png', aspect_ratio: 2.25 },
				card_action: { type: 1, url: 'https://example.com/article' },
			},
		],
	])('%s from fields', async (_name, messageType, parameters, payload) => {
		await h.run(send({ userIds: 'user01', messageType, ...parameters }));
		expect(h.bodies(SEND)).toEqual([{ touser: 'user01', agentid: AGENT, msgtype: messageType, [messageType]: payload }]);
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
