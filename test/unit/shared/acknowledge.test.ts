/**
 * "Acknowledged means kept", for every trigger that acknowledges: the answer goes out only once
 * n8n has stored the execution (webhook() returns the body as webhookResponse and leaves the
 * answer to n8n's onReceived path), so a start n8n cannot make (its database or Redis down: the
 * test server's failStarts) answers 500, the platform resends, and the resend starts the
 * execution: the duplicate filter forgets a start that never happened. WeChat KF answers after its
 * fetch but before the run (n8n 2.41 saves its static-data cursor only then).
 */
import type { IDataObject } from 'n8n-workflow';
import { meituanFixture, wecomFixture } from '../../emulator';
import { clearInbox } from '../../../nodes/WeChatKf/inbox';
import { clearTokenCache } from '../../../nodes/shared/token';
import type { WebhookServer } from '../../helpers/webhook';
import { triggerHarness } from '../../helpers/trigger';

let msgId = 91000;
const statuses = (result: { deliveries?: Array<{ status: number }> }) => result.deliveries?.map((d) => d.status);
const emitted = (server: WebhookServer) => server.executions.flatMap((e) => e.items[0].map((i) => i.json as IDataObject));

describe('WeCom Trigger', () => {
	const t = triggerHarness('wecom');
	const message = () => ({ FromUserName: 'user01', MsgType: 'text', Content: 'kept', MsgId: String(++msgId), AgentID: wecomFixture.agentId });

	it('leaves the answer to n8n, with WeCom\'s empty "received" as text/plain', async () => {
		const s = await t.serve();
		const result = await t.send(message());
		expect(result).toMatchObject({ status: 200, body: '' });
		expect(result.headers['content-type']).toMatch(/^text\/plain/);
		expect(s.executions[0].response).toEqual({ workflowData: s.executions[0].items, webhookResponse: '' });
	});

	it('a start n8n could not make answers 500; WeCom\'s resend starts the one execution', async () => {
		const s = await t.serve({}, { failStarts: 1 });
		const result = await t.send(message(), { times: 3 });
		expect(statuses(result)).toEqual([500, 200, 200]);
		expect(s.lostStarts).toHaveLength(1);
		expect(s.executions).toHaveLength(1);
	});
});

describe('WeChat Official Account Trigger', () => {
	const t = triggerHarness('oa');

	it('a start n8n could not make answers 500; the resend starts the one execution, answered "success"', async () => {
		const s = await t.serve({}, { failStarts: 1 });
		const result = await t.send({ MsgType: 'text', Content: 'kept', MsgId: String(++msgId) }, { times: 2 });
		expect(statuses(result)).toEqual([500, 200]);
		expect(result.deliveries?.[1].body).toBe('success');
		expect(s.executions).toHaveLength(1);
	});
});

describe('Tencent Cloud IM Trigger', () => {
	const t = triggerHarness('tim');
	const afterSend = () => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: `k${++msgId}`, MsgRandom: msgId, MsgBody: [] });

	it('a start n8n could not make answers 500; the resend starts the one execution, answered OK', async () => {
		const s = await t.serve({}, { failStarts: 1 });
		const result = await t.send('C2C.CallbackAfterSendMsg', afterSend(), { times: 2 });
		expect(statuses(result)).toEqual([500, 200]);
		expect(JSON.parse(String(result.deliveries?.[1].body))).toEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
		expect(result.headers['content-type']).toMatch(/^application\/json/);
		expect(s.executions).toHaveLength(1);
	});
});

describe('Meituan IM Trigger', () => {
	const t = triggerHarness('meituan');

	it('a start n8n could not make answers 500; the resend starts the one execution, answered {"data":"ok"}', async () => {
		const s = await t.serve({}, { failStarts: 1 });
		const result = await t.send({ message: { text: 'kept', msg_id: ++msgId, order_id: meituanFixture.orderId }, times: 2 });
		expect(result.attempts.map((a) => a.status)).toEqual([500, 200]);
		expect(JSON.parse(String(result.attempts[1].body))).toEqual({ data: 'ok' });
		expect(result.attempts[1].headers['content-type']).toMatch(/^application\/json/);
		expect(s.executions).toHaveLength(1);
	});
});

describe('WeChat KF Trigger', () => {
	const t = triggerHarness('kf');
	const credentials = () => ({ baseUrl: t.emulator.baseUrl('kf') });
	beforeEach(() => {
		t.emulator.reset();
		clearInbox();
		clearTokenCache();
	});

	it('answers once the messages are fetched and the execution is stored', async () => {
		const s = await t.serve({}, { credentials: credentials() });
		t.emulator.kf.customerSays({ content: 'fetched first' });
		t.emulator.latency('kf', 600, { path: '/cgi-bin/kf/sync_msg' });
		const result = await t.send();
		expect(result.status).toBe(200);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(600);
		// The server records an execution before it answers: it existed when WeCom got "received".
		expect(emitted(s).map((m) => m.text)).toEqual(['fetched first']);
	});

	it('answers after the fetch, before n8n starts the run (its cursor is in static data): a start n8n cannot make then is not seen', async () => {
		const s = await t.serve({}, { credentials: credentials(), failStarts: 1 });
		t.emulator.kf.customerSays({ content: 'fetched, then lost' });
		const result = await t.send();
		// n8n 2.41 saves static data changed in webhook() only for an answer that comes before the run.
		expect(result.status).toBe(200);
		expect(s.lostStarts.flatMap((e) => e.items[0].map((i) => i.json.text))).toEqual(['fetched, then lost']);
		expect(s.getStaticData('node').cursors).toBeDefined();
	});

});
