/**
 * n8n queue mode on one machine: Postgres and Redis (Debian packages, installed with apt-get when
 * missing) on free loopback ports under a temporary folder, then one `n8n start` (main), N
 * `n8n worker` and M `n8n webhook` processes with EXECUTIONS_MODE=queue, one Postgres database,
 * one Redis, one encryption key and one user folder with this package in it. Every process is
 * ours, started here and stopped by its PID (n8n: its process group) in stop().
 *
 * Used by test/e2e/queue.e2e.test.ts, test/bench/queue.ts and `npm run start:queue` (start.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

import {
	N8nInstance,
	e2eTmpRoot,
	freePort,
	httpRequest,
	type CredentialInput,
	type WorkflowInput,
} from '../e2e/harness';

export interface ClusterOptions {
	version?: string;
	/** The built package folder(s) to install (package.json + dist). */
	packages: string[];
	workers?: number;
	webhooks?: number;
	/** Executions one worker runs at once (n8n worker --concurrency). Default 10. */
	concurrency?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Default: a temp folder under the e2e temp root, deleted by stop() unless keep. */
	dir?: string;
	keep?: boolean;
	/** Port of the main process (editor, REST). Default: a free one. */
	mainPort?: number;
	/** Progress lines (default: none). */
	log?: (line: string) => void;
	label?: string;
}

export interface ClusterProcess {
	role: 'main' | 'worker' | 'webhook';
	name: string;
	pid: number;
	/** HTTP port: main and webhook processes serve webhooks there, a worker its /healthz. */
	port: number;
	baseUrl: string;
	logFile: string;
	exitCode?: number | null;
	exited: Promise<number | null>;
}

interface OwnedProcess {
	pid: number;
	/** Signal the whole process group (n8n and its task runner). */
	group: boolean;
	exited: Promise<number | null>;
	exitCode?: number | null;
}

const PG_USER = 'nobody';

/** `command -v`, or undefined. */
function which(command: string): string | undefined {
	const result = spawnSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	const found = result.stdout.trim();
	return result.status === 0 && found ? found : undefined;
}

/** The folder with Postgres's initdb and postgres; installs Debian's postgresql when there is none. */
export function ensurePostgres(log: (line: string) => void = () => {}): string {
	const find = (): string | undefined => {
		const debian = '/usr/lib/postgresql';
		if (fs.existsSync(debian)) {
			const versions = fs
				.readdirSync(debian)
				.filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a));
			if (versions[0]) return path.join(debian, versions[0], 'bin');
		}
		const initdb = which('initdb');
		if (initdb && which('postgres')) return path.dirname(initdb);
		return undefined;
	};
	let dir = find();
	if (!dir) {
		aptInstall(['postgresql'], log);
		dir = find();
	}
	if (!dir) throw new Error('Postgres (initdb, postgres) not found, and apt-get install postgresql did not provide it');
	return dir;
}

export function ensureRedis(log: (line: string) => void = () => {}): string {
	let bin = which('redis-server');
	if (!bin) {
		aptInstall(['redis-server'], log);
		bin = which('redis-server');
	}
	if (!bin) throw new Error('redis-server not found, and apt-get install redis-server did not provide it');
	return bin;
}

function aptInstall(packages: string[], log: (line: string) => void): void {
	if (!which('apt-get')) throw new Error(`${packages.join(', ')} missing and there is no apt-get to install it`);
	const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	log(`installing ${packages.join(', ')} with apt-get ...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-q', '--no-install-recommends', ...packages], {
			env,
			stdio: ['ignore', 'ignore', 'pipe'],
			encoding: 'utf8',
		});
	let result = install();
	if (result.status !== 0) {
		spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'update', '-q'], { env, stdio: 'ignore' });
		result = install();
	}
	if (result.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${result.stderr}`);
}

