/**
 * Tencent Cloud IM in real n8n: the importable moderation workflow (examples/tencent-im-moderation.json)
 * answers the emulator's before-send callbacks (block a forbidden word, allow the rest) within
 * Tencent's 2 seconds, replies to an after-send callback through Message → Send One-to-One, and
 * refuses a forged callback without an execution; its Callback Answer → Answer nodes answer the
 * callback themselves, with no Respond to Webhook node. A second workflow holds what the node
 * panel gives (two triggers, one publish): our trigger in Workflow Decides mode → Callback Answer
 * at its default operation rewriting the message; and a branch that answers too late, which shows
 * the trigger's deadline: Tencent gets "allow" before 2 s and n8n survives the late answer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator, TimCallbackResult } from '../emulator';
import { startEmulator, timFixture } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'tencent-im-moderation.json'), 'utf8')) as {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
};
const MODERATION_HOOK = String(example.nodes.find((n) => n.type === 'n8n-nodes-china-im.tencentCloudImTrigger')?.webhookId);
const SLOW_HOOK = 'tencent-im-slow-moderation';
const ALLOW = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function message(text: string, from = 'alice', to = 'bob') {
	const now = Math.floor(Date.now() / 1000);
	const seq = Math.floor(Math.random() * 1e6);
	return {
		From_Account: from,
		To_Account: to,
		MsgSeq: seq,
		MsgRandom: 1234,
		MsgTime: now,
		MsgKey: `${seq}_1234_${now}`,
		MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
		CloudCustomData: '',
	};
}

const REWRITE_HOOK = 'tencent-im-panel-rewrite';

/**
 * As the node panel assembles it, only what a user must set is set:
 * Rewrite Trigger (Workflow Decides) → Callback Answer "rewrite", and
 * Slow Trigger → Wait 3 s → Callback Answer "block": always later than Tencent's 2 s.
 */
function panelWorkflow(credential: { id: string; name: string }) {
	const trigger = (name: string, webhookId: string, y: number) => ({
		name,
		type: 'n8n-nodes-china-im.tencentCloudImTrigger',
		typeVersion: 1,
		position: [0, y],
		webhookId,
		parameters: { commands: ['C2C.CallbackBeforeSendMsg'], replyMode: 'workflow' },
		credentials: { tencentCloudImApi: credential },
	});
	const answer = (name: string, parameters: Record<string, unknown>, x: number, y: number) => ({
		name,
		type: 'n8n-nodes-china-im.tencentCloudIm',
		// What the node panel adds: the default version.
		typeVersion: 1.1,
		position: [x, y],
		parameters: { resource: 'callbackAnswer', ...parameters },
	});
	return {
		name: 'Tencent Cloud IM: node panel answers',
		nodes: [
			trigger('Rewrite Trigger', REWRITE_HOOK, 0),
			answer('Rewrite', { decision: 'rewrite', newText: '=[masked] {{ $json.text.length }} characters' }, 250, 0),
			trigger('Slow Trigger', SLOW_HOOK, 300),
			{ name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [250, 300], parameters: { amount: 3, unit: 'seconds' } },
			answer('Late Block', { decision: 'block', errorInfo: 'too late' }, 500, 300),
		],
		connections: {
			'Rewrite Trigger': { main: [[{ node: 'Rewrite', type: 'main', index: 0 }]] },
			'Slow Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Late Block', type: 'main', index: 0 }]] },
		},
	};
}

