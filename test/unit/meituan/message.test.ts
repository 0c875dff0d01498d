/** Meituan IM → Message against the emulator, which checks every signature and decrypts msg_content. */
import { MeituanIm } from '../../../nodes/MeituanIm/MeituanIm.node';
import { meituanFixture } from '../../emulator';
import { jsonOf, pacerSlots, platformHarness } from '../../helpers/platform';

const h = platformHarness('meituan');
const SEND = 'ecommerce/IM/msgSend';
const store = meituanFixture.stores[0];
const user = meituanFixture.openUserId;

const text = (extra: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation: 'send',
	appPoiCode: store,
	openUserId: user,
	text: '您好，订单已出餐 😀',
	...extra,
});

describe('Message → Send', () => {
	it('sends an encrypted text the user reads decrypted, with our own msg_id and the order', async () => {
		const [out] = jsonOf(await h.run(text({ options: { orderId: meituanFixture.orderId } })));
		const [message] = h.emulator.meituan.messages;
		expect(message).toMatchObject({ appPoiCode: store, openUserId: user, orderId: meituanFixture.orderId, msgType: 1, msgSource: 1, text: '您好，订单已出餐 😀' });
		expect(out).toMatchObject({ msgId: message.msgId, appPoiCode: store, openUserId: user, resultCode: 1 });
		// Nothing in clear on the wire, and the 17-digit order ID as an exact integer literal.
		const push = new URLSearchParams(h.calls(SEND)[0].rawBody.toString()).get('push_content')!;
		expect(push).not.toContain('订单');
		expect(push).toContain(`"order_id":${meituanFixture.orderId},`);
		expect(h.emulator.meituan.calls().every((c) => !c.refused)).toBe(true);
	});

	it('sends a picture URL, a goods card and a group text with their msg_types', async () => {
		jsonOf(await h.run(text({ messageType: 'picture', pictureUrl: 'https://example.com/a.jpg' })));
		jsonOf(await h.run(text({ messageType: 'goods', spuCodes: 'spu1, spu2' })));
		jsonOf(await h.run(text({ chat: 'group', groupId: '880001' })));
		expect(h.emulator.meituan.messages.map((m) => [m.msgType, m.text ?? m.spuCodes, m.groupId ?? m.openUserId])).toEqual([
			[2, 'https://example.com/a.jpg', user],
			[4, ['spu1', 'spu2'], user],
			[11, '您好，订单已出餐 😀', '880001'],
		]);
	});

	it('refuses more than 7 SPU codes and an empty text before calling', async () => {
		const many = await h.run(text({ messageType: 'goods', spuCodes: 'a,b,c,d,e,f,g,h' }));
		expect(many.error?.message).toBe('A goods card takes at most 7 SPU codes, got 8');
		expect((await h.run(text({ text: '  ' }))).error?.message).toBe('Text is empty');
		expect(h.calls(SEND)).toHaveLength(0);
	});

	it('reports result_code 3 per item with its error_list, and the other items still go out', async () => {
		const result = await h.run(
			{ ...text(), appPoiCode: '={{ $json.store }}' },
			{ items: [{ json: { store } }, { json: { store: 't_Unknown' } }], continueOnFail: true },
		);
		const items = result.items[0].map((i) => i.json);
		expect(items[0]).toMatchObject({ resultCode: 1 });
		expect(String(items[1].error)).toMatch(/Meituan: message not sent \(701 门店 t_Unknown 不存在\)/);
		expect(h.emulator.meituan.messages).toHaveLength(1);
	});

	it('resends after a gateway error with the same msg_id, which Meituan delivers once', async () => {
		h.emulator.errorAfterDelivery('meituan', { every: 1, count: 1 });
		jsonOf(await h.run(text()));
		const ids = h.calls(SEND).map((c) => JSON.parse(new URLSearchParams(c.rawBody.toString()).get('push_content')!).msg_id);
		expect(ids).toHaveLength(2);
		expect(ids[0]).toBe(ids[1]);
		expect(h.emulator.deliveries({ platform: 'meituan' }).messages).toBe(1);
	});

	it('retries 711 (rate limit) and then sends', async () => {
		h.emulator.rateLimit('meituan', 2);
		jsonOf(await h.run(text()));
		expect(h.calls(SEND)).toHaveLength(3);
		expect(h.emulator.meituan.messages).toHaveLength(1);
	});

	it('fails a wrong secret with 703 and its hint, without the secret in the error', async () => {
		const result = await h.run(text(), { credentials: { meituanApi: { appSecret: 'ffffffffffffffffffffffffffffffff' } } });
		expect(result.error?.message).toBe('Meituan error 703: 签名验证错误');
		expect(result.error?.description).toMatch(/App Secret/);
		const all = JSON.stringify(result.error);
		expect(all).not.toContain('ffffffffffffffffffffffffffffffff');
		for (const sig of h.tokensSent()) expect(all).not.toContain(sig);
	});

	it('refuses a secret shorter than 16 characters clearly', async () => {
		const result = await h.run(text(), { credentials: { meituanApi: { appSecret: 'short' } } });
		expect(result.error?.message).toBe("The credential's App Secret is shorter than 16 characters");
	});
});

