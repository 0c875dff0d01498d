/**
 * Runs a real n8n (installed by install-n8n.sh into a cache outside the repo) with this package
 * loaded the way a user's install loads it: from <user folder>/.n8n/nodes/node_modules, so node
 * types are `n8n-nodes-china-im.<name>`.
 *
 * Used by the e2e tests (jest) and by the sandbox (tsx). Every n8n this module starts is stopped
 * when its test file ends (afterAll), when the process exits, and, as a last resort, by the
 * jest globalTeardown or test/e2e/run.sh, which read the registry of live processes.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SUPPORTED_VERSIONS = ['2.41.1', '2.8.4'] as const;
export type N8nVersion = (typeof SUPPORTED_VERSIONS)[number];
/** Fixed so that credentials imported by one n8n process can be decrypted by the next. */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-china-im-e2e-encryption-key';
export const PACKAGE_NAME = 'n8n-nodes-china-im';

const INSTALL_SCRIPT = path.join(__dirname, 'install-n8n.sh');
const DB_QUERY_SCRIPT = path.join(__dirname, 'db-query.js');

export function n8nCacheDir(): string {
	return process.env.CHINA_IM_N8N_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-china-im');
}

export function e2eTmpRoot(): string {
	return process.env.E2E_TMPDIR ?? path.join(os.tmpdir(), 'n8n-nodes-china-im-e2e');
}

/** The n8n versions an e2e run covers: $E2E_N8N_VERSIONS, default both supported ones. */
export function e2eVersions(): string[] {
	const raw = process.env.E2E_N8N_VERSIONS ?? SUPPORTED_VERSIONS.join(' ');
	return raw.split(/[\s,]+/).filter(Boolean);
}

export interface CreateOptions {
	version: N8nVersion | string;
	/** Package folders (each with package.json and its build) to load. Default: this repository. */
	packages?: string[];
	/**
	 * 'link' (default) symlinks each package folder, so a rebuild is picked up on the next start.
	 * 'copy' stages package.json + its "files" and links only its declared "dependencies", the way
	 * `npm install` would lay it out: a runtime require of a devDependency then fails as it would
	 * for a user.
	 */
	packageMode?: 'link' | 'copy';
	/** Persistent user folder (the sandbox). Default: a fresh temp folder, deleted by dispose(). */
	userFolder?: string;
	/** Default: a free port. */
	port?: number;
	/** Default 127.0.0.1: tests must not expose n8n on the network. */
	listenAddress?: string;
	/** The URL n8n uses in webhook URLs it shows or hands to nodes. Default http://127.0.0.1:<port>/ */
	publicUrl?: string;
	/** Extra environment for every n8n process of this instance; wins over the harness defaults. */
	env?: Record<string, string>;
	/** Shown in logs and temp folder names. */
	label?: string;
}

export interface CredentialInput {
	id?: string;
	name: string;
	/** The credential type's `name`, e.g. 'weComApi' (credential types have no package prefix). */
	type: string;
	/** Plain values: import:credentials encrypts them with the instance's key. */
	data: Record<string, unknown>;
}

export interface WorkflowInput {
	id?: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections?: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	/** new | running | waiting | success | error | canceled | crashed | unknown */
	status: string;
	finished: boolean;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface RegisteredWebhook {
	workflowId: string;
	/** `<webhookId>/<path>` for nodes with a webhookId. */
	webhookPath: string;
	method: string;
	node: string;
}

export interface CliResult {
	code: number | null;
	/** The signal that ended the process, when one did (its code is then null). */
	signal?: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface CliOptions {
	/** Resolve instead of throwing when the command exits non-zero. */
	allowFailure?: boolean;
	timeoutMs?: number;
	env?: Record<string, string>;
}

export interface StartOptions {
	/** Default 180 s: a cold start of 2.41.1 on 2 cores takes ~10 s. */
	timeoutMs?: number;
	/** Wait until every published workflow with a webhook node has its webhooks registered. Default true. */
	waitForWebhooks?: boolean;
}

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
	/** The body parsed as JSON, or undefined if it is not JSON. */
	json: unknown;
}

/** Thrown by N8nInstance methods; carries where the log is, and its end, for the test report. */
export class N8nHarnessError extends Error {}

const DONE_STATUSES = new Set(['success', 'error', 'canceled', 'crashed']);

/**
 * Lines that mean a workflow will never get its webhooks; waiting for them would only turn a
 * clear error into a timeout.
 */
const ACTIVATION_FAILURES = [
	/Issue on initial workflow activation try/,
	/Published version holds node types this instance cannot load/,
	/Workflow partially published/,
	/Activation of workflow .* did fail/,
];

export class N8nInstance {
	readonly version: string;
	readonly installDir: string;
	/** The Node binary this n8n version runs on (Node 24 for 2.41.1, the machine's for 2.8.4). */
	readonly nodeBin: string;
	readonly userFolder: string;
	readonly port: number;
	readonly baseUrl: string;
	readonly logFile: string;
	/**
	 * Milliseconds of the last run of each step: install, cli:<command>, exportNodes, stop, and for
	 * start() from spawning n8n to: startHealthz (HTTP up), startEditor ("Editor is now
	 * accessible"), start (webhooks registered too: ready).
	 */
	readonly timings: Record<string, number> = {};