describe.each(e2eVersions())('Tencent Cloud IM moderation on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let moderationId: string;
	let panelId: string;

	const callback = (webhookId: string, command: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
		emulator.tim.sendCallback({
			url: n8n.webhookUrl(webhookId, 'webhook'),
			sdkAppId: timFixture.sdkAppId,
			token: timFixture.callbackToken,
			command,
			body,
			...extra,
		}) as Promise<TimCallbackResult>;

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		const credential = { id: '', name: 'Tencent Cloud IM (emulator)' };
		[credential.id] = await n8n.importCredentials([
			{
				name: credential.name,
				type: 'tencentCloudImApi',
				data: {
					sdkAppId: timFixture.sdkAppId,
					secretKey: timFixture.secretKey,
					identifier: timFixture.admin,
					dataCenter: 'console.tim.qq.com',
					callbackToken: timFixture.callbackToken,
					baseUrl: emulator.baseUrl('tim'),
				},
			},
		]);
		const moderation = {
			name: example.name,
			nodes: example.nodes.map((node) => (node.credentials ? { ...node, credentials: { tencentCloudImApi: credential } } : node)),
			connections: example.connections,
			settings: example.settings,
		};
		[moderationId, panelId] = await n8n.importWorkflows([moderation, panelWorkflow(credential)]);
		await n8n.publish(moderationId);
		await n8n.publish(panelId);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] tencent-im, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
		await emulator?.close();
	});

	it('allows a clean message within 2 s', async () => {
		const result = await callback(MODERATION_HOOK, 'C2C.CallbackBeforeSendMsg', message('hello there'));
		process.stderr.write(`[e2e tencent-im ${version}] clean before-send answered in ${result.elapsedMs} ms\n`);
		expect(result.status).toBe(200);
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(2000);
	});

	it('blocks a message with a forbidden word (ErrorCode 1) within 2 s', async () => {
		const result = await callback(MODERATION_HOOK, 'C2C.CallbackBeforeSendMsg', message('想不想一起赌博'));
		process.stderr.write(`[e2e tencent-im ${version}] forbidden before-send answered in ${result.elapsedMs} ms\n`);
		expect(result.status).toBe(200);
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'This message contains a forbidden word' });
		expect(result.elapsedMs).toBeLessThan(2000);
	});

	it('acknowledges an after-send callback and answers the sender through sendmsg', async () => {
		const result = await callback(MODERATION_HOOK, 'C2C.CallbackAfterSendMsg', { ...message('hi there', 'carol'), SendMsgResult: 0, UnreadMsgNum: 1 });
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(1000);
		const deadline = Date.now() + 20_000;
		while (!emulator.tim.messages.some((m) => m.kind === 'c2c' && m.to === 'carol') && Date.now() < deadline) await sleep(200);
		const reply = emulator.tim.messages.find((m) => m.kind === 'c2c' && m.to === 'carol');
		expect(reply).toMatchObject({ from: timFixture.admin, text: 'Thanks, we received: hi there' });
		expect(reply!.body.ForbidCallbackControl).toEqual(['ForbidAfterSendMsgCallback', 'ForbidBeforeSendMsgCallback']);
		const [call] = emulator.requests({ platform: 'tim', path: '/v4/openim/sendmsg' });
		expect(call.query).toMatchObject({ sdkappid: timFixture.sdkAppId, identifier: timFixture.admin, contenttype: 'json' });
		expect(emulator.tim.decodeUserSig(call.query.usersig)).toMatchObject({ 'TLS.identifier': timFixture.admin });
	});

	it('refuses a callback with a bad Sign (4xx) and starts no execution', async () => {
		await n8n.waitForExecutions(moderationId, { count: 3 });
		const before = (await n8n.executions(moderationId)).length;
		const result = await callback(MODERATION_HOOK, 'C2C.CallbackBeforeSendMsg', message('forged'), { forge: 'sign' });
		expect(result.status).toBeGreaterThanOrEqual(400);
		expect(result.status).toBeLessThan(500);
		await sleep(1500);
		expect(await n8n.executions(moderationId)).toHaveLength(before);
	});

	/** The finished executions of the panel workflow in which `node` ran, oldest first. */
	async function panelRunsOf(node: string, count: number) {
		const deadline = Date.now() + 30_000;
		while (true) {
			const runs = [];
			for (const execution of await n8n.executions(panelId)) {
				if (!['success', 'error', 'crashed', 'canceled'].includes(execution.status)) continue;
				const data = await n8n.executionData(execution.id);
				if (data.resultData.runData[node]) runs.push(execution);
			}
			if (runs.length >= count || Date.now() > deadline) return runs;
			await sleep(300);
		}
	}

	it('node panel defaults: Callback Answer rewrites the message itself, no Respond to Webhook', async () => {
		const result = await callback(REWRITE_HOOK, 'C2C.CallbackBeforeSendMsg', message('my phone is 123'));
		process.stderr.write(`[e2e tencent-im ${version}] panel rewrite answered in ${result.elapsedMs} ms\n`);
		expect(result.status).toBe(200);
		expect(String(result.headers['content-type'])).toMatch(/^application\/json/);
		expect(result.json).toEqual({ ...ALLOW, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '[masked] 15 characters' } }] });
		expect(result.elapsedMs).toBeLessThan(1300);
		const [run] = await panelRunsOf('Rewrite', 1);
		expect(run.status).toBe('success');
		expect(await n8n.nodeOutput(run.id, 'Rewrite')).toEqual([
			{ answered: true, statusCode: 200, contentType: 'application/json; charset=utf-8', answer: result.json },
		]);
	});

	it('answers "allow" before 2 s when the workflow is late, and n8n carries on', async () => {
		const result = await callback(SLOW_HOOK, 'C2C.CallbackBeforeSendMsg', message('slow path'));
		process.stderr.write(`[e2e tencent-im ${version}] late workflow: "allow" after ${result.elapsedMs} ms\n`);
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(2000);
		const [execution] = await panelRunsOf('Late Block', 1);
		expect(execution.status).toBe('success');
		// The answer node still ran and handed n8n its answer; n8n found the response sent.
		expect(await n8n.nodeOutput(execution.id, 'Late Block')).toEqual([
			expect.objectContaining({ answered: true, answer: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'too late' } }),
		]);
		expect(n8n.log()).toMatch(/Slow Trigger: the workflow did not answer within \d+ ms, so the message was allowed/);
		expect((await n8n.request('GET', '/healthz')).status).toBe(200);
		const again = await callback(MODERATION_HOOK, 'C2C.CallbackBeforeSendMsg', message('still here'));
		expect(again.json).toEqual(ALLOW);
	});
});
