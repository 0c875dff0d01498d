/**
 * `npm run test:sandbox`: the README's quick start as a new user runs it. Starts `npm start` (the
 * real command: build, n8n install if the cache lacks it, emulator, examples) on free ports with a
 * fresh sandbox folder, runs every test command it prints, checks each did what it says, then
 * stops it with Ctrl-C (SIGINT) and checks that nothing it started is left running.
 *
 * With CHINA_IM_N8N_CACHE pointing at an empty folder this is the fresh-machine check CI runs.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, freePort } from '../e2e/harness';

const START_TIMEOUT_MS = 40 * 60_000;
const results: Array<{ name: string; ok: boolean; detail: string }> = [];

function check(name: string, ok: boolean, detail = ''): void {
	results.push({ name, ok, detail });
	process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}\n`);
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		json = { text };
	}
	return { status: response.status, json };
}

async function messageCount(emulatorUrl: string): Promise<number> {
	const response = await fetch(`${emulatorUrl}/__emulator/messages`);
	return ((await response.json()) as { messages: unknown[] }).messages.length;
}

/** Lines of `npm start`'s guide: a quoted workflow name, its curl line, and what to expect. */
function parseGuide(output: string): Array<{ workflow: string; url: string; body: Record<string, unknown> }> {
	const lines = output.split('\n');
	const found: Array<{ workflow: string; url: string; body: Record<string, unknown> }> = [];
	for (let i = 1; i < lines.length; i++) {
		const match = /^ {2}curl -s (\S+) -H 'content-type: application\/json' -d '(.*)'$/.exec(lines[i]);
		if (!match) continue;
		const title = /^"(.+)": /.exec(lines[i - 1]);
		found.push({ workflow: title?.[1] ?? '?', url: match[1], body: JSON.parse(match[2]) as Record<string, unknown> });
	}
	return found;
}

function descendants(pid: number): number[] {
	const children: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) children.push(Number(entry), ...descendants(Number(entry)));
		} catch {
			// gone meanwhile
		}
	}
	return children;
}

async function main(): Promise<void> {
	const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'china-im-sandbox-'));
	const [port, emulatorPort] = [await freePort(), await freePort()];
	const started = Date.now();
	const child = spawn('npm', ['start'], {
		cwd: REPO_ROOT,
		env: { ...process.env, PORT: String(port), EMULATOR_PORT: String(emulatorPort), SANDBOX_DIR: sandboxDir },
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, as a terminal's foreground job: Ctrl-C signals that group.
		detached: true,
	});
	let output = '';
	const ready = new Promise<boolean>((resolve) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			process.stdout.write(chunk);
			if (output.includes('Ctrl-C stops n8n and the emulator.')) resolve(true);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', () => resolve(false));
		setTimeout(() => resolve(false), START_TIMEOUT_MS).unref();
	});
	const up = await ready;
	check('npm start comes up', up, `${Math.round((Date.now() - started) / 1000)} s`);
	if (up) {
		check('no [e2e] prefix in what npm start prints', !output.includes('[e2e]'));
		check('npm warnings are not printed one by one', (output.match(/npm warn/gi) ?? []).length < 5);
		const guide = parseGuide(output);
		check('a test command for every published example', guide.length >= fs.readdirSync(path.join(REPO_ROOT, 'examples')).length, `${guide.length} commands`);
		const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
		for (const entry of guide) {
			const before = await messageCount(emulatorUrl);
			const answer = await post(entry.url, entry.body);
			const platform = String(entry.body.platform);
			let ok = answer.status === 200 && Number(answer.json.status) === 200;
			let detail = `callback answered HTTP ${String(answer.json.status)}`;
			if (ok && (platform === 'wecom' || platform === 'oa') && answer.json.reply) {
				ok = platform !== 'oa' || !answer.json.replyError;
				detail = `passive reply ${JSON.stringify(answer.json.reply).slice(0, 120)}${ok ? '' : `: ${String(answer.json.replyError)}`}`;
			} else if (ok && (platform === 'wecom' || platform === 'oa' || platform === 'kf' || platform === 'meituan')) {
				// Acknowledged at once: the workflow's reply reaches the emulator a moment later.
				let count = before;
				for (let i = 0; i < 100 && count === before; i++) {
					await sleep(200);
					count = await messageCount(emulatorUrl);
				}
				ok = count > before;
				detail = ok ? 'the workflow sent its reply' : 'no reply reached the emulator within 20 s';
			} else if (ok && platform === 'tim') {
				const body = String(answer.json.body ?? '');
				ok = /"ActionStatus"\s*:\s*"OK"/.test(body);
				detail = `answer ${body.slice(0, 120)}`;
			}
			check(`"${entry.workflow}"`, ok, detail);
		}
	}

	const tree = child.pid ? descendants(child.pid) : [];
	if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
	const stopAsked = Date.now();
	const exit = await new Promise<string | undefined>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve(`${child.exitCode ?? child.signalCode}`);
		child.once('exit', (code, signal) => resolve(`${code ?? signal}`));
		setTimeout(() => resolve(undefined), 90_000).unref();
	});
	// An ended process whose parent is gone stays a zombie until PID 1 reaps it: that is not running.
	const running = (pid: number) => {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
		} catch {
			return false;
		}
	};
	let left = tree.filter(running);
	for (let waited = 0; left.length > 0 && waited < 60_000; waited += 500) {
		await sleep(500);
		left = tree.filter(running);
	}
	check(
		'Ctrl-C stops everything',
		exit !== undefined && left.length === 0,
		`${exit === undefined ? 'still running after 90 s' : `ended (${exit}) after ${Math.round((Date.now() - stopAsked) / 1000)} s`}, ${left.length} processes left`,
	);
	for (const pid of left) {
		const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160);
		process.stdout.write(`  still running: ${pid} ${cmd}\n`);
		process.kill(pid, 'SIGKILL');
	}
	if (results.every((result) => result.ok)) fs.rmSync(sandboxDir, { recursive: true, force: true });
	else process.stdout.write(`  sandbox folder kept: ${sandboxDir}\n`);

	const failed = results.filter((result) => !result.ok).length;
	process.stdout.write(`\nsandbox: ${results.length - failed} passed, ${failed} failed\n`);
	process.exit(failed === 0 ? 0 : 1);
}

void main();