	private readonly ownsUserFolder: boolean;
	private readonly env: Record<string, string>;
	private readonly label: string;
	private child?: { pid: number; exited: Promise<number | null>; exitCode?: number | null };
	private failed = false;
	/** Jest failures in this file before this instance existed are someone else's. */
	private readonly failuresBefore = jestFailures();
	private disposed = false;

	private constructor(init: {
		version: string;
		installDir: string;
		nodeBin: string;
		userFolder: string;
		ownsUserFolder: boolean;
		port: number;
		baseUrl: string;
		env: Record<string, string>;
		label: string;
	}) {
		this.version = init.version;
		this.installDir = init.installDir;
		this.nodeBin = init.nodeBin;
		this.userFolder = init.userFolder;
		this.ownsUserFolder = init.ownsUserFolder;
		this.port = init.port;
		this.baseUrl = init.baseUrl;
		this.env = init.env;
		this.label = init.label;
		this.logFile = path.join(init.userFolder, 'n8n.log');
		liveInstances().add(this);
		createdHere.add(this);
	}

	/** Installs n8n if needed, prepares a user folder with the package(s) in it; does not start n8n. */
	static async create(options: CreateOptions): Promise<N8nInstance> {
		const t0 = Date.now();
		const installDir = await ensureN8nInstalled(options.version);
		const installMs = Date.now() - t0;
		const nodeDir = fs.readFileSync(path.join(installDir, '.nodedir'), 'utf8').trim();
		const nodeBin = path.join(nodeDir, 'bin', 'node');

		const label = options.label ?? `n8n-${options.version}`;
		let userFolder = options.userFolder;
		const ownsUserFolder = !userFolder;
		if (!userFolder) {
			fs.mkdirSync(e2eTmpRoot(), { recursive: true });
			userFolder = fs.mkdtempSync(path.join(e2eTmpRoot(), `${label}-`));
		}
		userFolder = path.resolve(userFolder);
		fs.mkdirSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules'), { recursive: true });
		for (const packageDir of options.packages ?? [REPO_ROOT]) {
			stagePackage(path.resolve(packageDir), userFolder, options.packageMode ?? 'link');
		}

		const port = options.port ?? (await freePort());
		// The task broker's default port (5679) is shared by every n8n on the machine.
		const brokerPort = await freePort();
		const listenAddress = options.listenAddress ?? '127.0.0.1';
		const baseUrl = `http://127.0.0.1:${port}`;
		const publicUrl = options.publicUrl ?? `${baseUrl}/`;
		const env = n8nEnv({
			installDir,
			nodeDir,
			userFolder,
			port,
			brokerPort,
			listenAddress,
			publicUrl,
			extra: options.env ?? {},
		});
		const instance = new N8nInstance({
			version: options.version,
			installDir,
			nodeBin,
			userFolder,
			ownsUserFolder,
			port,
			baseUrl,
			env,
			label,
		});
		instance.timings.install = installMs;
		return instance;
	}

	get running(): boolean {
		return this.child !== undefined && this.child.exitCode === undefined;
	}

