/**
 * Load in queue mode beside one `n8n start` (not a timed test: `npx tsx test/bench/queue.ts`).
 *
 * BENCH_CALLBACKS WeCom text callbacks (default 1000), BENCH_CONCURRENCY at a time (default 20), to
 * the WeCom auto-reply example: on the queue-mode cluster (test/queue/cluster.ts: 1 main, 2 workers,
 * 2 webhook processes, callbacks alternating between the two webhook processes), then on a single
 * `n8n start` (SQLite, regular mode). Prints, for each: acknowledgement times (median, p99, max,
 * how many over WeCom's 5 s), replies delivered once / twice / missing, and the throughput (replies
 * per second from the first callback to the last reply).
 *
 * BENCH_PACKAGE_DIR: a built package folder; default: a private build (test/queue/start.ts).
 * BENCH_MODES: "queue single" (default), or one of them.
 * BENCH_N8N_ENV: n8n settings for every n8n process of both runs, `KEY=value` separated by spaces
 * (`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`: see the README, "Running several n8n processes").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { N8nInstance, REPO_ROOT } from '../e2e/harness';
import { startEmulator, wecomFixture, type Emulator } from '../emulator';
import { QueueCluster } from '../queue/cluster';
import { buildPrivateCopy } from '../queue/start';
import { n8nSettings, settingsLine } from './setup';

const N = Number(process.env.BENCH_CALLBACKS ?? 1000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 20);
const MODES = (process.env.BENCH_MODES ?? 'queue single').split(/\s+/).filter(Boolean);
const SETTINGS = n8nSettings(process.env.BENCH_N8N_ENV ?? '');
const say = (line = '') => process.stdout.write(`${line}\n`);

const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'wecom-auto-reply.json'), 'utf8')) as {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
};
const hookId = String(example.nodes.find((n) => n.type === 'n8n-nodes-china-im.weComTrigger')?.webhookId);

function credentialData(emulator: Emulator) {
	return {
		corpId: wecomFixture.corpId,
		agentId: String(wecomFixture.agentId),
		corpSecret: wecomFixture.corpSecret,
		token: wecomFixture.token,
		encodingAesKey: wecomFixture.encodingAesKey,
		baseUrl: emulator.baseUrl('wecom'),
	};
}

function workflow(credentialId: string) {
	return {
		...example,
		nodes: example.nodes.map((n) => (n.credentials ? { ...n, credentials: { weComApi: { id: credentialId, name: 'WeCom (bench)' } } } : n)),
	};
}

interface Result {
	mode: string;
	ackMs: number[];
	failedAcks: number;
	once: number;
	twice: number;
	missing: number;
	seconds: number;
	/** Executions that ended in an error (a missing reply's usual cause). */
	failedExecutions?: number;
	/** Message ids in Once per Message's record (n8n's processed_data) after the run, of N. */
	recorded?: number;
}

/** What a run left in n8n's database: executions in error, and how many ids Once per Message recorded. */
interface RunRecord {
	executions(): Promise<Array<{ status: string }>>;
	processedData(): Promise<Array<{ value: unknown }>>;
}

