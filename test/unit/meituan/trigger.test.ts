/**
 * Meituan IM Trigger over real HTTP: n8n-core's WebhookContext in front of the node, the
 * emulator's push sender (signing over the trigger's URL with the fixture secret) behind it.
 */
import type { IDataObject } from 'n8n-workflow';
import { meituanFixture } from '../../emulator';
import type { WebhookServer } from '../../helpers';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('meituan');
const emitted = (server: WebhookServer) => server.executions.flatMap((e) => e.items[0].map((i) => i.json as IDataObject));
const OK = { status: 200, body: '{"data":"ok"}' };

describe('a user message', () => {
	it('starts one execution with the readable fields, msg_content decrypted, answered {"data":"ok"}', async () => {
		const s = await t.serve();
		const result = await t.send({
			message: { text: '请问几点送达？', msg_id: 5550001, order_id: meituanFixture.orderId, open_user_id: 100001, cts: 1700000000 },
		});
		expect({ status: result.status, body: result.body }).toEqual(OK);
		expect(result.headers['content-type']).toMatch(/^application\/json/);
		const [item] = emitted(s);
		expect(item).toMatchObject({
			msgId: '5550001',
			appPoiCode: 't_Store0001',
			openUserId: '100001',
			orderId: meituanFixture.orderId,
			groupId: '',
			chat: 'single',
			msgType: 'text',
			text: '请问几点送达？',
			pictureUrl: '',
			sentAt: '2023-11-14T22:13:20.000Z',
			source: 'user',
		});
		expect((item.push as IDataObject).app_id).toBe(meituanFixture.appId);
		// Sent as a 17-digit integer literal: read exactly, not rounded to a double.
		expect(result.form.push_content).toContain(`"order_id":${meituanFixture.orderId}`);
	});

	it('starts one execution however often Meituan retries the push', async () => {
		const s = await t.serve();
		const result = await t.send({ message: { text: 'x', msg_id: 5550002 }, times: 3 });
		expect(result.attempts.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(s.executions).toHaveLength(1);
	});

	it('accepts push_content URL-encoded once more', async () => {
		const s = await t.serve();
		expect((await t.send({ message: { text: '二次编码' }, encodeTwice: true })).status).toBe(200);
		expect(emitted(s).map((i) => i.text)).toEqual(['二次编码']);
	});

	it('reads picture, goods and group pushes', async () => {
		const s = await t.serve();
		await t.send({ message: { msg_type: 2, text: 'https://img.example/1.jpg' } });
		await t.send({ message: { msg_type: 4, app_spu_codes: 'spu1,spu2' } });
		await t.send({ message: { msg_type: 11, text: '群消息', group_id: 880001 } });
		expect(emitted(s).map((i) => [i.msgType, i.pictureUrl || i.text, i.spuCodes, i.chat])).toEqual([
			['picture', 'https://img.example/1.jpg', [], 'single'],
			['goods', '', ['spu1', 'spu2'], 'single'],
			['text', '群消息', [], 'group'],
		]);
	});
});

describe('filters', () => {
	it('drops merchant messages (our own reply echoed) by default, and answers them ok', async () => {
		const s = await t.serve();
		const result = await t.send({ message: { text: '我们的回复', msg_source: 1 } });
		expect({ status: result.status, body: result.body }).toEqual(OK);
		expect(s.executions).toHaveLength(0);
	});

	it('takes merchant messages when asked, and filters by type', async () => {
		const s = await t.serve({ sources: ['user', 'merchant'], messageTypes: ['picture'] });
		await t.send({ message: { text: 'text', msg_source: 1 } });
		await t.send({ message: { msg_type: 2, text: 'https://img.example/2.jpg', msg_source: 1 } });
		expect(emitted(s).map((i) => [i.source, i.msgType])).toEqual([['merchant', 'picture']]);
	});
});

describe('forged and malformed pushes: 4xx in Meituan\'s shape, no execution', () => {
	it.each([
		['signature', 403, 703],
		['stale', 403, 703],
		['appId', 403, 702],
		['contentAppId', 403, 702],
	] as const)('refuses forge=%s with %i / %i', async (forge, status, code) => {
		const s = await t.serve();
		const result = await t.send({ message: { text: 'x' }, forge });
		expect(result.status).toBe(status);
		expect(JSON.parse(result.body)).toEqual({ data: 'ng', error: { code, msg: expect.any(String) } });
		expect(result.body).not.toContain(meituanFixture.appSecret);
		expect(s.executions).toHaveLength(0);
	});

	it('takes a timestamp 9 minutes off either way, and refuses 11 minutes', async () => {
		const s = await t.serve();
		const now = Math.floor(Date.now() / 1000);
		const status = async (offset: number) => (await t.send({ message: { text: `t${offset}` }, timestamp: now + offset })).status;
		expect([await status(-540), await status(540), await status(-660), await status(660)]).toEqual([200, 200, 403, 403]);
		expect(emitted(s).map((i) => i.text)).toEqual(['t-540', 't540']);
	});

	it('refuses a signature over another URL unless Callback URL names it', async () => {
		const signedUrl = 'https://proxy.example.com/meituan/push';
		let s = await t.serve();
		expect((await t.send({ message: { text: 'x' }, signedUrl })).status).toBe(403);
		expect(s.executions).toHaveLength(0);
		s = await t.serve({ options: { callbackUrl: signedUrl } });
		expect((await t.send({ message: { text: 'x' }, signedUrl })).status).toBe(200);
		expect(s.executions).toHaveLength(1);
		// And the Production URL itself no longer counts.
		expect((await t.send({ message: { text: 'y' } })).status).toBe(403);
	});

	it('refuses an empty body, a body that is not a form of JSON, repeated parameters and an oversized body', async () => {
		const s = await t.serve();
		const path = s.webhookUrl.slice(s.url.length);
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		expect((await s.request('POST', path, '', form)).status).toBe(400);
		const now = String(Math.floor(Date.now() / 1000));
		const repeated = await s.request('POST', path, `app_id=${meituanFixture.appId}&app_id=1&timestamp=${now}&sig=x`, form);
		expect(repeated.status).toBe(400);
		expect(JSON.parse(repeated.text)).toMatchObject({ data: 'ng', error: { code: 701 } });
		const huge = await s.request('POST', path, `app_id=${meituanFixture.appId}&push_content=${'a'.repeat(1024 * 1024 + 10)}`, form);
		expect(huge.status).toBe(413);
		const unsignedJunk = await s.request('POST', path, `app_id=${meituanFixture.appId}&timestamp=${now}&push_content=notjson&sig=${'0'.repeat(32)}`, form);
		expect(unsignedJunk.status).toBe(403);
		expect(s.executions).toHaveLength(0);
	});

	it('refuses signed push_content that is not JSON, or msg_content that does not decrypt, with 400', async () => {
		const s = await t.serve();
		expect((await t.send({ message: { msg_content: 'AAAAAAAAAAAAAAAAAAAAAA==' } })).status).toBe(400);
		expect(s.executions).toHaveLength(0);
	});
});
