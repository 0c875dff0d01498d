/**
 * npm run start:queue: the queue-mode cluster of cluster.ts for a user to try, with the platform
 * emulator standing in for the platforms. Postgres, Redis, one `n8n start`, two workers and two
 * webhook processes (n8n 2.41.1), the examples imported and published (those whose credential the
 * package declares), the sandbox credentials pointing at the emulator. Everything lives in a
 * temporary folder and is stopped, by PID, on Ctrl-C.
 *
 * Environment: QUEUE_WORKERS (default 2), QUEUE_WEBHOOKS (default 2), N8N_PORT (main, default a
 * free port), EMULATOR_PORT (default 5690), QUEUE_KEEP=1 keeps the folder. The package is built
 * into a private copy first (so a running e2e suite's dist/ is not touched).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, declaredTypes, type WorkflowInput } from '../e2e/harness';
import { startEmulator } from '../emulator';
import { sandboxCredentials, useSandboxCredentials } from '../sandbox/credentials';
import { QueueCluster } from './cluster';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** A copy of the repository (without node_modules, dist, .git), built; node_modules linked. */
export function buildPrivateCopy(target = path.join(os.tmpdir(), 'n8n-nodes-china-im-queue-pkg')): string {
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	for (const entry of fs.readdirSync(REPO_ROOT)) {
		if (['node_modules', 'dist', '.git', '.sandbox', 'coverage'].includes(entry)) continue;
		fs.cpSync(path.join(REPO_ROOT, entry), path.join(target, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(target, 'node_modules'), 'dir');
	const build = spawnSync('npm', ['run', 'build'], { cwd: target, stdio: ['ignore', 'ignore', 'inherit'] });
	if (build.status !== 0) throw new Error(`npm run build failed in ${target}`);
	return target;
}

async function main(): Promise<void> {
	say('Building a private copy of the package ...');
	const packageDir = buildPrivateCopy();
	const emulator = await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 5690) });
	const cluster = new QueueCluster({
		packages: [packageDir],
		workers: Number(process.env.QUEUE_WORKERS ?? 2),
		webhooks: Number(process.env.QUEUE_WEBHOOKS ?? 2),
		mainPort: process.env.N8N_PORT ? Number(process.env.N8N_PORT) : undefined,
		keep: process.env.QUEUE_KEEP === '1',
		label: 'queue-try',
		log: (line) => say(`  ${line}`),
	});
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping every process of the cluster ...');
		await cluster.stop();
		await emulator.close();
		say('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		say('Starting Postgres and Redis ...');
		await cluster.prepare();
		const declared = declaredTypes(packageDir);
		const { credentials } = sandboxCredentials(declared.credentials, emulator.url);
		await cluster.importCredentials(credentials);
		const examplesDir = path.join(REPO_ROOT, 'examples');
		const known = new Set(credentials.map((c) => c.type));
		const examples = fs
			.readdirSync(examplesDir)
			.filter((file) => file.endsWith('.json'))
			.sort()
			.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) as WorkflowInput }))
			.filter(({ workflow }) =>
				workflow.nodes.every((node) => Object.keys((node.credentials as Record<string, unknown>) ?? {}).every((type) => known.has(type))),
			);
		const ids = await cluster.importWorkflows(examples.map(({ workflow }) => useSandboxCredentials(workflow, credentials)));
		for (const id of ids) await cluster.publish(id);
		say('Starting n8n: main, workers, webhook processes ...');
		await cluster.start();
		say();
		say(`Editor (main):        ${cluster.main.baseUrl}`);
		for (const proc of cluster.webhookProcesses) say(`Webhook process:      ${proc.baseUrl}/webhook/...  (${proc.name}, pid ${proc.pid})`);
		for (const proc of cluster.workers) say(`Worker:               ${proc.baseUrl}/healthz  (${proc.name}, pid ${proc.pid})`);
		say(`Emulator:             ${emulator.url}`);
		say(`Postgres:             127.0.0.1:${cluster.pgPort} (user n8n, password n8n, database n8n)`);
		say(`Redis:                127.0.0.1:${cluster.redisPort}`);
		say(`Workflows published:  ${examples.map((e) => e.file).join(', ')}`);
		say(`Logs:                 ${cluster.dir}/*.log`);
		say(`Started in ${Math.round((cluster.timings.total ?? 0) / 1000)} s. Ctrl-C stops everything.`);
	} catch (error) {
		process.stderr.write(`${(error as Error).stack ?? error}\n`);
		await stop(1);
	}
}

if (require.main === module) void main();
