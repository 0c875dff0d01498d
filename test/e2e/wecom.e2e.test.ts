/**
 * WeCom auto reply in real n8n: the importable examples (examples/wecom-auto-reply.json and
 * examples/wecom-passive-reply.json), published, receive encrypted callbacks from the emulator.
 * The auto-reply workflow answers through WeCom → Message → Send exactly once even when WeCom
 * delivers the callback three times; a forged callback gets 4xx and no reply; the token endpoint is
 * called once. The passive variant answers the callback itself with an encrypted reply.
 *
 * A third workflow holds what the node panel gives (two triggers, one publish): our trigger in
 * Passive Reply mode → WeCom → Passive Reply at its default operation, with no Respond to Webhook
 * node; and a workflow that takes 8 s, longer than WeCom's 5 s, which the trigger's Answer Deadline
 * answers with the empty "received" reply while n8n drops the late reply.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { startEmulator, wecomFixture } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);

interface WorkflowFile {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

function example(file: string): WorkflowFile {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8')) as WorkflowFile;
}

function webhookIdOf(workflow: WorkflowFile): string {
	return String(workflow.nodes.find((n) => n.type === 'n8n-nodes-china-im.weComTrigger')?.webhookId);
}

function withCredential(workflow: WorkflowFile, credential: { id: string; name: string }) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => (node.credentials ? { ...node, credentials: { weComApi: credential } } : node)),
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PANEL_HOOK = 'wecom-panel-passive';
const SLOW_HOOK = 'wecom-slow-passive';
const BURST_HOOK = 'wecom-auto-reply-burst';

/** The auto-reply example once more, on a path of its own: its Once per Message record starts empty. */
function burstCopy(credential: { id: string; name: string }) {
	const copy = withCredential(autoReply, credential);
	return {
		...copy,
		name: `${copy.name} (first burst)`,
		nodes: copy.nodes.map((node) => (node.webhookId ? { ...node, webhookId: BURST_HOOK } : node)),
	};
}

/** As the node panel assembles it: only what a user must set is set. */
function panelWorkflow(credential: { id: string; name: string }) {
	const trigger = (name: string, webhookId: string, y: number) => ({
		name,
		type: 'n8n-nodes-china-im.weComTrigger',
		typeVersion: 1,
		position: [0, y],
		webhookId,
		parameters: { replyMode: 'passive' },
		credentials: { weComApi: credential },
	});
	const reply = (name: string, content: string, x: number, y: number) => ({
		name,
		type: 'n8n-nodes-china-im.weCom',
		// What the node panel adds: the default version.
		typeVersion: 1.1,
		position: [x, y],
		parameters: { resource: 'passiveReply', content },
		credentials: { weComApi: credential },
	});
	return {
		name: 'WeCom: node panel passive replies',
		nodes: [
			trigger('Panel Trigger', PANEL_HOOK, 0),
			reply('Panel Reply', '=Panel: {{ $json.content }}', 250, 0),
			trigger('Slow Trigger', SLOW_HOOK, 300),
			{ name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [250, 300], parameters: { amount: 8, unit: 'seconds' } },
			reply('Late Reply', '=Too late: {{ $json.content }}', 500, 300),
		],
		connections: {
			'Panel Trigger': { main: [[{ node: 'Panel Reply', type: 'main', index: 0 }]] },
			'Slow Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Late Reply', type: 'main', index: 0 }]] },
		},
	};
}
const autoReply = example('wecom-auto-reply.json');
const passiveReply = example('wecom-passive-reply.json');
let msgId = Date.now();

function textMessage(content: string, from = 'user01') {
	return { FromUserName: from, MsgType: 'text', Content: content, MsgId: String(++msgId), AgentID: wecomFixture.agentId };
}

