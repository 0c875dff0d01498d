/**
 * How fast the WeCom Trigger acknowledges a callback, next to n8n's own Webhook node (v2, POST,
 * "Respond: Immediately") in the same running n8n: WeCom waits 5 seconds, and our trigger does
 * more per request (credential, signature, decryption, XML) than a plain webhook.
 *
 * Every side receives the same request (the emulator's signed, encrypted XML envelope, text/xml,
 * same query string) from the same client, interleaved so that load from the rest of the machine
 * falls on all sides alike. Executions are saved (n8n's default) everywhere: saving one
 * execution while the next request arrives is part of what a user's instance does.
 *
 * n8n 2.41 evaluates expressions in isolates taken from a pool of one (N8N_EXPRESSION_ENGINE=vm,
 * the default). Its live-webhook handler takes one for every trigger except a Webhook node with
 * only static parameters, each execution takes another, and a used isolate is thrown away and
 * rebuilt in the background. Under back-to-back requests the pool is therefore empty, and every
 * community trigger waits for a cold isolate (~50 ms here) before its webhook() runs. Hence side C,
 * n8n's own Webhook node with one expression parameter, which waits the same, and a paced series
 * in which the pool refills between requests.
 *
 * The uncached credential read is measured on workflows holding several trigger nodes: the cache
 * is per node, so each node's first request reads the credential and its second does not; the
 * same difference on Webhook nodes (n8n's own per-path warm-up) is subtracted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { startEmulator, wecomFixture } from '../emulator';
import { N8nInstance, e2eVersions, n8nCacheDir } from './harness';

/** Whether this n8n skips the expression isolate for its own static Webhook node only (2.41 does, 2.8 has no isolates). */
function n8nSparesOnlyItsWebhookNode(version: string): boolean {
	const file = path.join(n8nCacheDir(), `n8n-${version}`, 'node_modules', 'n8n', 'dist', 'webhooks', 'live-webhooks.js');
	return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('webhookPhaseNeedsIsolate');
}

const WARMUP = 10;
const SAMPLES = 60;
const PACED_SAMPLES = 30;
/** Long enough for n8n 2.41 to rebuild its pooled isolate between requests on a busy machine. */
const PACE_MS = 250;
/** Trigger nodes per "fresh" workflow: each gives one uncached and one cached request. */
const FRESH_NODES = 6;
const MEDIAN_SLACK_MS = 15;