	/** Production webhook URL of a trigger node that has a webhookId. */
	webhookUrl(webhookId: string, webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookId}/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Runs `n8n <args>` against this instance's user folder; its output is appended to the log. */
	async cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
		const started = Date.now();
		// A CLI command that needs a task runner (execute) starts its own broker: it must not
		// collide with the running server's.
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...options.env };
		const result = await runProcess(this.nodeBin, [this.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
			timeoutMs: options.timeoutMs ?? 180_000,
		});
		this.timings[`cli:${args[0]}`] = Date.now() - started;
		fs.appendFileSync(
			this.logFile,
			`\n===== n8n ${args.join(' ')} (exit ${result.code ?? result.signal}, ${Date.now() - started} ms) =====\n` +
				result.stdout +
				result.stderr +
				'\n',
		);
		if (result.code !== 0 && !options.allowFailure) {
			throw this.error(
				`n8n ${args.join(' ')} exited with ${result.code}:\n${tail(result.stdout + result.stderr, 40)}`,
				false,
			);
		}
		return result;
	}

	/** Imports credentials with plain `data` (n8n encrypts it). Returns their ids, in order. */
	async importCredentials(credentials: CredentialInput[]): Promise<string[]> {
		const list = credentials.map((credential) => ({ ...credential, id: credential.id ?? n8nId() }));
		const file = this.inputFile('credentials', list);
		await this.cli(['import:credentials', `--input=${file}`]);
		return list.map((credential) => credential.id);
	}

	/** Imports a workflow (unpublished) and returns its id. */
	async importWorkflow(workflow: WorkflowInput): Promise<string> {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/** Imports several workflows with one n8n process (each command costs ~3 s). Returns their ids. */
	async importWorkflows(workflows: WorkflowInput[]): Promise<string[]> {
		const list = workflows.map((workflow) => ({
			active: false,
			connections: {},
			settings: { executionOrder: 'v1' },
			...workflow,
			id: workflow.id ?? n8nId(),
			nodes: workflow.nodes.map((node) => ({ id: randomUUID(), ...node })),
		}));
		const file = this.inputFile('workflows', list);
		await this.cli(['import:workflow', `--input=${file}`]);
		return list.map((workflow) => workflow.id);
	}

	/**
	 * Publishes (activates) a workflow. n8n reads publications when it starts, so call this
	 * before start() (or stop(), publish, start()).
	 */
	async publish(workflowId: string): Promise<void> {
		if (this.running) {
			throw this.error(
				`publish(${workflowId}) while n8n is running: n8n only picks publications up when it starts. Call stop() first.`,
				false,
			);
		}
		const hasPublish = fs.existsSync(
			path.join(this.installDir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'),
		);
		// n8n before 2.0 had no publish command; update:workflow --active=true did the same.
		await this.cli(
			hasPublish
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'],
		);
	}

	/**
	 * Starts `n8n start` in its own process group and waits until it answers /healthz, has
	 * printed "Editor is now accessible", and every published workflow with a webhook trigger (a
	 * `...Trigger` or Webhook node with a webhookId) has its webhooks registered.
	 */
	async start(options: StartOptions = {}): Promise<void> {
		if (this.running) throw this.error('start(): n8n is already running', false);
		if (this.disposed) throw this.error('start(): instance was disposed', false);
		const timeoutMs = options.timeoutMs ?? 180_000;
		const started = Date.now();
		const deadline = started + timeoutMs;
		const logOffset = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
		fs.appendFileSync(this.logFile, `\n===== n8n start (${new Date().toISOString()}) =====\n`);
		const logFd = fs.openSync(this.logFile, 'a');
		let pid: number | undefined;
		let exited: Promise<number | null>;
		try {
			const proc = spawn(this.nodeBin, [this.n8nBin, 'start'], {
				cwd: this.userFolder,
				env: this.env,
				// Own process group: stop() can then end n8n together with its task runner.
				detached: true,
				stdio: ['ignore', logFd, logFd],
			});
			pid = proc.pid;
			exited = new Promise((resolve) => {
				proc.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
				proc.on('error', () => resolve(null));
			});
		} finally {
			fs.closeSync(logFd);
		}
		if (pid === undefined) throw this.error('could not spawn n8n', true);
		const child: NonNullable<N8nInstance['child']> = { pid, exited };
		this.child = child;
		registerLive(pid, this.userFolder);
		void exited.then((code) => {
			child.exitCode = code;
			unregisterLive(pid);
		});

		const newLog = () => readFrom(this.logFile, logOffset);
		const check = () => {
			if (child.exitCode !== undefined) {
				throw this.error(`n8n exited with ${child.exitCode} while starting`, true);
			}
			if (Date.now() > deadline) throw this.error(`n8n did not become ready within ${timeoutMs} ms`, true);
		};

		while (!(await this.healthy())) {
			check();
			await sleep(200);
		}
		this.timings.startHealthz = Date.now() - started;
		while (!/Editor is now accessible via/.test(newLog())) {
			check();
			await sleep(200);
		}
		this.timings.startEditor = Date.now() - started;
		// 2.8.4 activates published workflows before it prints the editor URL; 2.41.1 right after
		// (a publication queue), so webhooks may still be missing here.
		if (options.waitForWebhooks ?? true) {
			while (true) {
				const missing = await this.workflowsMissingWebhooks();
				if (missing.length === 0) break;
				const failure = ACTIVATION_FAILURES.find((pattern) => pattern.test(newLog()));
				if (failure) {
					throw this.error(`activation failed (${failure.source}); waiting for webhooks of ${missing.join(', ')}`, true);
				}
				check();
				await sleep(250);
			}
		}
		this.timings.start = Date.now() - started;
	}

	/** Stops n8n (SIGTERM to its process group, SIGKILL after timeoutMs) and waits until it is gone. */
	async stop(timeoutMs = 20_000): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== undefined) return;
		const started = Date.now();
		signalGroup(child.pid, 'SIGTERM');
		const deadline = Date.now() + timeoutMs;
		while ((child.exitCode === undefined || groupAlive(child.pid)) && Date.now() < deadline) {
			await sleep(100);
		}
		if (child.exitCode === undefined || groupAlive(child.pid)) {
			signalGroup(child.pid, 'SIGKILL');
			await Promise.race([child.exited, sleep(5_000)]);
		}
		unregisterLive(child.pid);
		this.timings.stop = Date.now() - started;
	}

	async restart(options?: StartOptions): Promise<void> {
		await this.stop();
		await this.start(options);
	}

	/** `n8n export:nodes`: every node type description n8n loaded (types `<package>.<name>`). */
	async exportNodes(): Promise<Array<{ name: string; [key: string]: unknown }>> {
		const started = Date.now();
		const file = path.join(this.userFolder, `nodes-export-${Date.now()}.json`);
		await this.cli(['export:nodes', `--output=${file}`]);
		const nodes = JSON.parse(fs.readFileSync(file, 'utf8'));
		fs.rmSync(file, { force: true });
		this.timings.exportNodes = Date.now() - started;
		return nodes;
	}

	/**
	 * The credential types the server loaded. n8n has no CLI for these: `n8n start` writes them
	 * (for the editor) to <user folder>/.cache/n8n/public/types/credentials.json, which we read.
	 * Needs the instance to have been started.
	 */
	async credentialTypes(): Promise<Array<{ name: string; displayName: string; [key: string]: unknown }>> {
		return (await this.staticTypes('credentials')) as Array<{ name: string; displayName: string }>;
	}

	/** Node types as the running server serves them to the editor (see credentialTypes()). */
	async nodeTypes(): Promise<Array<{ name: string; [key: string]: unknown }>> {
		return (await this.staticTypes('nodes')) as Array<{ name: string }>;
	}

	/** Webhooks n8n has registered (rows of webhook_entity). */
	async webhooks(): Promise<RegisteredWebhook[]> {
		return await this.query<RegisteredWebhook>('select workflowId, webhookPath, method, node from webhook_entity');
	}

	/** Executions, oldest first, read from n8n's database. */
	async executions(workflowId?: string): Promise<ExecutionSummary[]> {
		const rows = await this.query<Omit<ExecutionSummary, 'id' | 'finished'> & { id: number; finished: number }>(
			'select id, workflowId, status, finished, mode, startedAt, stoppedAt from execution_entity' +
				' where deletedAt is null' +
				(workflowId ? ' and workflowId = ?' : '') +
				' order by id',
			workflowId ? [workflowId] : [],
		);
		return rows.map((row) => ({ ...row, id: String(row.id), finished: Boolean(row.finished) }));
	}

	/**
	 * Waits until the workflow has at least `count` executions that have ended (success, error,
	 * canceled, crashed) and returns them all, oldest first. n8n saves an execution after it has
	 * answered the webhook, so poll rather than read once.
	 */
	async waitForExecutions(
		workflowId: string,
		options: { count?: number; timeoutMs?: number } = {},
	): Promise<ExecutionSummary[]> {
		const count = options.count ?? 1;
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		while (true) {
			const all = await this.executions(workflowId);
			const done = all.filter((execution) => DONE_STATUSES.has(execution.status));
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw this.error(
					`expected ${count} ended execution(s) of workflow ${workflowId}, found: ${JSON.stringify(all)}`,
					true,
				);
			}
			await sleep(250);
		}
	}

	/** The full run data of an execution (IRunExecutionData: resultData.runData, resultData.error, ...). */
	async executionData(executionId: string): Promise<ExecutionRunData> {
		const rows = await this.query<{ data: string }>('select data from execution_data where executionId = ?', [
			Number(executionId),
		]);
		if (rows.length === 0) throw this.error(`no data stored for execution ${executionId}`, false);
		return this.flatted().parse(rows[0].data) as ExecutionRunData;
	}

	/** The JSON of the items a node output in an execution (first run, first output by default). */
	async nodeOutput(
		executionId: string,
		nodeName: string,
		options: { runIndex?: number; outputIndex?: number } = {},
	): Promise<Array<Record<string, unknown>>> {
		const data = await this.executionData(executionId);
		const runs = data.resultData.runData[nodeName];
		if (!runs) {
			throw this.error(
				`node "${nodeName}" did not run in execution ${executionId}; ran: ${Object.keys(data.resultData.runData).join(', ')}`,
				false,
			);
		}
		const run = runs[options.runIndex ?? 0];
		const items = run?.data?.main?.[options.outputIndex ?? 0] ?? [];
		return items.map((item) => item.json);
	}

	/**
	 * `n8n execute --id` for workflows that start manually. Resolves with the run data it printed;
	 * `ok` is false if the execution failed (its error is in run.data.resultData.error).
	 */
	async execute(workflowId: string): Promise<{ ok: boolean; run?: ExecutionRun; result: CliResult }> {
		const args = ['execute', `--id=${workflowId}`, '--rawOutput'];
		let result = await this.cli(args, { allowFailure: true });
		// n8n 2.41's CLI now and then dies by a signal while it shuts its task runner down, after the
		// run (seen twice in CI, the run itself a success). Such an exit is not the run's result: the
		// command runs once more, and what that run gives is judged as usual.
		if (result.code === null && result.signal && !result.stderr.includes('[e2e] killed after')) {
			result = await this.cli(args, { allowFailure: true });
		}
		const run = extractJsonBlock(result.stdout) as ExecutionRun | undefined;
		const ok = result.code === 0 && run !== undefined && !run.data?.resultData?.error;
		return { ok, run, result };
	}

	/** Runs a read-only SQL query on the instance's SQLite database. */
	async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
		const database = path.join(this.userFolder, '.n8n', 'database.sqlite');
		const result = await runProcess(this.nodeBin, [DB_QUERY_SCRIPT, this.installDir, database], {
			cwd: this.userFolder,
			env: { PATH: process.env.PATH ?? '' },
			input: JSON.stringify({ sql, params }),
			timeoutMs: 30_000,
		});
		if (result.code !== 0) throw this.error(`query failed: ${sql}\n${result.stderr}`, false);
		return JSON.parse(result.stdout);
	}

	/** Sends an HTTP request to this n8n (path relative to its base URL, or a full URL). */
	async request(
		method: string,
		urlOrPath: string,
		options: { headers?: Record<string, string>; body?: string | Buffer | object; timeoutMs?: number } = {},
	): Promise<HttpResponse> {
		const url = /^https?:/.test(urlOrPath) ? urlOrPath : `${this.baseUrl}${urlOrPath}`;
		return await httpRequest(method, url, options);
	}

	/**
	 * Creates the owner account, which the editor otherwise asks for on the first visit, so a
	 * browser (or the internal REST API) can log in. Resolves false if there already is one.
	 */
	async setupOwner(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<boolean> {
		const response = await this.request('POST', '/rest/owner/setup', {
			body: { firstName: 'E2E', lastName: 'Owner', ...owner },
		});
		if (response.status === 200) return true;
		if (/already.*set ?up/i.test(response.body)) return false;
		throw this.error(`owner setup answered ${response.status}: ${response.body}`, false);
	}

	/** Sets up the owner (if there is none yet) and logs in as the editor does: the session cookie for /rest calls. */
	async ownerSession(owner: { email: string; password: string }): Promise<string> {
		await this.setupOwner(owner);
		const login = await this.request('POST', '/rest/login', {
			headers: { 'content-type': 'application/json' },
			body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
		});
		if (login.status !== 200) throw this.error(`login answered ${login.status}: ${login.body}`, false);
		const setCookie = login.headers['set-cookie'];
		return (Array.isArray(setCookie) ? setCookie : [String(setCookie)]).map((c) => c.split(';')[0]).join('; ');
	}

	/** Everything n8n and the CLI commands printed for this instance. */
	log(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	/** Keeps the user folder and prints the log on dispose(), whatever jest reports. */
	markFailed(): void {
		this.failed = true;
	}

	/**
	 * Stops n8n, then deletes the temp user folder, or, if a test in this file failed (or
	 * markFailed() / E2E_KEEP=1), keeps it and prints where it is plus the last 200 log lines.
	 */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		try {
			await this.stop();
		} finally {
			liveInstances().delete(this);
			createdHere.delete(this);
			const failed = this.failed || jestFailures() > this.failuresBefore;
			if (failed) {
				process.stderr.write(
					`\n[e2e] ${this.label}: keeping ${this.userFolder}\n[e2e] log: ${this.logFile} (last 200 lines follow)\n` +
						tail(this.log(), 200) +
						'\n',
				);
			} else if (this.ownsUserFolder && process.env.E2E_KEEP !== '1') {
				fs.rmSync(this.userFolder, { recursive: true, force: true });
			}
		}
	}

	/** SIGKILLs n8n's process group, synchronously: for exit and signal handlers, where stop() cannot be awaited. */
	killNow(): void {
		if (this.child && this.child.exitCode === undefined) {
			signalGroup(this.child.pid, 'SIGKILL');
			unregisterLive(this.child.pid);
		}
	}

	private get n8nBin(): string {
		return path.join(this.installDir, 'node_modules', 'n8n', 'bin', 'n8n');
	}

	private inputFile(kind: string, content: unknown): string {
		const dir = path.join(this.userFolder, 'e2e-input');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${kind}-${Date.now()}-${randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(content, null, '\t'));
		return file;
	}

	private async healthy(): Promise<boolean> {
		try {
			const response = await httpRequest('GET', `${this.baseUrl}/healthz`, { timeoutMs: 2_000 });
			return response.status === 200;
		} catch {
			return false;
		}
	}

	/** Ids of published workflows with a webhook trigger but no registered webhook yet. */
	private async workflowsMissingWebhooks(): Promise<string[]> {
		// The published version's nodes live in workflow_history; the workflow row holds the draft.
		const published = await this.query<{ id: string; nodes: string }>(
			'select w.id, coalesce(h.nodes, w.nodes) as nodes from workflow_entity w' +
				' left join workflow_history h on h.versionId = w.activeVersionId' +
				' where w.activeVersionId is not null',
		);
		const registered = new Set((await this.webhooks()).map((webhook) => webhook.workflowId));
		// Wait, Form and "send and wait" nodes have a webhookId too, but only register a webhook
		// while an execution waits: only triggers (and the Webhook node) register one at activation.
		const isWebhookTrigger = (node: { type?: string; webhookId?: string; disabled?: boolean }) =>
			Boolean(node.webhookId) && !node.disabled && (/Trigger$/.test(node.type ?? '') || node.type === 'n8n-nodes-base.webhook');
		return published
			.filter(({ nodes }) => (JSON.parse(nodes) as Array<Parameters<typeof isWebhookTrigger>[0]>).some(isWebhookTrigger))
			.map(({ id }) => id)
			.filter((id) => !registered.has(id));
	}

	private async staticTypes(kind: 'nodes' | 'credentials'): Promise<unknown[]> {
		const file = path.join(this.userFolder, '.cache', 'n8n', 'public', 'types', `${kind}.json`);
		const deadline = Date.now() + 30_000;
		while (true) {
			// n8n writes the file while it starts; a half-written file does not parse yet.
			try {
				return JSON.parse(fs.readFileSync(file, 'utf8'));
			} catch (error) {
				if (Date.now() > deadline) {
					throw this.error(`cannot read ${file} (has this instance been started?): ${error}`, false);
				}
			}
			await sleep(250);
		}
	}

	private flatted(): { parse(text: string): unknown } {
		// n8n stores run data with flatted (it has cycles); use the same copy n8n uses.
		return require(require.resolve('flatted', { paths: [path.join(this.installDir, 'node_modules')] }));
	}

	/**
	 * An error for the test report. `withLog` adds the end of n8n's output: short, because jest
	 * repeats a beforeAll error for every test of the block; dispose() prints the longer tail once.
	 */
	private error(message: string, withLog: boolean): N8nHarnessError {
		this.failed = this.failed || withLog;
		const details = withLog ? `\nlog: ${this.logFile}\n----- last 40 lines -----\n${tail(this.log(), 40)}` : '';
		return new N8nHarnessError(`[${this.label}] ${message}${details}`);
	}
}