describe.each(e2eVersions())('WeCom auto reply on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let autoId: string;
	let passiveId: string;
	let panelId: string;
	let burstId: string;

	const repliesTo = (user: string) =>
		emulator.wecom.messages.filter((m) => m.kind === 'app' && m.to?.touser === user && m.msgtype === 'text');

	async function waitForReplies(user: string, count: number, timeoutMs = 20_000) {
		const deadline = Date.now() + timeoutMs;
		while (repliesTo(user).length < count && Date.now() < deadline) await sleep(200);
		return repliesTo(user);
	}

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		const credential = { id: '', name: 'WeCom (emulator)' };
		[credential.id] = await n8n.importCredentials([
			{
				name: credential.name,
				type: 'weComApi',
				data: {
					corpId: wecomFixture.corpId,
					agentId: String(wecomFixture.agentId),
					corpSecret: wecomFixture.corpSecret,
					token: wecomFixture.token,
					encodingAesKey: wecomFixture.encodingAesKey,
					baseUrl: emulator.baseUrl('wecom'),
				},
			},
		]);
		[autoId, passiveId, panelId, burstId] = await n8n.importWorkflows([
			withCredential(autoReply, credential),
			withCredential(passiveReply, credential),
			panelWorkflow(credential),
			burstCopy(credential),
		]);
		for (const id of [autoId, passiveId, panelId, burstId]) await n8n.publish(id);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] wecom, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
		await emulator?.close();
	});

	it('answers WeCom URL verification with the plaintext echostr', async () => {
		const result = await emulator.wecom.sendUrlVerification({
			url: n8n.webhookUrl(webhookIdOf(autoReply), 'webhook'),
			echoPlain: '1616140317555161061',
		});
		expect(result.status).toBe(200);
		expect(result.body).toBe('1616140317555161061');
	});

	it('replies exactly once to a message WeCom delivers three times, with one token call', async () => {
		const result = await emulator.wecom.sendCallback({
			url: n8n.webhookUrl(webhookIdOf(autoReply), 'webhook'),
			message: textMessage('我的订单到哪了？'),
			times: 3,
		});
		const timings = (result.deliveries ?? [result]).map((d) => d.elapsedMs);
		process.stderr.write(`[e2e wecom ${version}] acknowledgement times (ms): ${timings.join(', ')}\n`);
		for (const delivery of result.deliveries ?? [result]) {
			expect(delivery.status).toBe(200);
			expect(delivery.body).toBe('');
			expect(delivery.elapsedMs).toBeLessThan(5000);
		}
		const replies = await waitForReplies('user01', 1);
		expect(replies).toHaveLength(1);
		expect(replies[0].payload).toEqual({ content: 'Thanks for your message: 我的订单到哪了？' });
		expect(replies[0].agentid).toBe(wecomFixture.agentId);
		await sleep(1500);
		expect(repliesTo('user01')).toHaveLength(1);
		const executions = await n8n.waitForExecutions(autoId, { count: 1 });
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		expect(emulator.tokenCalls('wecom')).toBe(1);
	});

	it('replies to every message of a burst that reaches the example before Once per Message has a record', async () => {
		// n8n's Remove Duplicates inserts its record with the first execution: executions that read
		// "no record" at once all insert, and all but one fail (UNIQUE constraint); its Retry On
		// Fail in the example runs the step again, now over the record. Without it: 18 of the
		// first 20 callbacks of a 1,000-callback load never replied (test/bench/queue.ts), and
		// here 12 at once did not collide on a quiet machine; of 40 at once, 13 failed.
		const users = Array.from({ length: 40 }, (_, i) => `burst${String(i).padStart(2, '0')}`);
		for (const user of users) emulator.wecom.addUser(wecomFixture.corpId, { userid: user });
		const results = await Promise.all(
			users.map((user) =>
				// 40 at once on n8n's defaults take longer than WeCom's 5 s to acknowledge: not what is measured here.
				emulator.wecom.sendCallback({
					url: n8n.webhookUrl(BURST_HOOK, 'webhook'),
					message: textMessage(`first words of ${user}`, user),
					timeoutMs: 30_000,
				}),
			),
		);
		for (const result of results) expect(result.status).toBe(200);
		const executions = await n8n.waitForExecutions(burstId, { count: users.length, timeoutMs: 60_000 });
		expect(executions.map((e) => e.status)).toEqual(users.map(() => 'success'));
		for (const user of users) expect(await waitForReplies(user, 1)).toHaveLength(1);
	});

	it('reuses the stored token in the next execution', async () => {
		await emulator.wecom.sendCallback({ url: n8n.webhookUrl(webhookIdOf(autoReply), 'webhook'), message: textMessage('second', 'user02') });
		expect(await waitForReplies('user02', 1)).toHaveLength(1);
		expect(emulator.tokenCalls('wecom')).toBe(1);
	});

	it('refreshes a revoked token once for eight concurrent conversations', async () => {
		const tokenCallsBefore = emulator.tokenCalls('wecom');
		emulator.revokeTokens('wecom');
		const users = Array.from({ length: 8 }, (_, i) => `user1${i}`);
		const results = await Promise.all(
			users.map((user) =>
				emulator.wecom.sendCallback({ url: n8n.webhookUrl(webhookIdOf(autoReply), 'webhook'), message: textMessage(`hi from ${user}`, user) }),
			),
		);
		for (const result of results) expect(result.status).toBe(200);
		for (const user of users) expect(await waitForReplies(user, 1)).toHaveLength(1);
		expect(emulator.tokenCalls('wecom')).toBe(tokenCallsBefore + 1);
		const rejected = emulator
			.requests({ platform: 'wecom', path: '/cgi-bin/message/send' })
			.filter((r) => (r.responseBody as { errcode?: number }).errcode === 40014);
		process.stderr.write(`[e2e wecom ${version}] concurrent sends rejected with the revoked token: ${rejected.length}\n`);
		expect(rejected.length).toBeGreaterThan(0);
	});

	it('refuses forged callbacks with 4xx, starts nothing and sends no reply', async () => {
		const before = (await n8n.executions(autoId)).length;
		for (const forge of ['signature', 'receiveId', 'key'] as const) {
			const result = await emulator.wecom.sendCallback({
				url: n8n.webhookUrl(webhookIdOf(autoReply), 'webhook'),
				message: textMessage(`forged by ${forge}`, 'user03'),
				forge,
			});
			expect(result.status).toBeGreaterThanOrEqual(400);
			expect(result.status).toBeLessThan(500);
		}
		await sleep(1500);
		expect(await n8n.executions(autoId)).toHaveLength(before);
		expect(repliesTo('user03')).toHaveLength(0);
	});

	it('passive reply: the HTTP answer decrypts to the reply the workflow built', async () => {
		const result = await emulator.wecom.sendCallback({
			url: n8n.webhookUrl(webhookIdOf(passiveReply), 'webhook'),
			message: textMessage('passive please', 'user04'),
		});
		process.stderr.write(`[e2e wecom ${version}] passive reply answered in ${result.elapsedMs} ms\n`);
		expect(result.status).toBe(200);
		expect(result.replyError).toBeUndefined();
		expect(result.replyFields).toMatchObject({
			ToUserName: 'user04',
			FromUserName: wecomFixture.corpId,
			MsgType: 'text',
			Content: 'Passive reply: passive please',
		});
		expect(result.elapsedMs).toBeLessThan(5000);
		const forged = await emulator.wecom.sendCallback({
			url: n8n.webhookUrl(webhookIdOf(passiveReply), 'webhook'),
			message: textMessage('forged passive', 'user04'),
			forge: 'signature',
		});
		expect(forged.status).toBe(401);
		expect(forged.reply).toBeUndefined();
		const executions = await n8n.waitForExecutions(passiveId, { count: 1 });
		expect(executions).toHaveLength(1);
	});

	/** The executions of the panel workflow whose run data includes `node`, oldest first. */
	async function panelRunsOf(node: string) {
		const runs = [];
		for (const execution of await n8n.executions(panelId)) {
			const data = await n8n.executionData(execution.id).catch(() => undefined);
			if (data?.resultData.runData[node]) runs.push(execution);
		}
		return runs;
	}

	it('node panel defaults: Passive Reply answers the callback itself, no Respond to Webhook', async () => {
		const result = await emulator.wecom.sendCallback({ url: n8n.webhookUrl(PANEL_HOOK, 'webhook'), message: textMessage('from the panel', 'user05') });
		process.stderr.write(`[e2e wecom ${version}] panel passive reply answered in ${result.elapsedMs} ms\n`);
		expect(result.status).toBe(200);
		expect(String(result.headers['content-type'])).toMatch(/^text\/xml/);
		expect(result.replyError).toBeUndefined();
		expect(result.replyFields).toMatchObject({
			ToUserName: 'user05',
			FromUserName: wecomFixture.corpId,
			MsgType: 'text',
			Content: 'Panel: from the panel',
		});
		expect(result.elapsedMs).toBeLessThan(4000);
		const deadline = Date.now() + 20_000;
		let runs = await panelRunsOf('Panel Reply');
		while (!(runs[0] && runs[0].status !== 'running' && runs[0].status !== 'new') && Date.now() < deadline) {
			await sleep(300);
			runs = await panelRunsOf('Panel Reply');
		}
		expect(runs.map((r) => r.status)).toEqual(['success']);
		const [output] = await n8n.nodeOutput(runs[0].id, 'Panel Reply');
		expect(output).toEqual({
			answered: true,
			statusCode: 200,
			contentType: 'text/xml; charset=utf-8',
			replyType: 'text',
			toUser: 'user05',
			replyXml: result.reply,
		});
	});

	it('a workflow slower than WeCom\'s 5 s: the trigger answers "received" in time and n8n survives the late reply', async () => {
		const result = await emulator.wecom.sendCallback({ url: n8n.webhookUrl(SLOW_HOOK, 'webhook'), message: textMessage('slow one', 'user06') });
		process.stderr.write(`[e2e wecom ${version}] 8 s workflow: the trigger answered after ${result.elapsedMs} ms\n`);
		expect(result.timedOut).toBe(false);
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(result.reply).toBeUndefined();
		expect(result.elapsedMs).toBeGreaterThanOrEqual(3900);
		expect(result.elapsedMs).toBeLessThan(5000);
		const deadline = Date.now() + 30_000;
		let runs = await panelRunsOf('Slow Trigger');
		while (!(runs[0] && ['success', 'error', 'crashed', 'canceled'].includes(runs[0].status)) && Date.now() < deadline) {
			await sleep(500);
			runs = await panelRunsOf('Slow Trigger');
		}
		expect(runs.map((r) => r.status)).toEqual(['success']);
		// The reply node still ran and handed n8n its answer; n8n found the response sent.
		expect(await n8n.nodeOutput(runs[0].id, 'Late Reply')).toEqual([expect.objectContaining({ answered: true, toUser: 'user06' })]);
		expect(n8n.log()).toMatch(/Slow Trigger: the workflow did not answer within \d+ ms, so WeCom got the empty "received" answer/);
		expect((await n8n.request('GET', '/healthz')).status).toBe(200);
		const again = await emulator.wecom.sendCallback({ url: n8n.webhookUrl(PANEL_HOOK, 'webhook'), message: textMessage('still here', 'user07') });
		expect(again.replyFields?.Content).toBe('Panel: still here');
	});
});
