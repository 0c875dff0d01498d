/**
 * WeChat KF Trigger over real HTTP: n8n-core's WebhookContext in front of the node, the emulator
 * behind it as both the callback sender and the sync_msg the trigger reads its messages from.
 */
import type { IDataObject, IHookFunctions, INodeParameters } from 'n8n-workflow';
import { WeChatKfApi } from '../../../credentials/WeChatKfApi.credentials';
import { activationMethods, clearInbox } from '../../../nodes/WeChatKf/inbox';
import { WeChatKfTrigger } from '../../../nodes/WeChatKf/WeChatKfTrigger.node';
import { clearTriggerCaches } from '../../../nodes/shared/webhook';
import { clearTokenCache } from '../../../nodes/shared/token';
import { kfFixture } from '../../emulator';
import { startWebhookServer } from '../../helpers';
import type { WebhookServer } from '../../helpers';
import { credentialFixtures } from '../../helpers/fixtures';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('kf');
const SYNC = '/cgi-bin/kf/sync_msg';
const NODE = 'WeChat KF Trigger';
const second = kfFixture.customers[1].external_userid;

beforeEach(() => {
	t.emulator.reset();
	clearInbox();
	clearTokenCache();
});

const credentials = () => ({ baseUrl: t.emulator.baseUrl('kf') });
const serve = (parameters: INodeParameters = {}) => t.serve(parameters, { credentials: credentials() });
const syncCalls = () => t.emulator.requests({ platform: 'kf', path: SYNC });
/** Every item the trigger emitted, over all executions, as [type, text or event]. */
const emitted = (server: WebhookServer) =>
	server.executions.flatMap((e) => e.items[0].map((item) => item.json as IDataObject));
const texts = (server: WebhookServer) => emitted(server).map((item) => item.text ?? item.event);

describe('URL verification and forged callbacks', () => {
	it('answers the decrypted echostr, with the Corp ID as receiveId', async () => {
		const s = await serve();
		const result = await t.emulator.kf.sendUrlVerification({ url: s.webhookUrl, echoPlain: '8177735813829426' });
		expect([result.status, result.body]).toEqual([200, '8177735813829426']);
	});

	it.each([
		['signature', 401],
		['receiveId', 403],
		['key', 403],
	] as const)('refuses a callback forged by %s with %i, and reads nothing', async (forge, status) => {
		const s = await serve();
		t.emulator.kf.customerSays({ content: 'must stay unread' });
		const result = await t.send({ forge });
		expect(result.status).toBe(status);
		expect(syncCalls()).toHaveLength(0);
		expect(s.executions).toHaveLength(0);
	});
});