export interface ExecutionRunData {
	resultData: {
		runData: Record<
			string,
			Array<{
				executionStatus?: string;
				error?: { message: string; [key: string]: unknown };
				data?: { main?: Array<Array<{ json: Record<string, unknown>; [key: string]: unknown }> | null> };
				[key: string]: unknown;
			}>
		>;
		lastNodeExecuted?: string;
		error?: { message: string; [key: string]: unknown };
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

export interface ExecutionRun {
	data: ExecutionRunData;
	status?: string;
	finished?: boolean;
	mode?: string;
	[key: string]: unknown;
}

/** Disposes every instance created through this module copy (in jest: this test file). */
export async function disposeAll(): Promise<void> {
	await Promise.all([...createdHere].map(async (instance) => await instance.dispose()));
}

/**
 * Returns n8n's install folder for a version, installing it first (minutes; progress on stderr)
 * if the cache does not have it.
 */
export async function ensureN8nInstalled(version: string): Promise<string> {
	const dir = path.join(n8nCacheDir(), `n8n-${version}`);
	if (fs.existsSync(path.join(dir, '.installed'))) return dir;
	// install-n8n.sh says what it does and, on failure, what failed and what to do.
	const result = await runProcess('bash', [INSTALL_SCRIPT, version], {
		cwd: REPO_ROOT,
		env: process.env as Record<string, string>,
		timeoutMs: 40 * 60_000,
		stderr: 'inherit',
	});
	const printed = result.stdout.trim().split('\n').pop() ?? '';
	if (result.code !== 0 || !fs.existsSync(path.join(printed, '.installed'))) {
		throw new N8nHarnessError(`n8n ${version} could not be installed (see above); run the same command again to resume`);
	}
	return printed;
}

/**
 * The node and credential type names a package declares in its package.json "n8n" section,
 * read from its build: nodes as n8n names them (`<package>.<description.name>`), credentials by
 * their plain `name` (n8n does not prefix credential types).
 */
export function declaredTypes(packageDir: string = REPO_ROOT): {
	packageName: string;
	nodes: string[];
	credentials: string[];
} {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	// As n8n's loader does: the class is the export named like the file up to its first dot.
	const load = (file: string): Record<string, unknown> => {
		const full = path.join(packageDir, file);
		if (!fs.existsSync(full)) {
			throw new N8nHarnessError(`package.json "n8n" lists ${file}, which does not exist: build first`);
		}
		const className = path.basename(file).split('.')[0];
		const Class = (require(full) as Record<string, unknown>)[className];
		if (typeof Class !== 'function') {
			throw new N8nHarnessError(`${file} does not export a class named ${className}, so n8n cannot load it`);
		}
		return new (Class as new () => Record<string, unknown>)();
	};
	const nodes = ((pkg.n8n?.nodes ?? []) as string[]).map((file) => {
		const { description } = load(file) as { description?: { name?: string } };
		if (!description?.name) throw new N8nHarnessError(`${file}: the node has no description.name`);
		return `${pkg.name}.${description.name}`;
	});
	const credentials = ((pkg.n8n?.credentials ?? []) as string[]).map((file) => {
		const { name } = load(file) as { name?: string };
		if (!name) throw new N8nHarnessError(`${file}: the credential has no name`);
		return name;
	});
	return { packageName: pkg.name, nodes, credentials };
}

/** Sends an HTTP request; `body` objects are sent as JSON. */
export async function httpRequest(
	method: string,
	url: string,
	options: { headers?: Record<string, string>; body?: string | Buffer | object; timeoutMs?: number } = {},
): Promise<HttpResponse> {
	const headers: Record<string, string> = { ...options.headers };
	let body: string | Buffer | undefined;
	if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
		body = options.body;
	} else if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	return await new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers, timeout: options.timeoutMs ?? 30_000 }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text, json });
			});
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
		request.on('error', reject);
		request.end(body);
	});
}

