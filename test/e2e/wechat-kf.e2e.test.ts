/**
 * WeChat KF auto reply in real n8n: examples/wechat-kf-auto-reply.json, published, receives
 * kf_msg_or_event callbacks from the emulator, reads the messages itself with sync_msg and answers
 * through WeChat KF → Message. One n8n start per version for every scenario (one restart in the
 * middle): a text gets exactly one reply though the callback comes three times (retried, and with
 * new Tokens); enter_session gets the welcome through Send on Event; a backlog over several pages,
 * two of them empty, is emitted once and in order; after a restart nothing old is emitted;
 * concurrent callbacks emit each message once; a forged callback gets 4xx and no sync_msg; the
 * token endpoint is called once; the editor's credential Test exchanges a token and lists accounts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { kfFixture, startEmulator } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };
const SYNC = '/cgi-bin/kf/sync_msg';
const TRIGGER = 'WeChat KF Trigger';

interface WorkflowFile {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'wechat-kf-auto-reply.json'), 'utf8')) as WorkflowFile;
const webhookId = String(example.nodes.find((n) => n.type === 'n8n-nodes-china-im.weChatKfTrigger')?.webhookId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customer = (n: number) => kfFixture.customers[n].external_userid;

describe.each(e2eVersions())('WeChat KF auto reply on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let workflowId: string;
	const url = () => n8n.webhookUrl(webhookId, 'webhook');
	const replies = (to?: string) => emulator.kf.messages.filter((m) => m.kind === 'send' && (to === undefined || m.to === to));
	const welcomes = () => emulator.kf.messages.filter((m) => m.kind === 'event');
	const syncCalls = () => emulator.requests({ platform: 'kf', path: SYNC }).length;

	async function waitFor<T>(read: () => T[], count: number, timeoutMs = 20_000): Promise<T[]> {
		const deadline = Date.now() + timeoutMs;
		while (read().length < count && Date.now() < deadline) await sleep(200);
		return read();
	}

	/** The trigger's output of every finished execution since `since` executions, in order. */
	async function triggerOutputs(since: number): Promise<Array<Record<string, unknown>>> {
		const executions = (await n8n.executions(workflowId)).slice(since);
		const out: Array<Record<string, unknown>> = [];
		for (const execution of executions) out.push(...((await n8n.nodeOutput(execution.id, TRIGGER)) as Array<Record<string, unknown>>));
		return out;
	}

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		const credential = { id: '', name: 'WeChat KF (emulator)' };
		[credential.id] = await n8n.importCredentials([
			{
				name: credential.name,
				type: 'weChatKfApi',
				data: {
					corpId: kfFixture.corpId,
					secret: kfFixture.secret,
					token: kfFixture.token,
					encodingAesKey: kfFixture.encodingAesKey,
					baseUrl: emulator.baseUrl('kf'),
				},
			},
		]);
		workflowId = await n8n.importWorkflow({
			...example,
			nodes: example.nodes.map((node) => (node.credentials ? { ...node, credentials: { weChatKfApi: credential } } : node)),
		});
		await n8n.publish(workflowId);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] wechat-kf, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
		await emulator?.close();
	});

	it('answers the URL verification with the decrypted echostr', async () => {
		const result = await emulator.kf.sendUrlVerification({ url: url(), echoPlain: '4432179135651874000' });
		expect([result.status, result.body]).toEqual([200, '4432179135651874000']);
	});

	it('replies exactly once to a text though the callback comes three times, and again with new Tokens', async () => {
		emulator.kf.customerSays({ content: '我的订单到哪了？', externalUserId: customer(0) });
		const result = await emulator.kf.sendCallback({ url: url(), times: 3 });
		const timings = (result.deliveries ?? [result]).map((d) => d.elapsedMs);
		process.stderr.write(`[e2e wechat-kf ${version}] acknowledgement times (ms): ${timings.join(', ')}\n`);
		for (const delivery of result.deliveries ?? [result]) {
			expect([delivery.status, delivery.body]).toEqual([200, '']);
			expect(delivery.elapsedMs).toBeLessThan(5000);
		}
		for (let i = 0; i < 2; i++) expect((await emulator.kf.sendCallback({ url: url() })).status).toBe(200);
		const sent = await waitFor(() => replies(customer(0)), 1);
		expect(sent.map((m) => m.payload)).toEqual([{ content: 'Thanks for your message: 我的订单到哪了？' }]);
		await sleep(1500);
		expect(replies(customer(0))).toHaveLength(1);
		const executions = await n8n.waitForExecutions(workflowId, { count: 1 });
		expect(executions.map((e) => e.status)).toEqual(['success']);
		expect(emulator.tokenCalls('kf')).toBe(1);
	});

	it('welcomes a customer who enters the session, with the welcome code of the event', async () => {
		const event = emulator.kf.enterSession({ externalUserId: customer(1), scene: 'poster' });
		expect((await emulator.kf.sendCallback({ url: url() })).status).toBe(200);
		const sent = await waitFor(welcomes, 1);
		expect(sent).toMatchObject([{ to: customer(1), code: (event.event as { welcome_code: string }).welcome_code, msgtype: 'text' }]);
		expect(replies(customer(1))).toHaveLength(0);
	});

	it('emits a backlog over several pages, two of them empty, once and in order', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const backlog = [2, 3, 2, 3, 2, 3, 2].map((n, k) => ({ to: customer(n), text: `backlog ${k}` }));
		for (const { to, text } of backlog) emulator.kf.customerSays({ content: text, externalUserId: to });
		emulator.kf.pageSize(3);
		emulator.kf.emptyPages(2);
		const calls = syncCalls();
		expect((await emulator.kf.sendCallback({ url: url() })).status).toBe(200);
		await waitFor(() => [...replies(customer(2)), ...replies(customer(3))], backlog.length);
		await n8n.waitForExecutions(workflowId, { count: before + 1 });
		expect(syncCalls() - calls).toBe(5);
		expect((await triggerOutputs(before)).map((item) => item.text)).toEqual(backlog.map((b) => b.text));
		for (const to of [customer(2), customer(3)]) {
			expect(replies(to).map((m) => (m.payload as { content: string }).content)).toEqual(
				backlog.filter((b) => b.to === to).map((b) => `Thanks for your message: ${b.text}`),
			);
		}
		emulator.kf.pageSize(undefined);
	});

	it('after n8n restarts, a callback emits only what is new', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const sentBefore = replies().length;
		await n8n.restart();
		emulator.kf.customerSays({ content: 'after the restart', externalUserId: customer(4) });
		expect((await emulator.kf.sendCallback({ url: url() })).status).toBe(200);
		expect((await waitFor(() => replies(customer(4)), 1)).map((m) => m.payload)).toEqual([{ content: 'Thanks for your message: after the restart' }]);
		await n8n.waitForExecutions(workflowId, { count: before + 1 });
		await sleep(1500);
		expect(replies()).toHaveLength(sentBefore + 1);
		expect((await triggerOutputs(before)).map((item) => item.text)).toEqual(['after the restart']);
		// The token stored in the credential survived the restart too.
		expect(emulator.tokenCalls('kf')).toBe(1);
	});

	it('concurrent callbacks for one account emit each message once', async () => {
		const sentBefore = replies().length;
		const people = [0, 1, 2, 3];
		const results = await Promise.all(
			people.map(async (n) => {
				emulator.kf.customerSays({ content: `at once ${n}`, externalUserId: customer(n) });
				return await emulator.kf.sendCallback({ url: url() });
			}),
		);
		for (const result of results) expect(result.status).toBe(200);
		await waitFor(() => replies().slice(sentBefore), people.length);
		await sleep(1500);
		const fresh = replies().slice(sentBefore);
		expect(fresh.map((m) => (m.payload as { content: string }).content).sort()).toEqual(people.map((n) => `Thanks for your message: at once ${n}`));
	});

	it('a callback whose fetch fails answers 500 (WeCom resends) and leaves the cursor: the next callback brings the message', async () => {
		emulator.kf.customerSays({ content: 'survives a failed fetch', externalUserId: customer(4) });
		const sentBefore = replies(customer(4)).length;
		// The first try and the request layer's three resends of the read.
		emulator.serverError('kf', 4, { path: SYNC });
		expect((await emulator.kf.sendCallback({ url: url() })).status).toBe(500);
		await sleep(3000);
		expect(replies(customer(4))).toHaveLength(sentBefore);
		expect((await n8n.request('GET', '/healthz')).status).toBe(200);
		expect((await emulator.kf.sendCallback({ url: url() })).status).toBe(200);
		const sent = await waitFor(() => replies(customer(4)), sentBefore + 1);
		expect(sent.at(-1)?.payload).toEqual({ content: 'Thanks for your message: survives a failed fetch' });
	});

	it('refuses forged callbacks with 4xx, reads nothing and replies nothing', async () => {
		emulator.kf.customerSays({ content: 'forged', externalUserId: customer(4) });
		const calls = syncCalls();
		const sentBefore = replies().length;
		for (const forge of ['signature', 'receiveId', 'key'] as const) {
			const result = await emulator.kf.sendCallback({ url: url(), forge });
			expect(result.status).toBeGreaterThanOrEqual(400);
			expect(result.status).toBeLessThan(500);
		}
		await sleep(1500);
		expect(syncCalls()).toBe(calls);
		expect(replies()).toHaveLength(sentBefore);
		expect(emulator.tokenCalls('kf')).toBe(1);
	});

	it("the editor's credential Test exchanges a token and lists the accounts", async () => {
		const cookie = await n8n.ownerSession(owner);
		const headers = { cookie, 'content-type': 'application/json' };
		const test = async (secret: string) => {
			const data = { corpId: kfFixture.corpId, secret, token: kfFixture.token, encodingAesKey: kfFixture.encodingAesKey, baseUrl: emulator.baseUrl('kf') };
			const name = `kf test ${Math.random().toString(36).slice(2)}`;
			const created = await n8n.request('POST', '/rest/credentials', { headers, body: { name, type: 'weChatKfApi', data } });
			const id = String((created.json as { data: { id: string } }).data.id);
			const response = await n8n.request('POST', '/rest/credentials/test', { headers, body: { credentials: { id, name, type: 'weChatKfApi', data } } });
			return ((response.json as { data?: unknown }).data ?? response.json) as { status: string; message: string };
		};
		const lists = () => emulator.requests({ platform: 'kf', path: '/cgi-bin/kf/account/list' });
		expect(await test(kfFixture.secret)).toMatchObject({ status: 'OK' });
		expect(lists().at(-1)?.method).toBe('POST');
		const wrong = await test('wrong-kf-secret-00000000000000');
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/40001/);
		expect(wrong.message).not.toContain('wrong-kf-secret-00000000000000');
	});
});