describe('Message → Mark Read', () => {
	it('marks a user message read', async () => {
		const [out] = jsonOf(await h.run({ resource: 'message', operation: 'markRead', appPoiCode: store, msgId: '123', openUserId: user }));
		expect(out).toMatchObject({ read: true });
		expect(h.emulator.meituan.reads()).toEqual([{ appId: meituanFixture.appId, appPoiCode: store, msgId: '123', openUserId: user }]);
	});
});

describe('Connection and Store IM Status', () => {
	it('gets the connection token', async () => {
		expect(jsonOf(await h.run({ resource: 'connection', operation: 'getToken' }))).toEqual([
			{ connectionToken: `emulator-connection-${meituanFixture.appId}`, userCount: 3, appKey: `emulator-appkey-${meituanFixture.appId}` },
		]);
	});

	it('sets and gets one store, and batches several', async () => {
		jsonOf(await h.run({ resource: 'storeImStatus', operation: 'set', appPoiCode: store, imStatus: 0 }));
		expect(h.emulator.meituan.imStatus(store)).toBe(0);
		expect(jsonOf(await h.run({ resource: 'storeImStatus', operation: 'get', appPoiCode: store }))).toEqual([{ appPoiCode: store, imStatus: 0, imOn: false }]);
		jsonOf(await h.run({ resource: 'storeImStatus', operation: 'batchSet', appPoiCodes: meituanFixture.stores.join(','), imStatus: 1 }));
		expect(jsonOf(await h.run({ resource: 'storeImStatus', operation: 'batchGet', appPoiCodes: meituanFixture.stores.join(', ') }))).toEqual(
			meituanFixture.stores.map((s) => ({ appPoiCode: s, imStatus: 1, imOn: true })),
		);
	});

	it('reports an unknown store with 701 and its hint', async () => {
		const result = await h.run({ resource: 'storeImStatus', operation: 'get', appPoiCode: 't_None' });
		expect(result.error?.message).toBe('Meituan error 701: 门店 t_None 不存在');
		expect(result.error?.description).toMatch(/store code/);
	});
});

describe('Throughput: Max Calls per Second', () => {
	const GET = 'wm/IM/getPoiIMStatus';
	const get = (throughput: Record<string, number>) => ({ resource: 'storeImStatus', operation: 'get', appPoiCode: store, throughput });
	const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
	const slotsOf = (run: () => Promise<unknown>) => pacerSlots(GET, run);

	it('defaults to the documented 50 calls a second', () => {
		const throughput = new MeituanIm().description.properties.find((p) => p.name === 'throughput');
		const max = throughput?.options?.find((o) => 'name' in o && o.name === 'maxPerSecond') as { default?: unknown } | undefined;
		expect(max?.default).toBe(50);
	});

	it('keeps 50 calls a second by default, in any window of one second', async () => {
		const slots = await slotsOf(async () => jsonOf(await h.run(get({ concurrency: 50 }), { items: items(120) })));
		expect(h.calls(GET)).toHaveLength(120);
		expect(slots).toHaveLength(120);
		for (let k = 50; k < slots.length; k++) expect(slots[k] - slots[k - 50]).toBeGreaterThanOrEqual(1000);
	});

	it('holds calls to a lower setting, and lets a higher one through', async () => {
		const low = await slotsOf(async () => jsonOf(await h.run(get({ maxPerSecond: 3 }), { items: items(5) })));
		expect(low).toHaveLength(5);
		expect(low[3] - low[0]).toBeGreaterThanOrEqual(1000);
		// An app Meituan allows 500 a second: 120 calls are not held to 50 in a second.
		const high = await slotsOf(async () => jsonOf(await h.run(get({ concurrency: 50, maxPerSecond: 500 }), { items: items(120) })));
		expect(high).toHaveLength(120);
		expect(high[100] - high[0]).toBeLessThan(1000);
	});
});