/**
 * Kills n8n process groups left behind by runs whose owner process is gone (or by `ownerPid`).
 * Used by the jest globalTeardown; run.sh does the same in bash after jest exits.
 */
export function reapOrphans(ownerPid?: number): number[] {
	const dir = liveRegistryDir();
	if (!fs.existsSync(dir)) return [];
	const killed: number[] = [];
	for (const entry of fs.readdirSync(dir)) {
		const pgid = Number(entry);
		const file = path.join(dir, entry);
		const owner = Number(fs.readFileSync(file, 'utf8').split(' ')[0]);
		if (owner !== ownerPid && processAlive(owner)) continue;
		if (isN8nGroup(pgid)) {
			signalGroup(pgid, 'SIGKILL');
			killed.push(pgid);
		}
		fs.rmSync(file, { force: true });
	}
	return killed;
}

// ---------------------------------------------------------------------------------------------

function stagePackage(packageDir: string, userFolder: string, mode: 'link' | 'copy'): void {
	const pkgFile = path.join(packageDir, 'package.json');
	if (!fs.existsSync(pkgFile)) throw new N8nHarnessError(`${packageDir} has no package.json`);
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	// n8n only scans node_modules for these names.
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(pkg.name)) {
		throw new N8nHarnessError(`n8n loads only packages named n8n-nodes-* or @scope/n8n-nodes-*, not "${pkg.name}"`);
	}
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', pkg.name);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	if (mode === 'link') {
		fs.symlinkSync(packageDir, target, 'dir');
		return;
	}
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(pkgFile, path.join(target, 'package.json'));
	for (const entry of (pkg.files as string[] | undefined) ?? ['dist']) {
		const source = path.join(packageDir, entry);
		if (fs.existsSync(source)) fs.cpSync(source, path.join(target, entry), { recursive: true });
	}
	for (const dependency of Object.keys(pkg.dependencies ?? {})) {
		const resolved = path.dirname(require.resolve(`${dependency}/package.json`, { paths: [packageDir] }));
		const link = path.join(target, 'node_modules', dependency);
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.symlinkSync(resolved, link, 'dir');
	}
}

