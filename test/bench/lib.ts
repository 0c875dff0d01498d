/**
 * Small pieces the benchmark scripts share: statistics, CPU time of an n8n process group read
 * from /proc, the machine's load, the build check and the printed table. Not a test file: jest
 * only picks up *.test.ts, and nothing here asserts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, e2eTmpRoot } from '../e2e/harness';

export const say = (line = '') => process.stdout.write(`${line}\n`);
// `npm run bench | head` closes stdout early: that must not kill the run before it stops n8n.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') throw error;
});
/** Progress goes to stderr, so stdout holds the tables only. */
export const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function envInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw} is not a number ≥ 0`);
	return Math.floor(value);
}

// --- statistics -------------------------------------------------------------------------------

export function median(values: number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const n = sorted.length;
	return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function min(values: number[]): number {
	return values.length === 0 ? NaN : Math.min(...values);
}

/** Nearest rank: the smallest sample that at least q of the samples do not exceed. */
export function percentile(values: number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

// --- CPU time of n8n --------------------------------------------------------------------------

const CLOCK_TICKS = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** The process group the harness started n8n in (its registry of live groups names it). */
export function n8nProcessGroup(userFolder: string): number {
	const dir = path.join(e2eTmpRoot(), 'live');
	for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
		const [, folder] = fs.readFileSync(path.join(dir, entry), 'utf8').trim().split(' ');
		if (folder === userFolder) return Number(entry);
	}
	throw new Error(`no live n8n process group for ${userFolder} in ${dir}`);
}

/**
 * CPU milliseconds (user + system) used so far by every process of the group: n8n, its task
 * runner, and (through cutime/cstime) children that have already exited and been reaped.
 */
export function groupCpuMs(pgid: number): number {
	const ticks = groupProcesses(pgid).reduce((sum, p) => sum + p.ticks, 0);
	return (ticks * 1000) / CLOCK_TICKS;
}

/** The processes of a group, with their command line and CPU ticks (own + reaped children). */
export function groupProcesses(pgid: number): Array<{ pid: number; command: string; ticks: number }> {
	const found: Array<{ pid: number; command: string; ticks: number }> = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// The command name (field 2) may hold spaces and parentheses: fields after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== pgid) continue;
		let command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		try {
			command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim() || command;
		} catch {
			// keep the short name
		}
		// utime, stime, cutime, cstime are fields 14..17, i.e. 11..14 here.
		const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
		found.push({ pid: Number(entry), command, ticks });
	}
	return found;
}

// --- the machine ------------------------------------------------------------------------------

export function load(): string {
	const result = spawnSync('uptime', { encoding: 'utf8' });
	if (result.status === 0) return result.stdout.trim();
	return `load average: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`;
}

/** `npm run build` when dist/ is missing or older than a source file, as test/e2e/run.sh decides. */
export function ensureBuilt(): void {
	const marker = path.join(REPO_ROOT, 'dist', 'index.js');
	const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
	const newer = (entry: string): string | undefined => {
		const full = path.join(REPO_ROOT, entry);
		if (!fs.existsSync(full)) return undefined;
		const stat = fs.statSync(full);
		if (stat.isDirectory()) {
			for (const child of fs.readdirSync(full)) {
				const found = newer(path.join(entry, child));
				if (found) return found;
			}
			return undefined;
		}
		return !entry.endsWith('.test.ts') && stat.mtimeMs > built ? entry : undefined;
	};
	const stale = built === 0 ? 'dist/index.js missing' : ['credentials', 'nodes', 'index.ts', 'tsconfig.json', 'gulpfile.js'].map(newer).find(Boolean);
	if (!stale) return;
	if (process.env.BENCH_NO_BUILD === '1') {
		note(`dist/ is stale (${stale}); BENCH_NO_BUILD=1: measuring it as it is`);
		return;
	}
	note(`dist/ is stale (${stale}): npm run build`);
	const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) throw new Error('npm run build failed: the benchmark needs a build of the current sources');
}

/** Which build the run measures: dist/index.js's time and the git commit (dirty or not). */
export function buildInfo(): string {
	const marker = path.join(REPO_ROOT, 'dist', 'index.js');
	const built = fs.existsSync(marker) ? fs.statSync(marker).mtime.toISOString().replace('T', ' ').slice(0, 19) : 'missing';
	const git = (args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
	const head = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
	const dirty = git(['status', '--porcelain', '--', 'nodes', 'credentials', 'index.ts']) !== '';
	return `dist built ${built} UTC from ${head}${dirty ? ' + uncommitted changes in nodes/ or credentials/' : ''}`;
}

// --- printing ---------------------------------------------------------------------------------

export function fmtMs(ms: number): string {
	if (!Number.isFinite(ms)) return '—';
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	if (ms >= 100) return `${Math.round(ms)} ms`;
	if (ms >= 10) return `${ms.toFixed(1)} ms`;
	return `${ms.toFixed(2)} ms`;
}

export function fmtRatio(value: number): string {
	if (!Number.isFinite(value)) return '—';
	return value >= 10 ? `${value.toFixed(0)}×` : value >= 1 ? `${value.toFixed(2)}×` : `${value.toFixed(2)}×`;
}

/** A GitHub-flavoured Markdown table with padded columns, so it reads in a terminal too. */
export function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
