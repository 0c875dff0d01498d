/**
 * Customer Service Message → Send and Set Typing against the emulator's message/custom/send and
 * message/custom/typing, with the window rule of 客服消息 (5 messages in 48 h after a follower
 * writes; 45015 outside it, 45047 beyond it).
 */
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('oa');
const SEND = '/cgi-bin/message/custom/send';

const follower = (k = 0) => h.emulator.oa.followers()[k].openid;
const send = (parameters: Record<string, unknown>, options: Parameters<typeof h.run>[1] = {}) =>
	h.run({ resource: 'customerServiceMessage', operation: 'send', openId: follower(), ...parameters }, options);

/** A media_id of temporary media the account holds. */
async function uploaded(type: 'image' | 'voice' | 'video' | 'thumb', bytes = Buffer.alloc(64, 1)): Promise<string> {
	const result = await h.run(
		{ resource: 'media', operation: 'uploadTemporary', mediaType: type, binaryPropertyName: 'data' },
		{ items: [binaryItem(bytes, `f.${type === 'voice' ? 'amr' : type === 'video' ? 'mp4' : 'jpg'}`, 'application/octet-stream')] },
	);
	return String(jsonOf(result)[0].media_id);
}

beforeEach(() => h.emulator.oa.interact(follower()));

describe('Customer Service Message → Send', () => {
	it('sends a text to the follower and outputs what was sent', async () => {
		const result = await send({ messageType: 'text', content: 'Thanks for your message: 你好' });
		expect(jsonOf(result)).toEqual([{ touser: follower(), msgtype: 'text', sent: true }]);
		expect(h.bodies(SEND)).toEqual([{ touser: follower(), msgtype: 'text', text: { content: 'Thanks for your message: 你好' } }]);
		expect(h.emulator.oa.messages).toMatchObject([{ kind: 'custom', to: follower(), msgtype: 'text', payload: { content: 'Thanks for your message: 你好' } }]);
	});

	it.each(['default', 'filesystem'] as const)('uploads an image of the workflow first and sends it (%s binary mode)', async (binaryMode) => {
		const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 3)]);
		const result = await send(
			{ messageType: 'image', mediaSource: 'binaryData', binaryPropertyName: 'photo' },
			{ items: [binaryItem(bytes, '店铺.jpg', 'image/jpeg', 'photo')], binaryMode },
		);
		const [out] = jsonOf(result);
		expect(out).toEqual({ touser: follower(), msgtype: 'image', sent: true, media_id: expect.any(String) });
		const [upload] = h.calls('/cgi-bin/media/upload');
		expect(upload.query).toEqual({ access_token: expect.any(String), type: 'image' });
		expect(h.emulator.oa.media(String(out.media_id))).toMatchObject({ type: 'image', filename: '店铺.jpg', contentType: 'image/jpeg' });
		expect(h.emulator.oa.media(String(out.media_id))?.data.equals(bytes)).toBe(true);
		expect(h.bodies(SEND)).toEqual([{ touser: follower(), msgtype: 'image', image: { media_id: out.media_id } }]);
	});

	it('sends every other type in WeChat\'s shape', async () => {
		const voice = await uploaded('voice');
		const video = await uploaded('video');
		const thumb = await uploaded('thumb');
		const draft = h.emulator.oa;
		h.emulator.oa.interact(follower(), 'message');
		const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
			[{ messageType: 'voice', mediaSource: 'mediaId', mediaId: voice }, { voice: { media_id: voice } }],
			[
				{ messageType: 'video', mediaSource: 'mediaId', mediaId: video, videoTitle: '标题', videoDescription: '描述', videoThumbMediaId: thumb },
				{ video: { media_id: video, thumb_media_id: thumb, title: '标题', description: '描述' } },
			],
			[
				{ messageType: 'music', musicTitle: 'Song', musicUrl: 'http://m/a.mp3', hqMusicUrl: 'http://m/hq.mp3', thumbMediaId: thumb },
				{ music: { title: 'Song', musicurl: 'http://m/a.mp3', hqmusicurl: 'http://m/hq.mp3', thumb_media_id: thumb } },
			],
			[
				{ messageType: 'news', newsTitle: 'Happy Day', newsDescription: 'Is Really A Happy Day', newsUrl: 'https://example.com', newsPicUrl: 'https://example.com/p.jpg' },
				{ news: { articles: [{ title: 'Happy Day', description: 'Is Really A Happy Day', url: 'https://example.com', picurl: 'https://example.com/p.jpg' }] } },
			],
			[
				{
					messageType: 'msgmenu',
					headContent: '您对本次服务是否满意呢?',
					menuOptions: { option: [{ id: '101', content: '满意' }, { id: '102', content: '不满意' }] },
					tailContent: '欢迎再次光临',
				},
				{ msgmenu: { head_content: '您对本次服务是否满意呢?', list: [{ id: '101', content: '满意' }, { id: '102', content: '不满意' }], tail_content: '欢迎再次光临' } },
			],
		];
		for (const [parameters, expected] of cases) {
			h.emulator.oa.interact(follower());
			const result = await send(parameters);
			expect(result.error).toBeUndefined();
			expect(h.bodies(SEND).at(-1)).toEqual({ touser: follower(), msgtype: parameters.messageType, ...expected });
		}
		expect(draft.messages.map((m) => m.msgtype)).toEqual(['voice', 'video', 'music', 'news', 'msgmenu']);
	});

	it('sends a mini program card, a draft (mpnews) and a published article (mpnewsarticle)', async () => {
		const thumb = await uploaded('thumb');
		expect(
			(await send({ messageType: 'miniprogrampage', miniTitle: '小程序', miniAppId: 'wxmini', miniPagePath: 'pages/index/index', thumbMediaId: thumb })).error,
		).toBeUndefined();
		expect(h.bodies(SEND).at(-1)).toMatchObject({ miniprogrampage: { title: '小程序', appid: 'wxmini', pagepath: 'pages/index/index', thumb_media_id: thumb } });
		const unknownDraft = await send({ messageType: 'mpnews', mpnewsMediaId: 'no-such-draft' });
		expect(unknownDraft.error?.message).toMatch(/40007/);
		const unknownArticle = await send({ messageType: 'mpnewsarticle', articleId: 'no-such-article' });
		expect(unknownArticle.error?.message).toMatch(/53600/);
		expect(h.bodies(SEND).at(-1)).toEqual({ touser: follower(), msgtype: 'mpnewsarticle', mpnewsarticle: { article_id: 'no-such-article' } });
	});

	it('sends as a customer service account when asked', async () => {
		await send({ messageType: 'text', content: 'hi', options: { kfAccount: 'kf2001@gh_test' } });
		expect(h.bodies(SEND)[0].customservice).toEqual({ kf_account: 'kf2001@gh_test' });
	});

	it('outside the 48-hour window: 45015 with a hint, and the token is not in the error', async () => {
		const result = await send({ openId: follower(1), messageType: 'text', content: 'late' });
		expect(result.error?.message).toMatch(/^WeChat Official Account error 45015/);
		expect(String(result.error?.description)).toMatch(/48 hours.*template message/);
		for (const token of h.tokensSent()) expect(JSON.stringify(result.error)).not.toContain(token);
		expect(h.emulator.oa.messages).toHaveLength(0);
	});

	it('the sixth message after one from the follower: 45047, per item with Continue On Fail', async () => {
		const items = Array.from({ length: 6 }, (_, k) => ({ json: { n: k } }));
		const result = await send({ messageType: 'text', content: '={{ "reply " + $json.n }}' }, { items, continueOnFail: true });
		const out = jsonOf(result);
		expect(out.slice(0, 5).every((o) => o.sent === true)).toBe(true);
		expect(out[5]).toMatchObject({ error: expect.stringMatching(/45047/), code: '45047', description: expect.stringMatching(/at most 5 in 48 hours/) });
		// Items to one follower go out in item order.
		expect(h.emulator.oa.messages.map((m) => m.payload.content)).toEqual(['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4']);
		expect(result.items[0].map((i) => i.pairedItem)).toEqual(items.map((_, k) => ({ item: k })));
	});

	it('an unknown OpenID: 40003 with a hint', async () => {
		const result = await send({ openId: 'oNotAFollowerOfThisAccount00', messageType: 'text', content: 'x' });
		expect(result.error?.message).toMatch(/40003/);
		expect(String(result.error?.description)).toMatch(/OpenID belongs to one account/);
	});

	it('is not sent again after a gateway error: it may have been delivered', async () => {
		h.emulator.errorAfterDelivery('oa', { every: 1, path: SEND, count: 1 });
		const result = await send({ messageType: 'text', content: 'once only' });
		expect(result.error?.message).toMatch(/HTTP 502: the request may have been delivered/);
		expect(h.calls(SEND)).toHaveLength(1);
		expect(h.emulator.deliveries({ platform: 'oa' }).deliveries).toBe(1);
	});

	it('refuses an image over 10 MB and an empty text before any call', async () => {
		const big = await send(
			{ messageType: 'image', mediaSource: 'binaryData', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.alloc(10 * 1024 * 1024 + 1), 'big.png', 'image/png')] },
		);
		expect(big.error?.message).toBe('Input Binary Field: the file "big.png" is 10.01 MB, at most 10 MB allowed');
		const empty = await send({ messageType: 'text', content: '={{ "" }}' });
		expect(empty.error?.message).toBe('Content is empty');
		expect(h.emulator.requests({ platform: 'oa', path: /media|custom/ })).toHaveLength(0);
	});
});

describe('Customer Service Message → Set Typing', () => {
	const typing = (command?: string, openId = follower()) =>
		h.run({ resource: 'customerServiceMessage', operation: 'typing', openId, ...(command ? { typing: command } : {}) });

	it('shows and hides "typing" within 30 s of the follower writing', async () => {
		expect(jsonOf(await typing())).toEqual([{ touser: follower(), command: 'Typing' }]);
		expect(h.emulator.oa.isTyping(follower())).toBe(true);
		const again = await typing();
		expect(again.error?.message).toMatch(/45081/);
		expect(String(again.error?.description)).toMatch(/already shown/);
		expect(jsonOf(await typing('CancelTyping'))).toEqual([{ touser: follower(), command: 'CancelTyping' }]);
		expect(h.emulator.oa.isTyping(follower())).toBe(false);
	});

	it('30 s after the follower wrote: 45080 with a hint', async () => {
		h.emulator.advanceClock(31);
		const result = await typing();
		expect(result.error?.message).toMatch(/45080/);
		expect(String(result.error?.description)).toMatch(/within 30 seconds/);
	});
});