function n8nEnv(init: {
	installDir: string;
	nodeDir: string;
	userFolder: string;
	port: number;
	brokerPort: number;
	listenAddress: string;
	publicUrl: string;
	extra: Record<string, string>;
}): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// The caller's n8n settings, jest's NODE_ENV=test (n8n refuses to load nodes under it) and
		// tsx's loader hooks must not leak into n8n.
		if (value === undefined || /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|E2E_TESTS$|JEST_)/.test(key)) {
			continue;
		}
		env[key] = value;
	}
	const configIndex = path.join(init.installDir, 'node_modules', '@n8n', 'config', 'dist', 'index.js');
	// 2.41.1 reads N8N_WEBHOOK_URL and warns about WEBHOOK_URL; 2.8.4 only knows WEBHOOK_URL.
	const webhookUrlVar = fs.readFileSync(configIndex, 'utf8').includes('N8N_WEBHOOK_URL') ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL';
	return {
		...env,
		// The task runner is started as `node`: it must be the Node this n8n version runs on.
		PATH: `${path.join(init.nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: init.userFolder,
		N8N_PORT: String(init.port),
		N8N_RUNNERS_BROKER_PORT: String(init.brokerPort),
		N8N_LISTEN_ADDRESS: init.listenAddress,
		[webhookUrlVar]: init.publicUrl,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		...init.extra,
	};
}

async function runProcess(
	command: string,
	args: string[],
	options: {
		cwd: string;
		env: Record<string, string>;
		timeoutMs: number;
		input?: string;
		stderr?: 'pipe' | 'inherit';
	},
): Promise<CliResult> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['pipe', 'pipe', options.stderr ?? 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			stderr += `\n[e2e] killed after ${options.timeoutMs} ms\n`;
			child.kill('SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
		child.stdin?.end(options.input ?? '');
	});
}

const handedOutPorts = new Set<number>();

/** A port nothing listens on now, never the same twice in this process. */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await new Promise<number>((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: picked } = server.address() as net.AddressInfo;
				server.close(() => resolve(picked));
			});
		});
		if (!handedOutPorts.has(port)) {
			handedOutPorts.add(port);
			return port;
		}
	}
	throw new N8nHarnessError('no free port found');
}

function n8nId(): string {
	// n8n's own ids: 16 alphanumerics.
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

function extractJsonBlock(text: string): unknown {
	// `--rawOutput` prints JSON.stringify(run, null, 2), but log lines share stdout.
	const lines = text.split('\n');
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start === -1 || end < start) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

function readFrom(file: string, offset: number): string {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(Math.max(0, size - offset));
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			return buffer.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

/** Guards against a recycled pid: only kill a group whose leader still is an n8n. */
function isN8nGroup(pgid: number): boolean {
	try {
		return fs.readFileSync(`/proc/${pgid}/cmdline`, 'utf8').includes('n8n');
	} catch {
		return groupAlive(pgid);
	}
}

// --- process bookkeeping ------------------------------------------------------------------------
// Jest runs each test file in its own vm context with a copy of `process` whose 'exit' and signal
// listeners never fire, and its own copy of this module. The host realm's globals are shared by
// all of them and by the real process, so the bookkeeping lives there.

const host = new vm.Script('globalThis').runInThisContext() as typeof globalThis & {
	[key: symbol]: unknown;
};
const hostProcess = host.process;
const LIVE = Symbol.for('n8n-nodes-china-im.e2e.live');
const createdHere = new Set<N8nInstance>();
const HOOKED = Symbol.for('n8n-nodes-china-im.e2e.hooked');

function liveInstances(): Set<N8nInstance> {
	host[LIVE] ??= new Set<N8nInstance>();
	return host[LIVE] as Set<N8nInstance>;
}

function liveRegistryDir(): string {
	return path.join(e2eTmpRoot(), 'live');
}

function registerLive(pgid: number, userFolder: string): void {
	fs.mkdirSync(liveRegistryDir(), { recursive: true });
	fs.writeFileSync(path.join(liveRegistryDir(), String(pgid)), `${hostProcess.pid} ${userFolder}\n`);
}

function unregisterLive(pgid: number): void {
	fs.rmSync(path.join(liveRegistryDir(), String(pgid)), { force: true });
}

function killAllNow(): void {
	for (const instance of liveInstances()) instance.killNow();
}

if (!host[HOOKED]) {
	host[HOOKED] = true;
	hostProcess.on('exit', killAllNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = () => {
			// Someone else (the sandbox) handles this signal and stops its n8n gracefully.
			if (hostProcess.listenerCount(signal) > 1) return;
			killAllNow();
			hostProcess.removeListener(signal, onSignal);
			hostProcess.kill(hostProcess.pid, signal);
		};
		hostProcess.on(signal, onSignal);
	}
}

function jestFailures(): number {
	return Number((globalThis as { __n8nE2eFailures?: number }).__n8nE2eFailures ?? 0);
}

// In a jest test file: stop what the file started even if the file forgot to, or a hook threw.
const jestAfterAll = (globalThis as { afterAll?: (fn: () => Promise<void>, timeout?: number) => void }).afterAll;
if (typeof jestAfterAll === 'function') jestAfterAll(disposeAll, 60_000);
