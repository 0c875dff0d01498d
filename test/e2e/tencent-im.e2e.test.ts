/**
 * Tencent Cloud IM in real n8n: the importable moderation workflow (examples/tencent-im-moderation.json)
 * answers the emulator's before-send callbacks (block a forbidden word, allow the rest) within
 * Tencent's 2 seconds, replies to an after-send callback through Message → Send One-to-One, and
 * refuses a forged callback without an execution. A second workflow that answers too late shows the
 * trigger's deadline: Tencent gets "allow" before 2 s and n8n survives the late Respond to Webhook.
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

/** Trigger (Workflow Decides) → Wait 3 s → Block → Respond: always later than Tencent's 2 s. */
function slowWorkflow(credential: { id: string; name: string }) {
	return {
		name: 'Tencent Cloud IM: too slow to moderate',
		nodes: [
			{
				name: 'Slow Trigger',
				type: 'n8n-nodes-china-im.tencentCloudImTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: SLOW_HOOK,
				parameters: { commands: ['C2C.CallbackBeforeSendMsg'], replyMode: 'workflow' },
				credentials: { tencentCloudImApi: credential },
			},
			{ name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { amount: 3, unit: 'seconds' } },
			{
				name: 'Late Block',
				type: 'n8n-nodes-china-im.tencentCloudIm',
				typeVersion: 1,
				position: [400, 0],
				parameters: { resource: 'callbackAnswer', operation: 'build', decision: 'block', errorInfo: 'too late' },
			},
			{
				name: 'Late Answer',
				type: 'n8n-nodes-base.respondToWebhook',
				// From 1.1 on the node insists on a Webhook, Form, Chat or Wait node upstream.
				typeVersion: 1,
				position: [600, 0],
				parameters: { respondWith: 'firstIncomingItem', options: {} },
			},
		],
		connections: {
			'Slow Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Late Block', type: 'main', index: 0 }]] },
			'Late Block': { main: [[{ node: 'Late Answer', type: 'main', index: 0 }]] },
		},
	};
}

describe.each(e2eVersions())('Tencent Cloud IM moderation on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let moderationId: string;
	let slowId: string;

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
		[moderationId, slowId] = await n8n.importWorkflows([moderation, slowWorkflow(credential)]);
		await n8n.publish(moderationId);
		await n8n.publish(slowId);
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

	it('answers "allow" before 2 s when the workflow is late, and n8n carries on', async () => {
		const result = await callback(SLOW_HOOK, 'C2C.CallbackBeforeSendMsg', message('slow path'));
		process.stderr.write(`[e2e tencent-im ${version}] late workflow: "allow" after ${result.elapsedMs} ms\n`);
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(2000);
		const [execution] = await n8n.waitForExecutions(slowId, { timeoutMs: 30_000 });
		expect(execution.status).toBe('success');
		// The Respond to Webhook node still ran; its answer found the response sent.
		expect(await n8n.nodeOutput(execution.id, 'Late Answer')).toEqual([{ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'too late' }]);
		expect((await n8n.request('GET', '/healthz')).status).toBe(200);
		const again = await callback(MODERATION_HOOK, 'C2C.CallbackBeforeSendMsg', message('still here'));
		expect(again.json).toEqual(ALLOW);
	});
});