async function withRecord(result: Result, record: RunRecord): Promise<Result> {
	const executions = await record.executions();
	const rows = await record.processedData();
	// n8n keeps one row per node: { mode, data: [hashes] }, stored as JSON (text in SQLite).
	const recorded = rows.reduce((sum, row) => {
		const value = (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as { data?: unknown };
		return sum + (Array.isArray(value?.data) ? value.data.length : 0);
	}, 0);
	return { ...result, failedExecutions: executions.filter((e) => e.status === 'error' || e.status === 'crashed').length, recorded };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function load(mode: string, emulator: Emulator, urls: string[]): Promise<Result> {
	const tag = `${mode}-${Date.now()}`;
	const ackMs: number[] = [];
	let failedAcks = 0;
	let next = 0;
	const started = Date.now();
	const worker = async () => {
		while (next < N) {
			const i = next++;
			const user = `user${String((i % 25) + 1).padStart(2, '0')}`;
			try {
				const result = await emulator.wecom.sendCallback({
					url: urls[i % urls.length],
					message: { FromUserName: user, MsgType: 'text', Content: `${tag} ${i}`, MsgId: `${Date.now()}${i}`, AgentID: wecomFixture.agentId },
					timeoutMs: 30_000,
				});
				if (result.status === 200) ackMs.push(result.elapsedMs);
				else failedAcks++;
			} catch {
				failedAcks++;
			}
		}
	};
	await Promise.all(Array.from({ length: C }, worker));
	const counts = () => {
		const seen = new Map<string, number>();
		for (const m of emulator.wecom.messages) {
			const content = String((m.payload as { content?: string } | undefined)?.content ?? '');
			if (content.startsWith(`Thanks for your message: ${tag} `)) seen.set(content, (seen.get(content) ?? 0) + 1);
		}
		return seen;
	};
	const deadline = Date.now() + 10 * 60_000;
	let lastCount = -1;
	let lastChange = Date.now();
	while (counts().size < N && Date.now() < deadline) {
		const size = counts().size;
		if (size !== lastCount) {
			lastCount = size;
			lastChange = Date.now();
		} else if (Date.now() - lastChange > 60_000) break;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	const seconds = (Date.now() - started) / 1000;
	const seen = counts();
	const values = [...seen.values()];
	return {
		mode,
		ackMs: ackMs.sort((a, b) => a - b),
		failedAcks,
		once: values.filter((v) => v === 1).length,
		twice: values.filter((v) => v > 1).length,
		missing: N - seen.size,
		seconds,
	};
}

function print(result: Result): void {
	const { ackMs } = result;
	say(
		`${result.mode.padEnd(28)} ack median ${pct(ackMs, 50)} ms, p99 ${pct(ackMs, 99)} ms, max ${ackMs.at(-1)} ms, ` +
			`over 5 s ${ackMs.filter((ms) => ms >= 5000).length}, not acknowledged ${result.failedAcks}; ` +
			`replies once ${result.once}, more than once ${result.twice}, missing ${result.missing}; ` +
			`${((result.once + result.twice) / result.seconds).toFixed(1)} replies/s (${result.seconds.toFixed(1)} s, including 60 s without a new reply when some are missing)`,
	);
	if (result.failedExecutions !== undefined) {
		say(
			`${''.padEnd(28)} executions in error ${result.failedExecutions}; Once per Message recorded ${result.recorded} of ${N} message ids ` +
				'(n8n reads and rewrites one record per node: executions writing at once overwrite each other, and a resend of an id missing there would pass it)',
		);
	}
}

async function main(): Promise<void> {
	const packageDir = process.env.BENCH_PACKAGE_DIR ? path.resolve(process.env.BENCH_PACKAGE_DIR) : buildPrivateCopy();
	const emulator = await startEmulator();
	const results: Result[] = [];
	try {
		if (MODES.includes('queue')) {
			const cluster = new QueueCluster({ packages: [packageDir], env: SETTINGS, label: 'queue-bench', log: (l) => say(`  ${l}`) });
			try {
				await cluster.prepare();
				const [credentialId] = await cluster.importCredentials([{ name: 'WeCom (bench)', type: 'weComApi', data: credentialData(emulator) }]);
				const [id] = await cluster.importWorkflows([workflow(credentialId)]);
				await cluster.publish(id);
				await cluster.start();
				say(`  queue cluster up in ${Math.round((cluster.timings.total ?? 0) / 1000)} s`);
				const result = await withRecord(await load('queue (2 webhook, 2 worker)', emulator, [0, 1].map((i) => cluster.webhookUrl(i, hookId, 'webhook'))), {
					executions: async () => await cluster.executions(id),
					processedData: async () => await cluster.query(`select value::text as value from processed_data where "workflowId" = '${id}'`),
				});
				results.push(result);
				print(result);
			} finally {
				await cluster.stop();
			}
		}
		if (MODES.includes('single')) {
			const n8n = await N8nInstance.create({ version: '2.41.1', packages: [packageDir], packageMode: 'copy', env: SETTINGS, label: 'queue-bench-single' });
			try {
				const [credentialId] = await n8n.importCredentials([{ name: 'WeCom (bench)', type: 'weComApi', data: credentialData(emulator) }]);
				const id = await n8n.importWorkflow(workflow(credentialId));
				await n8n.publish(id);
				await n8n.start();
				const result = await withRecord(await load('single n8n start (SQLite)', emulator, [n8n.webhookUrl(hookId, 'webhook')]), {
					executions: async () => await n8n.executions(id),
					processedData: async () => await n8n.query('select value from processed_data where workflowId = ?', [id]),
				});
				results.push(result);
				print(result);
			} finally {
				await n8n.dispose();
			}
		}
	} finally {
		await emulator.close();
	}
	say();
	say(`${N} WeCom callbacks, ${C} concurrent${SETTINGS ? `, n8n settings: ${settingsLine(SETTINGS)}` : ''}:`);
	for (const result of results) print(result);
}

// Ctrl-C: exit, so that the exit hooks of the harness and the cluster kill every process started here.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

void main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${(error as Error).stack ?? error}\n`);
		process.exit(1);
	},
);