function uidOf(user: string): { uid: number; gid: number } {
	const result = spawnSync('id', ['-u', user], { encoding: 'utf8' });
	const group = spawnSync('id', ['-g', user], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`no user ${user} to run Postgres as`);
	return { uid: Number(result.stdout.trim()), gid: Number(group.stdout.trim()) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Processes started by any QueueCluster in this process (jest: across test files too): killed on exit.
const host = new vm.Script('globalThis').runInThisContext() as typeof globalThis & { [key: symbol]: unknown };
const OWNED = Symbol.for('n8n-nodes-china-im.queue.owned');
function ownedProcesses(): Set<OwnedProcess> {
	if (!host[OWNED]) {
		const set = new Set<OwnedProcess>();
		host[OWNED] = set;
		host.process.on('exit', () => {
			for (const owned of set) signal(owned, 'SIGKILL');
		});
	}
	return host[OWNED] as Set<OwnedProcess>;
}

function signal(owned: OwnedProcess, name: NodeJS.Signals): void {
	if (owned.exitCode !== undefined) return;
	try {
		process.kill(owned.group ? -owned.pid : owned.pid, name);
	} catch {
		// gone
	}
}

function spawnOwned(
	command: string,
	args: string[],
	options: { env: Record<string, string>; cwd: string; logFile: string; uid?: number; gid?: number; group: boolean },
): OwnedProcess {
	const fd = fs.openSync(options.logFile, 'a');
	try {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			detached: options.group,
			stdio: ['ignore', fd, fd],
			uid: options.uid,
			gid: options.gid,
		});
		if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
		const owned: OwnedProcess = {
			pid: child.pid,
			group: options.group,
			exited: new Promise((resolve) => {
				child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 : null)));
				child.on('error', () => resolve(null));
			}),
		};
		void owned.exited.then((code) => {
			owned.exitCode = code;
			ownedProcesses().delete(owned);
		});
		ownedProcesses().add(owned);
		return owned;
	} finally {
		fs.closeSync(fd);
	}
}

