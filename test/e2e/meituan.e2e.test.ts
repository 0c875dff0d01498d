/**
 * Meituan IM auto reply in real n8n: examples/meituan-im-auto-reply.json, published, receives IM
 * pushes from the emulator (form POSTs signed over the trigger's Production URL) and answers
 * through Meituan IM → Message → Send, which the emulator checks (signature, timestamp) and
 * decrypts. One n8n start per version: a user's text gets exactly one reply though the push comes
 * three times; our own echoed reply (msg_source 1) starts nothing; forged signature, stale
 * timestamp and another app's push get 4xx and nothing is sent; the credential Test passes with
 * the right secret and fails with 703 with a wrong one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { meituanFixture, startEmulator } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };

interface WorkflowFile {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'meituan-im-auto-reply.json'), 'utf8')) as WorkflowFile;
const webhookId = String(example.nodes.find((n) => n.type === 'n8n-nodes-china-im.meituanImTrigger')?.webhookId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Webhook → HTTP Request with the Meituan credential ("Custom API Call"): a signed form POST. */
function customCallWorkflow(credential: { id: string; name: string }, baseUrl: string) {
	return {
		name: 'Meituan custom call',
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'custom-api-call-meituan',
				parameters: { httpMethod: 'POST', path: 'meituan-custom', responseMode: 'lastNode', options: {} },
			},
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				parameters: {
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'meituanApi',
					method: 'POST',
					url: `${baseUrl}/wm/IM/setPoiIMStatus`,
					sendBody: true,
					contentType: 'form-urlencoded',
					bodyParameters: {
						parameters: [
							{ name: 'app_poi_code', value: '={{ $json.body.store }}' },
							{ name: 'im_status', value: '0' },
						],
					},
					options: {},
				},
				credentials: { meituanApi: credential },
			},
		],
		connections: { Webhook: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

describe.each(e2eVersions())('Meituan IM auto reply on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let workflowId: string;
	const url = () => n8n.webhookUrl(webhookId, 'webhook');
	const replies = (to?: string) => emulator.meituan.messages.filter((m) => to === undefined || m.openUserId === to);

	async function waitFor<T>(read: () => T[], count: number, timeoutMs = 20_000): Promise<T[]> {
		const deadline = Date.now() + timeoutMs;
		while (read().length < count && Date.now() < deadline) await sleep(200);
		return read();
	}

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		const credential = { id: '', name: 'Meituan (emulator)' };
		[credential.id] = await n8n.importCredentials([
			{
				name: credential.name,
				type: 'meituanApi',
				data: { appId: meituanFixture.appId, appSecret: meituanFixture.appSecret, platform: 'waimai', baseUrl: emulator.baseUrl('meituan') },
			},
		]);
		const [exampleId, customCallId] = await n8n.importWorkflows([
			{ ...example, nodes: example.nodes.map((node) => (node.credentials ? { ...node, credentials: { meituanApi: credential } } : node)) },
			customCallWorkflow(credential, emulator.baseUrl('meituan')),
		]);
		workflowId = exampleId;
		await n8n.publish(workflowId);
		await n8n.publish(customCallId);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] meituan, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
		await emulator?.close();
	});

	it('replies exactly once to a user text, decrypting to the quote, though the push comes three times', async () => {
		const result = await emulator.meituan.sendPush({
			url: url(),
			message: { text: '我的外卖到哪了？', open_user_id: 200001, order_id: meituanFixture.orderId },
			times: 3,
		});
		for (const attempt of result.attempts) expect([attempt.status, attempt.body]).toEqual([200, '{"data":"ok"}']);
		const sent = await waitFor(() => replies('200001'), 1);
		expect(sent.map((m) => [m.appPoiCode, m.orderId, m.msgType, m.msgSource, m.text])).toEqual([
			['t_Store0001', meituanFixture.orderId, 1, 1, 'Thanks for your message: 我的外卖到哪了？'],
		]);
		await sleep(1500);
		expect(replies('200001')).toHaveLength(1);
		const executions = await n8n.waitForExecutions(workflowId, { count: 1 });
		expect(executions.map((e) => e.status)).toEqual(['success']);
		// Every call n8n made passed Meituan's signature and timestamp check.
		expect(emulator.meituan.calls().filter((c) => c.refused)).toEqual([]);
	});

	it('accepts push_content URL-encoded once more, and replies without an order', async () => {
		expect((await emulator.meituan.sendPush({ url: url(), message: { text: 'encoded twice', open_user_id: 200002 }, encodeTwice: true })).status).toBe(200);
		const sent = await waitFor(() => replies('200002'), 1);
		expect(sent.map((m) => [m.orderId, m.text])).toEqual([[undefined, 'Thanks for your message: encoded twice']]);
	});

	it('starts nothing for the echo of our own reply (msg_source 1)', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const sentBefore = replies().length;
		const result = await emulator.meituan.sendPush({ url: url(), message: { text: 'Thanks for your message: x', msg_source: 1, open_user_id: 200003 } });
		expect([result.status, result.body]).toEqual([200, '{"data":"ok"}']);
		await sleep(2000);
		expect(replies()).toHaveLength(sentBefore);
		expect(await n8n.executions(workflowId)).toHaveLength(before);
	});

	it('refuses a forged signature, a stale timestamp and another app with 4xx, and sends nothing', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const sentBefore = replies().length;
		for (const forge of ['signature', 'stale', 'appId', 'contentAppId'] as const) {
			const result = await emulator.meituan.sendPush({ url: url(), message: { text: `forged ${forge}`, open_user_id: 200004 }, forge });
			expect(result.status).toBeGreaterThanOrEqual(400);
			expect(result.status).toBeLessThan(500);
			expect(JSON.parse(result.body)).toMatchObject({ data: 'ng', error: { code: expect.any(Number) } });
		}
		await sleep(2000);
		expect(replies()).toHaveLength(sentBefore);
		expect(await n8n.executions(workflowId)).toHaveLength(before);
	});

	it('signs a Custom API Call (HTTP Request node, form body) through the credential', async () => {
		const response = await n8n.request('POST', '/webhook/meituan-custom', { body: { store: 't_Store0002' } });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ data: 'ok' });
		expect(emulator.meituan.imStatus('t_Store0002')).toBe(0);
	});

	it("the editor's credential Test reads poi/getids, and a wrong secret fails with 703", async () => {
		const cookie = await n8n.ownerSession(owner);
		const headers = { cookie, 'content-type': 'application/json' };
		const test = async (appSecret: string) => {
			const data = { appId: meituanFixture.appId, appSecret, platform: 'waimai', baseUrl: emulator.baseUrl('meituan') };
			const name = `meituan test ${Math.random().toString(36).slice(2)}`;
			const created = await n8n.request('POST', '/rest/credentials', { headers, body: { name, type: 'meituanApi', data } });
			const id = String((created.json as { data: { id: string } }).data.id);
			const response = await n8n.request('POST', '/rest/credentials/test', { headers, body: { credentials: { id, name, type: 'meituanApi', data } } });
			return ((response.json as { data?: unknown }).data ?? response.json) as { status: string; message: string };
		};
		expect(await test(meituanFixture.appSecret)).toMatchObject({ status: 'OK' });
		expect(emulator.requests({ platform: 'meituan', path: '/poi/getids' }).at(-1)?.status).toBe(200);
		const wrong = await test('0000000000000000ffffffffffffffff');
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/703/);
		expect(wrong.message).not.toContain('0000000000000000ffffffffffffffff');
	});
});