describe('a callback: the messages fetched, then acknowledged once the execution is stored', () => {
	it('emits one item per new message with readable fields and the original', async () => {
		const s = await serve();
		const message = t.emulator.kf.customerSays({ content: '我的订单到哪了？' });
		const result = await t.send();
		expect([result.status, result.body]).toEqual([200, '']);
		await s.idle();
		expect(s.executions).toHaveLength(1);
		const [item] = emitted(s);
		expect(item).toEqual({
			msgId: message.msgid,
			openKfId: kfFixture.openKfId,
			externalUserId: kfFixture.externalUserId,
			sendTime: new Date(Number(message.send_time) * 1000).toISOString(),
			origin: 'customer',
			type: 'text',
			text: '我的订单到哪了？',
			message,
		});
		const [call] = syncCalls();
		expect(call.json).toEqual({ limit: 1000, token: result.token, open_kfid: kfFixture.openKfId });
	});

	it('answers WeCom once sync_msg has answered and the execution is stored (test/unit/shared/acknowledge.test.ts)', async () => {
		const s = await serve();
		t.emulator.kf.customerSays({ content: 'slow platform' });
		t.emulator.latency('kf', 1500, { path: SYNC });
		const result = await t.send();
		expect(result.status).toBe(200);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(1500);
		expect(texts(s)).toEqual(['slow platform']);
	});

	it('starts nothing when there is nothing new, and nothing for other events on the same URL', async () => {
		const s = await serve();
		await t.send();
		await t.send({ fields: { Event: 'change_external_contact' } });
		await s.idle();
		expect(s.executions).toHaveLength(0);
		expect(syncCalls()).toHaveLength(1);
	});

	it('one execution when WeCom delivers the same callback three times; one sync_msg and one token call', async () => {
		const s = await serve();
		t.emulator.kf.customerSays({ content: 'once' });
		const result = await t.send({ times: 3 });
		await s.idle();
		expect(result.deliveries?.map((d) => d.status)).toEqual([200, 200, 200]);
		expect(texts(s)).toEqual(['once']);
		expect(syncCalls()).toHaveLength(1);
		expect(t.emulator.tokenCalls('kf')).toBe(1);
	});

	it('three callbacks for one message (three Tokens) emit it once', async () => {
		const s = await serve();
		t.emulator.kf.customerSays({ content: 'just once' });
		for (let i = 0; i < 3; i++) await t.send();
		await s.idle();
		expect(texts(s)).toEqual(['just once']);
		t.emulator.kf.customerSays({ content: 'the next one' });
		await t.send();
		await s.idle();
		expect(texts(s)).toEqual(['just once', 'the next one']);
		expect(t.emulator.tokenCalls('kf')).toBe(1);
	});

	it('follows has_more over several pages, two of them empty, and emits the backlog once, in order', async () => {
		const s = await serve();
		const contents = Array.from({ length: 7 }, (_, i) => `backlog ${i}`);
		for (const content of contents) t.emulator.kf.customerSays({ content });
		t.emulator.kf.pageSize(3);
		t.emulator.kf.emptyPages(2);
		await t.send();
		await s.idle();
		expect(s.executions).toHaveLength(1);
		expect(texts(s)).toEqual(contents);
		// Two empty pages, then 3 + 3 + 1.
		expect(syncCalls().map((c) => (c.responseBody as IDataObject & { msg_list: unknown[] }).msg_list.length)).toEqual([0, 0, 3, 3, 1]);
		await t.send();
		await s.idle();
		expect(texts(s)).toEqual(contents);
	});

	it('serialises concurrent callbacks for one open_kfid: each message once, sync_msg calls never overlap', async () => {
		const s = await serve();
		t.emulator.latency('kf', 60, { path: SYNC });
		const sends: Array<Promise<unknown>> = [];
		for (let i = 0; i < 6; i++) {
			t.emulator.kf.customerSays({ content: `c${i}`, externalUserId: i % 2 ? second : kfFixture.externalUserId });
			sends.push(t.send());
		}
		await Promise.all(sends);
		await s.idle();
		expect([...texts(s)].sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
		const calls = syncCalls();
		for (let k = 1; k < calls.length; k++) expect(calls[k].time).toBeGreaterThanOrEqual(calls[k - 1].time + calls[k - 1].durationMs);
		expect(s.getStaticData('node').cursors).toEqual({ [kfFixture.openKfId]: expect.any(String) });
	});

	it('keeps a cursor per open_kfid', async () => {
		const s = await serve();
		t.emulator.kf.customerSays({ content: 'first account' });
		t.emulator.kf.customerSays({ content: 'second account', openKfId: kfFixture.secondOpenKfId });
		await t.send();
		await t.send({ openKfId: kfFixture.secondOpenKfId });
		await s.idle();
		expect(texts(s)).toEqual(['first account', 'second account']);
		expect(Object.keys(s.getStaticData('node').cursors as IDataObject).sort()).toEqual([kfFixture.openKfId, kfFixture.secondOpenKfId].sort());
	});
});

describe('failures, restarts and activation', () => {
	it('a failed fetch leaves the cursor and answers 500 (WeCom resends): the next callback emits the message', async () => {
		const s = await serve();
		t.emulator.kf.customerSays({ content: 'kept' });
		t.emulator.serverError('kf', 4, { path: SYNC });
		expect((await t.send()).status).toBe(500);
		await s.idle();
		expect(s.executions).toHaveLength(0);
		expect(s.errors.map((e) => e.error.message)).toEqual([expect.stringContaining('WeChat KF answered HTTP 502')]);
		expect(s.getStaticData('node').cursors).toBeUndefined();
		await t.send();
		await s.idle();
		expect(texts(s)).toEqual(['kept']);
	});

	it('after a restart (memory gone, static data kept) emits nothing old', async () => {
		const first = await serve();
		t.emulator.kf.customerSays({ content: 'before the restart' });
		await t.send();
		await first.idle();
		expect(texts(first)).toEqual(['before the restart']);
		const staticData = first.staticData;
		await first.close();
		clearInbox();
		clearTriggerCaches();
		const restarted = await startWebhookServer({
			node: WeChatKfTrigger,
			credentials: { weChatKfApi: { ...credentialFixtures.weChatKfApi(), ...credentials() } },
			credentialTypes: [WeChatKfApi],
			staticData,
		});
		try {
			t.emulator.kf.customerSays({ content: 'after the restart' });
			await t.emulator.kf.sendCallback({ url: restarted.webhookUrl });
			await restarted.idle();
			expect(texts(restarted)).toEqual(['after the restart']);
		} finally {
			await restarted.close();
		}
	});

	it('skips messages from before the activation unless Include the Last 3 Days is on', async () => {
		const hourAgo = Math.floor(Date.now() / 1000) - 3600;
		t.emulator.kf.customerSays({ content: 'an hour old', sendTime: hourAgo });
		t.emulator.kf.customerSays({ content: 'new' });
		const s = await serve();
		await t.send();
		await s.idle();
		expect(texts(s)).toEqual(['new']);
		clearInbox();
		const all = await serve({ includeLast3Days: true });
		await t.send();
		await all.idle();
		expect(texts(all)).toEqual(['an hour old', 'new']);
	});

	it('records the activation when n8n registers the webhooks, keeps it over restarts, and leaves it alone for the Test URL', async () => {
		const data: IDataObject = {};
		const hook = (mode: string) => ({ getMode: () => mode, getWorkflowStaticData: () => data }) as unknown as IHookFunctions;
		const methods = activationMethods!.default!;
		expect(await methods.checkExists.call(hook('trigger'))).toBe(false);
		await methods.create.call(hook('trigger'));
		const activatedAt = data.activatedAt as number;
		expect(Math.abs(activatedAt - Date.now())).toBeLessThan(1000);
		await new Promise((resolve) => setTimeout(resolve, 5));
		await methods.create.call(hook('trigger'));
		expect(data.activatedAt).toBe(activatedAt);
		await methods.delete.call(hook('manual'));
		expect(data.activatedAt).toBe(activatedAt);
		await methods.delete.call(hook('internal'));
		expect(data.activatedAt).toBeUndefined();
		await methods.create.call(hook('manual'));
		expect(data.activatedAt).toBeUndefined();
	});

	it('uses the recorded activation time', async () => {
		const tenMinutesAgo = Date.now() - 10 * 60 * 1000;
		t.emulator.kf.customerSays({ content: 'before activation', sendTime: Math.floor(tenMinutesAgo / 1000) - 60 });
		t.emulator.kf.customerSays({ content: 'after activation', sendTime: Math.floor(tenMinutesAgo / 1000) + 60 });
		const s = await startWebhookServer({
			node: WeChatKfTrigger,
			credentials: { weChatKfApi: { ...credentialFixtures.weChatKfApi(), ...credentials() } },
			credentialTypes: [WeChatKfApi],
			staticData: { [`node:${NODE}`]: { activatedAt: tenMinutesAgo } },
		});
		try {
			await t.emulator.kf.sendCallback({ url: s.webhookUrl });
			await s.idle();
			expect(texts(s)).toEqual(['after activation']);
		} finally {
			await s.close();
		}
	});
});

describe('the Test URL (manual mode)', () => {
	const serveWith = (staticData: IDataObject, mode?: 'manual') =>
		startWebhookServer({
			node: WeChatKfTrigger,
			credentials: { weChatKfApi: { ...credentialFixtures.weChatKfApi(), ...credentials() } },
			credentialTypes: [WeChatKfApi],
			staticData,
			mode,
		});

	it("emits this callback's messages only and never moves the production cursor", async () => {
		const activated = { [`node:${NODE}`]: { activatedAt: Date.now() - 3600 * 1000 } };
		const production = await serveWith(activated);
		t.emulator.kf.customerSays({ content: 'handled in production' });
		await t.emulator.kf.sendCallback({ url: production.webhookUrl });
		await production.idle();
		expect(texts(production)).toEqual(['handled in production']);
		const staticData = production.staticData;
		await production.close();

		t.emulator.kf.customerSays({ content: 'a while ago', sendTime: Math.floor(Date.now() / 1000) - 600 });
		t.emulator.kf.customerSays({ content: 'testing now' });
		const manual = await serveWith(staticData, 'manual');
		try {
			await t.emulator.kf.sendCallback({ url: manual.webhookUrl });
			await manual.idle();
			expect(texts(manual)).toEqual(['testing now']);
			expect(manual.staticData).toEqual(staticData);
		} finally {
			await manual.close();
		}

		// Production continues from its own cursor: both messages after it are new there.
		const again = await serveWith(staticData);
		try {
			await t.emulator.kf.sendCallback({ url: again.webhookUrl });
			await again.idle();
			expect(texts(again)).toEqual(['a while ago', 'testing now']);
		} finally {
			await again.close();
		}
	});
});

describe('filters', () => {
	it('by default: customer messages and system events, never what a servicer wrote', async () => {
		const s = await serve();
		t.emulator.kf.enterSession({ scene: 'poster' });
		t.emulator.kf.customerSays({ content: 'customer' });
		t.emulator.kf.servicerSays({ servicerUserId: 'user01', content: 'servicer' });
		await t.send();
		await s.idle();
		const items = emitted(s);
		expect(items.map((i) => [i.origin, i.type, i.text ?? i.event])).toEqual([
			['system', 'event', 'enter_session'],
			['customer', 'text', 'customer'],
		]);
		expect(items[0]).toMatchObject({ scene: 'poster', welcomeCode: expect.any(String), externalUserId: kfFixture.externalUserId });
	});

	it('by origin, message type and event type', async () => {
		const s = await serve({ origins: ['servicer', 'system', 'customer'], messageTypes: ['image'], eventTypes: ['msg_send_fail'] });
		t.emulator.kf.customerSays({ content: 'text is not chosen' });
		t.emulator.kf.customerSays({ msgtype: 'image', payload: { media_id: 'MEDIA_1' } });
		t.emulator.kf.enterSession({});
		t.emulator.kf.pushEvent({ event: { event_type: 'msg_send_fail', fail_msgid: 'm1', fail_type: 6 } });
		await t.send();
		await s.idle();
		expect(emitted(s).map((i) => [i.type, i.mediaId ?? i.event, i.failType])).toEqual([
			['image', 'MEDIA_1', undefined],
			['event', 'msg_send_fail', 6],
		]);
	});

	it('"Other" options take the types the menu does not list', async () => {
		const s = await serve({ messageTypes: ['*'], eventTypes: ['*'] });
		t.emulator.kf.customerSays({ content: 'listed' });
		t.emulator.kf.customerSays({ msgtype: 'future_type', payload: {} });
		t.emulator.kf.pushEvent({ event: { event_type: 'enter_session' } });
		t.emulator.kf.pushEvent({ event: { event_type: 'brand_new_event' } });
		await t.send();
		await s.idle();
		expect(emitted(s).map((i) => i.event ?? i.type)).toEqual(['future_type', 'brand_new_event']);
	});
});