async function stopOwned(owned: OwnedProcess, first: NodeJS.Signals, timeoutMs: number): Promise<void> {
	if (owned.exitCode !== undefined) return;
	signal(owned, first);
	const timedOut = await Promise.race([owned.exited.then(() => false), sleep(timeoutMs).then(() => true)]);
	if (timedOut) {
		signal(owned, 'SIGKILL');
		await Promise.race([owned.exited, sleep(5_000)]);
	}
	if (owned.group) {
		// The task runner shares the group; make sure nothing of it is left.
		try {
			process.kill(-owned.pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
}

export class QueueCluster {
	readonly dir: string;
	readonly timings: Record<string, number> = {};
	readonly processes: ClusterProcess[] = [];
	main!: N8nInstance;
	pgPort = 0;
	redisPort = 0;
	private readonly options: Required<Pick<ClusterOptions, 'workers' | 'webhooks' | 'concurrency' | 'version'>> & ClusterOptions;
	private readonly owned = new Map<ClusterProcess | 'postgres' | 'redis', OwnedProcess>();
	private pgBin = '';
	private n8nEnv: Record<string, string> = {};
	private stopped = false;

	constructor(options: ClusterOptions) {
		this.options = { version: '2.41.1', workers: 2, webhooks: 2, concurrency: 10, keep: process.env.E2E_KEEP === '1', ...options };
		if (options.dir) {
			this.dir = path.resolve(options.dir);
			fs.mkdirSync(this.dir, { recursive: true });
		} else {
			fs.mkdirSync(e2eTmpRoot(), { recursive: true });
			this.dir = fs.mkdtempSync(path.join(e2eTmpRoot(), `${options.label ?? 'queue'}-`));
		}
		// Postgres runs as an unprivileged user, which must reach its data folder.
		fs.chmodSync(this.dir, 0o755);
	}

	private log(line: string): void {
		this.options.log?.(line);
	}

	/** Postgres + Redis, then prepares the main instance (user folder, package); n8n not started yet. */
	async prepare(): Promise<N8nInstance> {
		const t0 = Date.now();
		await Promise.all([this.startPostgres(), this.startRedis()]);
		this.timings.services = Date.now() - t0;
		const dbEnv: Record<string, string> = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			// Manual runs from the editor go to the workers too, as in a real scale-out.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'info',
			...this.options.env,
		};
		const userFolder = path.join(this.dir, 'n8n');
		this.main = await N8nInstance.create({
			version: this.options.version,
			packages: this.options.packages,
			packageMode: 'copy',
			userFolder,
			port: this.options.mainPort,
			env: dbEnv,
			label: `${this.options.label ?? 'queue'}-main`,
		});
		// The harness keeps the full environment (paths, Node, encryption key) private; every
		// process of the cluster runs with the same one, only ports differ.
		this.n8nEnv = { ...(Reflect.get(this.main, 'env') as Record<string, string>) };
		return this.main;
	}

	async importCredentials(list: CredentialInput[]): Promise<string[]> {
		return await this.main.importCredentials(list);
	}

	async importWorkflows(list: WorkflowInput[]): Promise<string[]> {
		return await this.main.importWorkflows(list);
	}

	async publish(id: string): Promise<void> {
		await this.main.publish(id);
	}

	/** Main, then the workers and webhook processes; resolves when all are ready and every published webhook is registered. */
	async start(timeoutMs = 240_000): Promise<void> {
		const t0 = Date.now();
		await this.main.start({ waitForWebhooks: false, timeoutMs });
		this.timings.main = Date.now() - t0;
		this.processes.push({
			role: 'main',
			name: 'main',
			pid: Number(Reflect.get(this.main, 'child')?.pid),
			port: this.main.port,
			baseUrl: this.main.baseUrl,
			logFile: this.main.logFile,
			exited: Promise.resolve(null),
		});
		const t1 = Date.now();
		const started: Array<Promise<void>> = [];
		for (let i = 1; i <= this.options.workers; i++) started.push(this.startProcess('worker', `worker${i}`, timeoutMs));
		for (let i = 1; i <= this.options.webhooks; i++) started.push(this.startProcess('webhook', `webhook${i}`, timeoutMs));
		await Promise.all(started);
		this.timings.workersAndWebhooks = Date.now() - t1;
		await this.waitForWebhooks(Date.now() + timeoutMs);
		this.timings.start = Date.now() - t0;
		this.timings.total = (this.timings.services ?? 0) + this.timings.start;
	}

	get workers(): ClusterProcess[] {
		return this.processes.filter((p) => p.role === 'worker');
	}

	get webhookProcesses(): ClusterProcess[] {
		return this.processes.filter((p) => p.role === 'webhook');
	}

	/** The production URL of a webhook on webhook process `index` (0-based). */
	webhookUrl(index: number, webhookId: string, webhookPath: string): string {
		return `${this.webhookProcesses[index].baseUrl}/webhook/${webhookId}/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Starts (or starts again) a worker or webhook process; `name` keeps its port across restarts. */
	async startProcess(role: 'worker' | 'webhook', name: string, timeoutMs = 180_000): Promise<void> {
		const previous = this.processes.find((p) => p.name === name);
		const port = previous?.port ?? (await freePort());
		const logFile = path.join(this.dir, `${name}.log`);
		const env: Record<string, string> = {
			...this.n8nEnv,
			N8N_PORT: String(port),
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		const n8nBin = path.join(this.main.installDir, 'node_modules', 'n8n', 'bin', 'n8n');
		const args = role === 'worker' ? [n8nBin, 'worker', `--concurrency=${this.options.concurrency}`] : [n8nBin, 'webhook'];
		fs.appendFileSync(logFile, `\n===== n8n ${role} (${new Date().toISOString()}) =====\n`);
		const offset = fs.statSync(logFile).size;
		const t0 = Date.now();
		const owned = spawnOwned(this.main.nodeBin, args, { env, cwd: this.main.userFolder, logFile, group: true });
		const proc: ClusterProcess = {
			role,
			name,
			pid: owned.pid,
			port,
			baseUrl: `http://127.0.0.1:${port}`,
			logFile,
			exited: owned.exited,
		};
		void owned.exited.then((code) => (proc.exitCode = code));
		if (previous) this.processes.splice(this.processes.indexOf(previous), 1, proc);
		else this.processes.push(proc);
		this.owned.set(proc, owned);
		const ready = role === 'worker' ? /n8n worker is now ready|Worker ready/i : /Webhook listener waiting for requests/i;
		const deadline = Date.now() + timeoutMs;
		while (true) {
			if (owned.exitCode !== undefined) {
				throw new Error(`${name} exited with ${owned.exitCode} while starting:\n${tailOf(logFile, 40)}`);
			}
			const logged = ready.test(readFrom(logFile, offset));
			if (logged && (await this.healthy(proc.baseUrl))) break;
			if (Date.now() > deadline) throw new Error(`${name} not ready within ${timeoutMs} ms:\n${tailOf(logFile, 40)}`);
			await sleep(200);
		}
		this.timings[name] = Date.now() - t0;
		this.log(`${name} ready (pid ${owned.pid}, port ${port}) in ${Date.now() - t0} ms`);
	}

	/** SIGTERM (graceful) or SIGKILL one worker or webhook process and wait until it is gone. */
	async stopProcess(name: string, how: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
		const proc = this.processes.find((p) => p.name === name);
		const owned = proc && this.owned.get(proc);
		if (!owned) throw new Error(`no process ${name}`);
		await stopOwned(owned, how, 30_000);
	}

	/** Rows of a SQL query on the cluster's Postgres, as objects (psql, json_agg). */
	async query<Row = Record<string, unknown>>(sql: string): Promise<Row[]> {
		const psql = fs.existsSync(path.join(this.pgBin, 'psql')) ? path.join(this.pgBin, 'psql') : 'psql';
		const wrapped = `select coalesce(json_agg(t), '[]'::json) from (${sql}) t`;
		const result = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
			const child = spawn(psql, ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'n8n', '-d', 'n8n', '-At', '-c', wrapped], {
				env: { PATH: process.env.PATH ?? '', PGPASSWORD: 'n8n' },
			});
			let out = '';
			let err = '';
			child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
			child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
			child.on('close', (code) => resolve({ code, out, err }));
		});
		if (result.code !== 0) throw new Error(`query failed: ${sql}\n${result.err}`);
		return JSON.parse(result.out) as Row[];
	}

	/** Ended and running executions of a workflow, oldest first. */
	async executions(workflowId: string): Promise<Array<{ id: string; status: string; mode: string }>> {
		return await this.query(
			`select id::text as id, status, mode from execution_entity where "workflowId" = '${workflowId.replace(/'/g, "''")}' and "deletedAt" is null order by id`,
		);
	}

	async waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		while (true) {
			const all = await this.executions(workflowId);
			const done = all.filter((e) => ['success', 'error', 'canceled', 'crashed'].includes(e.status));
			if (done.length >= count) return done;
			if (Date.now() > deadline) throw new Error(`expected ${count} ended executions of ${workflowId}, found ${JSON.stringify(all)}`);
			await sleep(300);
		}
	}

	/** Which worker ran each execution, from the worker logs ("Worker started execution <id>" lines). */
	executionsByWorker(): Record<string, string[]> {
		const byWorker: Record<string, string[]> = {};
		for (const worker of this.workers) {
			const text = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
			byWorker[worker.name] = [...text.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
		}
		return byWorker;
	}

	log_(name: string): string {
		const proc = this.processes.find((p) => p.name === name);
		if (!proc) return '';
		return name === 'main' ? this.main.log() : fs.existsSync(proc.logFile) ? fs.readFileSync(proc.logFile, 'utf8') : '';
	}

	/** Stops every n8n process, then Redis and Postgres, each by its PID; deletes the folder unless keep. */
	async stop(options: { keep?: boolean } = {}): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		const n8n = [...this.owned.entries()].filter(([key]) => key !== 'postgres' && key !== 'redis');
		await Promise.all(n8n.map(async ([, owned]) => await stopOwned(owned, 'SIGTERM', 20_000)));
		if (this.main) {
			if (options.keep || this.options.keep) this.main.markFailed();
			await this.main.dispose();
		}
		const redis = this.owned.get('redis');
		const postgres = this.owned.get('postgres');
		// Postgres: SIGINT is its "fast" shutdown (disconnect clients, write a checkpoint).
		await Promise.all([redis && stopOwned(redis, 'SIGTERM', 10_000), postgres && stopOwned(postgres, 'SIGINT', 20_000)]);
		if (!(options.keep || this.options.keep)) fs.rmSync(this.dir, { recursive: true, force: true });
	}

	private async healthy(baseUrl: string): Promise<boolean> {
		try {
			return (await httpRequest('GET', `${baseUrl}/healthz`, { timeoutMs: 2_000 })).status === 200;
		} catch {
			return false;
		}
	}

	private async waitForWebhooks(deadline: number): Promise<void> {
		while (true) {
			const published = await this.query<{ id: string; nodes: unknown }>(
				'select w.id, coalesce(h.nodes, w.nodes) as nodes from workflow_entity w left join workflow_history h on h."versionId" = w."activeVersionId" where w."activeVersionId" is not null',
			);
			const registered = new Set((await this.query<{ workflowId: string }>('select "workflowId" from webhook_entity')).map((r) => r.workflowId));
			const missing = published
				.filter(({ nodes }) =>
					(nodes as Array<{ type?: string; webhookId?: string; disabled?: boolean }>).some(
						(n) => Boolean(n.webhookId) && !n.disabled && (/Trigger$/.test(n.type ?? '') || n.type === 'n8n-nodes-base.webhook'),
					),
				)
				.map(({ id }) => id)
				.filter((id) => !registered.has(id));
			if (missing.length === 0) return;
			if (Date.now() > deadline) throw new Error(`webhooks of ${missing.join(', ')} not registered:\n${tailOf(this.main.logFile, 40)}`);
			await sleep(300);
		}
	}

	private async startPostgres(): Promise<void> {
		this.pgBin = ensurePostgres((l) => this.log(l));
		const { uid, gid } = uidOf(PG_USER);
		const data = path.join(this.dir, 'pg');
		fs.mkdirSync(data, { mode: 0o700 });
		fs.chownSync(data, uid, gid);
		const pwFile = path.join(this.dir, 'pgpass');
		fs.writeFileSync(pwFile, 'n8n\n', { mode: 0o644 });
		const t0 = Date.now();
		const init = spawnSync(
			path.join(this.pgBin, 'initdb'),
			['-D', data, '-U', 'n8n', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
			{ uid, gid, cwd: this.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
		);
		if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
		this.pgPort = await freePort();
		const logFile = path.join(this.dir, 'postgres.log');
		fs.writeFileSync(logFile, '');
		fs.chownSync(logFile, uid, gid);
		const owned = spawnOwned(
			path.join(this.pgBin, 'postgres'),
			['-D', data, '-p', String(this.pgPort), '-h', '127.0.0.1', '-k', data, '-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
			{ env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }, cwd: this.dir, logFile, uid, gid, group: false },
		);
		this.owned.set('postgres', owned);
		const deadline = Date.now() + 60_000;
		while (true) {
			if (owned.exitCode !== undefined) throw new Error(`postgres exited with ${owned.exitCode}:\n${tailOf(logFile, 30)}`);
			const ready = spawnSync(path.join(this.pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.pgPort)], { stdio: 'ignore' });
			if (ready.status === 0) break;
			if (Date.now() > deadline) throw new Error(`postgres not ready:\n${tailOf(logFile, 30)}`);
			await sleep(150);
		}
		await this.psqlAdmin('create database n8n owner n8n');
		this.timings.postgres = Date.now() - t0;
		this.log(`postgres ready (pid ${owned.pid}, port ${this.pgPort})`);
	}

	private async psqlAdmin(sql: string): Promise<void> {
		const psql = fs.existsSync(path.join(this.pgBin, 'psql')) ? path.join(this.pgBin, 'psql') : 'psql';
		const result = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'n8n', '-d', 'postgres', '-c', sql], {
			env: { PATH: process.env.PATH ?? '', PGPASSWORD: 'n8n' },
			encoding: 'utf8',
		});
		if (result.status !== 0) throw new Error(`psql ${sql}: ${result.stderr}`);
	}

	private async startRedis(): Promise<void> {
		const bin = ensureRedis((l) => this.log(l));
		const t0 = Date.now();
		this.redisPort = await freePort();
		const redisDir = path.join(this.dir, 'redis');
		fs.mkdirSync(redisDir);
		const logFile = path.join(this.dir, 'redis.log');
		const owned = spawnOwned(
			bin,
			['--port', String(this.redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
			{ env: { PATH: process.env.PATH ?? '' }, cwd: redisDir, logFile, group: false },
		);
		this.owned.set('redis', owned);
		const deadline = Date.now() + 30_000;
		while (!/Ready to accept connections/.test(readFrom(logFile, 0))) {
			if (owned.exitCode !== undefined) throw new Error(`redis-server exited with ${owned.exitCode}:\n${tailOf(logFile, 30)}`);
			if (Date.now() > deadline) throw new Error(`redis not ready:\n${tailOf(logFile, 30)}`);
			await sleep(100);
		}
		this.timings.redis = Date.now() - t0;
		this.log(`redis ready (pid ${owned.pid}, port ${this.redisPort})`);
	}
}

function readFrom(file: string, offset: number): string {
	try {
		const text = fs.readFileSync(file);
		return text.subarray(offset).toString('utf8');
	} catch {
		return '';
	}
}

function tailOf(file: string, lines: number): string {
	return readFrom(file, 0).split('\n').slice(-lines).join('\n');
}

export const CPU_COUNT = os.cpus().length;
