/**
 * WeChat KF → Message against the emulator: Send (every message type, files uploaded in the same
 * step, the msgid that makes a resend safe, WeChat's send rules as errors with hints), Send on
 * Event (welcome codes) and Sync (Return All over has_more, empty pages included).
 */
import { NodeApiError } from 'n8n-workflow';
import { kfFixture } from '../../emulator';
import type { Json } from '../../helpers/platform';
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('kf');
const SEND = '/cgi-bin/kf/send_msg';
const KF = kfFixture.openKfId;
const USER = kfFixture.externalUserId;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const send = (parameters: Json) => ({ resource: 'message', operation: 'send', openKfId: KF, externalUserId: USER, ...parameters });
const sent = () => h.emulator.kf.messages.filter((m) => m.kind === 'send');

beforeEach(() => {
	h.emulator.kf.customerSays({ content: 'hello' });
});

describe('Message → Send', () => {
	it('sends text with a msgid of its own, and outputs what WeChat answered', async () => {
		const [output] = jsonOf(await h.run(send({ messageType: 'text', content: 'Thanks: hello' })));
		const [body] = h.bodies(SEND);
		expect(body).toEqual({ touser: USER, open_kfid: KF, msgid: expect.stringMatching(/^[0-9a-zA-Z_-]{1,32}$/), msgtype: 'text', text: { content: 'Thanks: hello' } });
		expect(output).toEqual({ open_kfid: KF, touser: USER, msgtype: 'text', msgid: body.msgid });
		expect(sent()).toMatchObject([{ to: USER, msgtype: 'text', payload: { content: 'Thanks: hello' } }]);
	});

	it('uses the Message ID given, and refuses one WeChat would not take', async () => {
		jsonOf(await h.run(send({ messageType: 'text', content: 'x', options: { msgId: 'reply-42' } })));
		expect(h.bodies(SEND)[0].msgid).toBe('reply-42');
		const bad = await h.run(send({ messageType: 'text', content: 'x', options: { msgId: 'has spaces' } }));
		expect(bad.error?.message).toMatch(/^Message ID: at most 32 characters/);
		expect(h.bodies(SEND)).toHaveLength(1);
	});

	it('sends again after a lost answer that never arrived: one message, and the item succeeds', async () => {
		h.emulator.serverError('kf', 1, { path: SEND });
		const [output] = jsonOf(await h.run(send({ messageType: 'text', content: 'second try' })));
		const bodies = h.bodies(SEND);
		expect(bodies).toHaveLength(2);
		expect(bodies[1]).toEqual(bodies[0]);
		expect(output.msgid).toBe(bodies[0].msgid);
		expect(sent()).toHaveLength(1);
	});

	it('after a lost answer that did arrive, WeChat refuses the repeat: one message, the item says "may have been delivered"', async () => {
		h.emulator.errorAfterDelivery('kf', { every: 1, count: 1, path: SEND });
		const result = await h.run(send({ messageType: 'text', content: 'exactly once' }), { continueOnFail: true });
		const [output] = jsonOf(result);
		expect(h.bodies(SEND)).toHaveLength(2);
		expect(h.bodies(SEND)[1].msgid).toBe(h.bodies(SEND)[0].msgid);
		expect(sent()).toHaveLength(1);
		expect(output).toMatchObject({
			error: expect.stringMatching(/^WeChat KF refused the repeat of a message whose first answer was lost: WeChat KF error 40058/),
			mayHaveBeenDelivered: true,
		});
	});

	it.each([
		['image', { messageType: 'image', mediaSource: 'binaryData' }, 'image'],
		['voice', { messageType: 'voice', mediaSource: 'binaryData' }, 'voice'],
		['video', { messageType: 'video', mediaSource: 'binaryData' }, 'video'],
		['file', { messageType: 'file', mediaSource: 'binaryData' }, 'file'],
	])('uploads the binary and sends it as %s in one step', async (_name, parameters, type) => {
		const [output] = jsonOf(await h.run(send(parameters), { items: [binaryItem(PNG, 'a.png', 'image/png')] }));
		const [upload] = h.calls('/cgi-bin/media/upload');
		expect(upload.query.type).toBe(type);
		expect(h.bodies(SEND)[0][type]).toEqual({ media_id: output.media_id });
		expect(h.emulator.kf.corp().media.get(String(output.media_id))?.data).toEqual(PNG);
	});

	it('sends a media_id given as it is', async () => {
		const bad = await h.run(send({ messageType: 'image', mediaSource: 'mediaId', mediaId: 'not-uploaded' }));
		expect((bad.error as NodeApiError).message).toMatch(/40007/);
		expect((bad.error as NodeApiError).description).toMatch(/media_id is wrong/);
	});

	it('sends link and mini program cards with an uploaded thumbnail', async () => {
		const items = [binaryItem(PNG, 'thumb.png', 'image/png')];
		jsonOf(await h.run(send({ messageType: 'link', linkTitle: '订单', linkDescription: '已发货', linkUrl: 'https://example.com/o/1', thumbSource: 'binaryData' }), { items }));
		jsonOf(await h.run(send({ messageType: 'miniprogram', appId: 'wx8bd80126147dfAAA', pagePath: '/p/index', miniprogramTitle: '小程序', thumbSource: 'binaryData' }), { items }));
		const [link, mini] = h.bodies(SEND);
		expect(link.link).toEqual({ title: '订单', desc: '已发货', url: 'https://example.com/o/1', thumb_media_id: expect.any(String) });
		expect(mini.miniprogram).toEqual({ appid: 'wx8bd80126147dfAAA', title: '小程序', thumb_media_id: expect.any(String), pagepath: '/p/index' });
		expect(sent()).toHaveLength(2);
	});

	it('sends a menu with click, link, mini program and text items', async () => {
		const items = [
			{ type: 'click', id: '101', content: '满意' },
			{ type: 'view', url: 'https://example.com', content: '官网' },
			{ type: 'miniprogram', appId: 'wx8bd80126147dfAAA', pagePath: '/p', content: '小程序' },
			{ type: 'text', content: '谢谢', noNewline: true },
		];
		jsonOf(await h.run(send({ messageType: 'msgmenu', headContent: '请评价', menuItems: { items }, tailContent: '欢迎再来' })));
		expect(h.bodies(SEND)[0].msgmenu).toEqual({
			head_content: '请评价',
			list: [
				{ type: 'click', click: { id: '101', content: '满意' } },
				{ type: 'view', view: { url: 'https://example.com', content: '官网' } },
				{ type: 'miniprogram', miniprogram: { appid: 'wx8bd80126147dfAAA', pagepath: '/p', content: '小程序' } },
				{ type: 'text', text: { content: '谢谢', no_newline: 1 } },
			],
			tail_content: '欢迎再来',
		});
		const tooMany = await h.run(send({ messageType: 'msgmenu', menuItems: { items: Array(11).fill(items[0]) } }));
		expect(tooMany.error?.message).toBe('Menu Items: at most 10 allowed, got 11');
		const empty = await h.run(send({ messageType: 'msgmenu', menuItems: { items: [{ type: 'click', id: '', content: 'x' }] } }));
		expect(empty.error?.message).toBe('Menu item 1: Menu ID is empty');
	});

	it('sends location, business card and customer acquisition link', async () => {
		jsonOf(await h.run(send({ messageType: 'location', latitude: 23.106021, longitude: 113.320389, locationName: '广州TIT', address: '新港中路397号' })));
		jsonOf(await h.run(send({ messageType: 'business_card', cardUserId: 'user01' })));
		jsonOf(await h.run(send({ messageType: 'ca_link', caLinkUrl: 'https://work.weixin.qq.com/ca/cawcde' })));
		expect(h.bodies(SEND).map((b) => b[b.msgtype])).toEqual([
			{ name: '广州TIT', address: '新港中路397号', latitude: 23.106021, longitude: 113.320389 },
			{ userid: 'user01' },
			{ link_url: 'https://work.weixin.qq.com/ca/cawcde' },
		]);
	});

	it('refuses text over 2048 bytes before calling WeChat', async () => {
		const result = await h.run(send({ messageType: 'text', content: '好'.repeat(683) }));
		expect(result.error?.message).toBe('Text: at most 2048 bytes (UTF-8), got 2049');
		expect(h.calls(SEND)).toHaveLength(0);
	});

	it('turns the send rules into errors with hints, per item with Continue On Fail, without the token', async () => {
		for (let i = 0; i < 5; i++) jsonOf(await h.run(send({ messageType: 'text', content: `r${i}` })));
		const items = [{ json: { t: 'sixth' } }, { json: { t: 'seventh' } }];
		const result = await h.run(send({ messageType: 'text', content: '={{ $json.t }}' }), { items, continueOnFail: true });
		const outputs = jsonOf(result);
		expect(outputs).toHaveLength(2);
		expect(outputs[0]).toMatchObject({ code: '95001', description: expect.stringMatching(/at most 5 messages/) });
		expect(result.items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		h.emulator.kf.customerSays({ content: 'again' });
		jsonOf(await h.run({ resource: 'session', operation: 'transfer', openKfId: KF, externalUserId: USER, serviceState: 3, servicerUserId: 'user01' }));
		const refused = await h.run(send({ messageType: 'text', content: 'bot reply' }));
		const error = refused.error as NodeApiError;
		expect(error.message).toMatch(/95018/);
		expect(error.description).toMatch(/new \(0\) or with the bot \(1\)/);
		const text = JSON.stringify({ message: error.message, description: error.description, context: error.context });
		for (const token of h.tokensSent()) expect(text).not.toContain(token);
		expect(text).not.toContain(kfFixture.secret);
	});

	it('names the wrong open_kfid', async () => {
		const result = await h.run(send({ openKfId: 'wkNoSuchAccount00000', messageType: 'text', content: 'x' }));
		expect((result.error as NodeApiError).message).toMatch(/95004/);
	});
});

describe('Message → Send on Event', () => {
	it('sends the welcome with the code of an Enter Session event, once', async () => {
		const code = (h.emulator.kf.enterSession({}).event as Json).welcome_code;
		const parameters = { resource: 'message', operation: 'sendOnEvent', code, messageType: 'text', content: '欢迎光临' };
		const [output] = jsonOf(await h.run(parameters));
		expect(h.bodies('/cgi-bin/kf/send_msg_on_event')).toEqual([{ code, msgid: output.msgid, msgtype: 'text', text: { content: '欢迎光临' } }]);
		expect(h.emulator.kf.messages.filter((m) => m.kind === 'event')).toMatchObject([{ to: USER, payload: { content: '欢迎光临' } }]);
		const again = await h.run(parameters);
		expect((again.error as NodeApiError).message).toMatch(/40058/);
	});

	it('sends a menu on an event', async () => {
		const code = (h.emulator.kf.enterSession({}).event as Json).welcome_code;
		jsonOf(await h.run({ resource: 'message', operation: 'sendOnEvent', code, messageType: 'msgmenu', headContent: '您好', menuItems: { items: [{ type: 'click', id: 'a', content: '查订单' }] } }));
		expect(h.bodies('/cgi-bin/kf/send_msg_on_event')[0].msgmenu).toEqual({ head_content: '您好', list: [{ type: 'click', click: { id: 'a', content: '查订单' } }] });
	});
});

describe('Message → Sync', () => {
	it('Return All follows has_more over empty pages; every item has the nextCursor of its page', async () => {
		for (let i = 0; i < 4; i++) h.emulator.kf.customerSays({ content: `m${i}` });
		h.emulator.kf.pageSize(2);
		h.emulator.kf.emptyPages(1);
		const items = jsonOf(await h.run({ resource: 'message', operation: 'sync', openKfId: KF, returnAll: true }));
		expect(items.map((i) => i.text)).toEqual(['hello', 'm0', 'm1', 'm2', 'm3']);
		expect(new Set(items.map((i) => i.nextCursor)).size).toBe(3);
		const last = items.at(-1)!.nextCursor;
		h.emulator.kf.customerSays({ content: 'later' });
		const next = jsonOf(await h.run({ resource: 'message', operation: 'sync', openKfId: KF, cursor: last, returnAll: true }));
		expect(next.map((i) => i.text)).toEqual(['later']);
	});

	it('asks no page for more than the Limit still wants, and sends the callback Token given', async () => {
		for (let i = 0; i < 4; i++) h.emulator.kf.customerSays({ content: `m${i}` });
		const token = (await h.emulator.kf.sendCallback({ url: 'http://127.0.0.1:9/nowhere', timeoutMs: 200 })).token;
		const items = jsonOf(await h.run({ resource: 'message', operation: 'sync', openKfId: KF, limit: 3, options: { token, voiceFormat: 1 } }));
		expect(items.map((i) => i.text)).toEqual(['hello', 'm0', 'm1']);
		expect(h.bodies('/cgi-bin/kf/sync_msg')).toEqual([{ limit: 3, token, open_kfid: KF, voice_format: 1 }]);
	});
});
