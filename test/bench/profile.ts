/**
 * `npm run bench:profile -- wecom-ours wecom-http ours n8n`: where n8n's CPU goes in the given
 * rows (item chains of setup.ts, or `ours` / `n8n` for the callback rows), by V8's CPU profiler
 * in n8n's main process. Prints, per row, the functions with the most self time, grouped by
 * where their code lives (n8n-core, n8n-workflow, this package, node internals…).
 *
 * Only the run itself is counted (the busy stretch between quiet waits before and after it), not
 * n8n's start-up or the warm-up. Only a diagnosis: the profiler slows n8n down by itself, so read
 * shares, not times.
 * BENCH_ITEMS (1000) items per item row, BENCH_CALLBACKS (100) per callback row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Bench, benchConfig, type Chain } from './setup';
import { ensureBuilt, envInt, note, sleep } from './lib';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Where a function's code lives: this package, an npm package (the innermost node_modules), node's own, or native. */
function where(url: string): string {
	if (!url) return '(native / gc)';
	// n8n's cache folder is named after this package too: only its dist/ is this package.
	if (/node_modules\/n8n-nodes-china-im\/dist\//.test(url)) return 'this package';
	const inner = url.lastIndexOf('node_modules/');
	if (inner >= 0) {
		const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.slice(inner));
		if (match) return match[1];
	}
	if (url.startsWith('node:')) return 'node internals';
	return url;
}

/** A function's place for the listing: its package and the path inside it, and the line. */
function place(url: string, line: number): string {
	if (!url) return '(native)';
	const inner = url.lastIndexOf('node_modules/');
	return `${inner >= 0 ? url.slice(inner + 'node_modules/'.length) : url.replace(/^file:\/\//, '')}:${line + 1}`;
}

/** Quiet stretch around the profiled run: profile.ts waits this long before and after it. */
const QUIET_MS = 3000;
const BUCKET_MS = 250;

/** V8's own entries for a thread with nothing to run: not busy time. */
const isIdle = (node: ProfileNode | undefined) => node?.callFrame.functionName === '(idle)' || node?.callFrame.functionName === '(program)';

/** Each sample's time since the profile began, in ms. */
function sampleTimes(profile: Profile): number[] {
	let t = 0;
	return profile.timeDeltas.map((delta) => (t += delta / 1000));
}

/**
 * The samples of the profiled run: the busy stretch between the last two quiet stretches of the
 * profile (n8n's start-up and the warm-up come before the first, its shutdown after the second).
 * All samples when no such stretches are found.
 */
function runWindow(profile: Profile, ids: Map<number, ProfileNode>, at: number[]): [number, number] {
	const buckets: number[] = [];
	profile.samples.forEach((id, k) => {
		if (isIdle(ids.get(id))) return;
		const b = Math.floor(at[k] / BUCKET_MS);
		buckets[b] = (buckets[b] ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000;
	});
	// Quiet stretches: runs of buckets under 10 % busy, at least two-thirds of QUIET_MS long.
	const quiet: Array<[number, number]> = [];
	let start = -1;
	for (let b = 0; b <= buckets.length; b++) {
		const isQuiet = b < buckets.length && (buckets[b] ?? 0) < BUCKET_MS / 10;
		if (isQuiet && start < 0) start = b;
		if (!isQuiet && start >= 0) {
			if ((b - start) * BUCKET_MS >= (2 * QUIET_MS) / 3) quiet.push([start, b]);
			start = -1;
		}
	}
	if (quiet.length < 2) return [0, Infinity];
	const [before, after] = quiet.slice(-2);
	return [before[1] * BUCKET_MS, after[0] * BUCKET_MS];
}

function summarise(file: string, top: number): string {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const at = sampleTimes(profile);
	const [from, to] = runWindow(profile, byId, at);
	const self = new Map<number, number>();
	profile.samples.forEach((id, k) => {
		if (at[k] >= from && at[k] < to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0));
	});
	let total = 0;
	const fn = new Map<string, number>();
	const module = new Map<string, number>();
	for (const [id, us] of self) {
		if (isIdle(byId.get(id))) continue;
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		total += us;
		const key = `${functionName || '(anonymous)'}  ${place(url, lineNumber)}`;
		fn.set(key, (fn.get(key) ?? 0) + us);
		module.set(where(url), (module.get(where(url)) ?? 0) + us);
	}
	const window = to === Infinity ? 'the whole process (no quiet stretches found)' : `${((to - from) / 1000).toFixed(1)} s of the run`;
	const lines = [`busy ${(total / 1000).toFixed(0)} ms in ${window}`, '', 'by module:'];
	for (const [key, us] of [...module].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
		lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
	}
	lines.push('', 'by function (self time):');
	for (const [key, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const rows = process.argv.slice(2);
	if (!rows.length) throw new Error('name the rows: e.g. wecom-ours wecom-http ours n8n');
	const items = envInt('BENCH_ITEMS', 1000);
	const callbacks = envInt('BENCH_CALLBACKS', 100);
	ensureBuilt();
	for (const row of rows) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), `china-im-profile-${row}-`));
		// One n8n per row: a profile is written when the process exits, so each covers one row.
		const config = benchConfig();
		const bench = await Bench.start({ ...config, n8nEnv: { ...config.n8nEnv, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` } });
		try {
			for (let k = 0; k < 2; k++) {
				if (row === 'ours' || row === 'n8n') await bench.runCallbacks(row, 5, 5);
				else await bench.runItems(row as Chain, 5);
			}
			// Quiet before and after: summarise() finds the run between the two stretches.
			await sleep(QUIET_MS);
			note(`profiling ${row}`);
			if (row === 'ours' || row === 'n8n') await bench.runCallbacks(row, callbacks, 10);
			else await bench.runItems(row as Chain, items);
			await sleep(QUIET_MS);
		} finally {
			await bench.dispose();
		}
		const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
		// The largest profile is n8n's main process (the task runner's is small unless a Code node ran).
		files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
		console.log(`\n## ${row}\n`);
		for (const file of files.slice(0, 2)) console.log(`${path.basename(file)}\n${summarise(file, 40)}\n`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