const log = (line: string) => process.stderr.write(`[e2e ack-time] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let msgId = Date.now();
function textMessage() {
	msgId++;
	return { FromUserName: 'user01', MsgType: 'text', Content: `ack-time ${msgId}`, MsgId: String(msgId), AgentID: wecomFixture.agentId };
}

interface Stats {
	n: number;
	median: number;
	p90: number;
	max: number;
	min: number;
}

function stats(values: number[]): Stats {
	const sorted = [...values].sort((a, b) => a - b);
	const n = sorted.length;
	const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	// Nearest rank: the smallest value that at least 90 % of the samples do not exceed.
	const p90 = sorted[Math.min(n - 1, Math.ceil(0.9 * n) - 1)];
	return { n, median, p90, max: sorted[n - 1], min: sorted[0] };
}

const fmt = (s: Stats) => `median ${s.median} ms, p90 ${s.p90} ms, max ${s.max} ms, min ${s.min} ms (n=${s.n})`;

function chain(trigger: Record<string, unknown>, index: number) {
	const noOp = `NoOp ${index}`;
	return {
		nodes: [
			{ ...trigger, position: [0, index * 200] },
			{ name: noOp, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, index * 200], parameters: {} },
		],
		connections: { [String(trigger.name)]: { main: [[{ node: noOp, type: 'main', index: 0 }]] } },
	};
}

function workflow(name: string, triggers: Array<Record<string, unknown>>) {
	const parts = triggers.map(chain);
	return {
		name,
		nodes: parts.flatMap((p) => p.nodes),
		connections: Object.assign({}, ...parts.map((p) => p.connections)),
		// n8n's default, stated so that the comparison does not hinge on it.
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	};
}

describe.each(e2eVersions())('acknowledgement time on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let credential: { id: string; name: string };
	let wecomId: string;
	/** Requests sent to workflow A, each of which must have started an execution. */
	let wecomSent = 0;

	const wecomTrigger = (name: string, hookId: string) => ({
		name,
		type: 'n8n-nodes-china-im.weComTrigger',
		typeVersion: 1.1,
		webhookId: hookId,
		parameters: {},
		credentials: { weComApi: credential },
	});
	const webhookNode = (name: string, hookId: string, path: string, extra: Record<string, unknown> = {}) => ({
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: hookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {}, ...extra },
	});

	const sides = {
		A: () => n8n.webhookUrl('ack-wecom', 'webhook'),
		// The Webhook node's path is the whole URL path (isFullPath), without its webhookId.
		B: () => `${n8n.baseUrl}/webhook/bench`,
		C: () => `${n8n.baseUrl}/webhook/bench-expression`,
	};
	type Side = keyof typeof sides;
	const names: Record<Side, string> = {
		A: 'WeCom Trigger',
		B: 'Webhook node',
		C: 'Webhook node with an expression parameter',
	};

	/** The request WeCom sends, to any side; elapsedMs is the HTTP round trip, sealing excluded. */
	async function send(url: string) {
		return await emulator.wecom.sendCallback({ url, message: textMessage(), timeoutMs: 10_000 });
	}

	/** Sends to each side in turn, `rounds` times; A's answers must be an empty 200, the others' a 200. */
	async function series(order: Side[], rounds: number, options: { warmup?: number; gapMs?: number } = {}) {
		const times = Object.fromEntries(order.map((side) => [side, [] as number[]])) as Record<Side, number[]>;
		const bad: string[] = [];
		for (let round = 0; round < (options.warmup ?? 0) + rounds; round++) {
			for (const side of order) {
				const result = await send(sides[side]());
				if (side === 'A') wecomSent++;
				const ok = result.status === 200 && (side !== 'A' || result.body === '');
				if (!ok) bad.push(`${side} #${round}: ${result.status} ${JSON.stringify(result.body.slice(0, 200))} ${result.error ?? ''}`);
				if (round >= (options.warmup ?? 0)) times[side].push(result.elapsedMs);
				if (options.gapMs) await sleep(options.gapMs);
			}
		}
		return { stats: Object.fromEntries(order.map((side) => [side, stats(times[side])])) as Record<Side, Stats>, bad };
	}

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version });
		credential = { id: '', name: 'WeCom (emulator)' };
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
		const fresh = Array.from({ length: FRESH_NODES }, (_, i) => i);
		const ids = await n8n.importWorkflows([
			workflow('A: WeCom Trigger', [wecomTrigger('WeCom Trigger', 'ack-wecom')]),
			workflow('B: Webhook', [webhookNode('Webhook', 'ack-webhook', 'bench')]),
			// One expression (an empty allowlist, i.e. everyone) and n8n 2.41 takes an isolate for this
			// webhook as for every other trigger. It has to be a parameter v2 shows: n8n drops the rest
			// (responseCode, for one) before it looks.
			workflow('C: Webhook, expression', [
				webhookNode('Webhook', 'ack-webhook-expression', 'bench-expression', { options: { ipWhitelist: '={{ "" }}' } }),
			]),
			workflow('A fresh: WeCom Triggers', fresh.map((i) => wecomTrigger(`WeCom Trigger ${i}`, `ack-wecom-fresh-${i}`))),
			workflow('B fresh: Webhooks', fresh.map((i) => webhookNode(`Webhook ${i}`, `ack-webhook-fresh-${i}`, `bench-fresh-${i}`))),
		]);
		wecomId = ids[0];
		for (const id of ids) await n8n.publish(id);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			log(`n8n ${version} harness timings: ${JSON.stringify(n8n.timings)}`);
			await n8n.dispose();
		}
		await emulator?.close();
	});

	it('first requests after start (reported only)', async () => {
		// A goes first on purpose: the first WeCom callback after a restart, n8n's own warm-up and
		// the uncached credential read included.
		const a = await send(sides.A());
		wecomSent++;
		const b = await send(sides.B());
		log(`n8n ${version}: first request after start: WeCom Trigger ${a.elapsedMs} ms, then Webhook node ${b.elapsedMs} ms`);
		expect([a.status, a.body]).toEqual([200, '']);
		expect(b.status).toBe(200);
	});

	it('back to back: the WeCom Trigger acknowledges about as fast as the Webhook node', async () => {
		const { stats: s, bad } = await series(['A', 'B', 'C'], SAMPLES, { warmup: WARMUP });
		for (const side of ['A', 'B', 'C'] as const) log(`n8n ${version}: back to back, ${names[side]}: ${fmt(s[side])}`);
		log(`n8n ${version}: back to back, median WeCom Trigger - Webhook node: ${s.A.median - s.B.median} ms (bound ${MEDIAN_SLACK_MS} ms); WeCom Trigger - Webhook node with expression: ${s.A.median - s.C.median} ms`);
		expect(bad).toEqual([]);
		expect(s.A.p90).toBeLessThan(1000);
		// What n8n costs any trigger but its plain Webhook node: ours must add nothing noticeable.
		expect(s.A.median).toBeLessThanOrEqual(s.C.median + MEDIAN_SLACK_MS);
		// Where n8n spares only its own plain Webhook node the isolate wait (webhookPhaseNeedsIsolate
		// in its live-webhooks.js: any other start node type waits), back-to-back numbers compare
		// n8n with itself; there the paced series below carries the comparison with B.
		if (!n8nSparesOnlyItsWebhookNode(version)) expect(s.A.median).toBeLessThanOrEqual(s.B.median + MEDIAN_SLACK_MS);
	});

	it(`paced (${PACE_MS} ms apart): the same comparison with n8n's isolate pool refilled`, async () => {
		const { stats: s, bad } = await series(['A', 'B', 'C'], PACED_SAMPLES, { warmup: 2, gapMs: PACE_MS });
		for (const side of ['A', 'B', 'C'] as const) log(`n8n ${version}: paced, ${names[side]}: ${fmt(s[side])}`);
		log(`n8n ${version}: paced, median WeCom Trigger - Webhook node: ${s.A.median - s.B.median} ms; WeCom Trigger - Webhook node with expression: ${s.A.median - s.C.median} ms`);
		expect(bad).toEqual([]);
		expect(s.A.median).toBeLessThanOrEqual(s.C.median + MEDIAN_SLACK_MS);
		// Both now answer after n8n has stored the execution (the trigger used to answer before, which
		// hid the isolate wait n8n 2.41 spares only its own plain Webhook node): there A - B is
		// n8n's cost for any community trigger, reported; elsewhere it is ours and bounded.
		if (!n8nSparesOnlyItsWebhookNode(version)) expect(s.A.median).toBeLessThanOrEqual(s.B.median + MEDIAN_SLACK_MS);
	});

	it('every acknowledged callback started one execution (no dedupe shortcut)', async () => {
		const executions = await n8n.waitForExecutions(wecomId, { count: wecomSent, timeoutMs: 60_000 });
		expect(executions).toHaveLength(wecomSent);
		expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
	});

	it('uncached credential read: first versus second request per trigger node (reported only)', async () => {
		const rows: string[] = [];
		const extra: number[] = [];
		const paced = async (url: string) => {
			const result = await send(url);
			await sleep(PACE_MS);
			return result;
		};
		for (let i = 0; i < FRESH_NODES; i++) {
			const a1 = await paced(n8n.webhookUrl(`ack-wecom-fresh-${i}`, 'webhook'));
			const b1 = await paced(`${n8n.baseUrl}/webhook/bench-fresh-${i}`);
			const a2 = await paced(n8n.webhookUrl(`ack-wecom-fresh-${i}`, 'webhook'));
			const b2 = await paced(`${n8n.baseUrl}/webhook/bench-fresh-${i}`);
			for (const r of [a1, a2]) expect([r.status, r.body]).toEqual([200, '']);
			for (const r of [b1, b2]) expect(r.status).toBe(200);
			const cost = a1.elapsedMs - a2.elapsedMs - (b1.elapsedMs - b2.elapsedMs);
			extra.push(cost);
			rows.push(`node ${i}: trigger ${a1.elapsedMs} → ${a2.elapsedMs} ms, webhook ${b1.elapsedMs} → ${b2.elapsedMs} ms, extra ${cost} ms`);
		}
		for (const row of rows) log(`n8n ${version}: ${row}`);
		log(`n8n ${version}: uncached credential read ≈ ${stats(extra).median} ms (median over ${FRESH_NODES} nodes of (trigger first - second) - (webhook first - second))`);
	});
});
