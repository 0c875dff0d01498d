/**
 * npm run bench: this package's nodes next to n8n's own in ONE real n8n (2.41.1 unless
 * BENCH_N8N_VERSION), against the emulator with BENCH_LATENCY_MS (20) on every API call. Prints one
 * table with ratios (> 1 = ours better) for every platform that sends (WeCom, Tencent Cloud IM,
 * WeChat KF, the Official Account, Meituan IM) and WeCom callbacks, then a Mermaid chart of the ratios. `--faults` adds the
 * fault report of faults.ts in the same n8n. Nothing here asserts: see README.md beside this file.
 *
 * Environment: BENCH_ITEMS (1000), BENCH_ROUNDS (3), BENCH_N8N_VERSION (2.41.1), BENCH_LATENCY_MS
 * (20), BENCH_CALLBACKS (100), BENCH_CALLBACK_CONCURRENCY (10), BENCH_RATE_LIMIT (200 calls/s),
 * BENCH_TIM_PARALLEL (20), BENCH_MT_MAX_PER_SECOND (1000), BENCH_N8N_ENV (n8n settings, `KEY=value ...`), plus those of faults.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runFaults } from './faults';
import { ensureBuilt, envInt, fmtMs, fmtRatio, load, median, min, note, percentile, say, table } from './lib';
import { Bench, SEND_PATH, settingsLine, type CallbackRun, type CallbackSide, type Chain, type ItemRun } from './setup';

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const items = envInt('BENCH_ITEMS', 1000);
	const rounds = Math.max(1, envInt('BENCH_ROUNDS', 3));
	const callbacks = envInt('BENCH_CALLBACKS', 100);
	const callbackConcurrency = Math.max(1, envInt('BENCH_CALLBACK_CONCURRENCY', 10));
	const rateLimit = envInt('BENCH_RATE_LIMIT', 200);

	ensureBuilt();
	const loadBefore = load();
	const started = Date.now();
	const bench = await Bench.start();
	try {
		const { emulator } = bench;
		const runs = new Map<Chain, ItemRun[]>();
		const callbackRuns = new Map<CallbackSide, CallbackRun[]>([
			['ours', []],
			['n8n', []],
		]);
		const keep = (run: ItemRun) => runs.set(run.chain, [...(runs.get(run.chain) ?? []), run]);

		// Warm-up, not reported: node types loaded, credentials read, the WeCom token fetched, JIT.
		note('warm-up');
		for (const chain of [
			'base',
			'wecom-ours',
			'wecom-http',
			'tim-ours',
			'tim-ours-par',
			'tim-http',
			'kf-ours',
			'kf-http',
			'oa-ours',
			'oa-http',
			'meituan-ours',
			'meituan-ours-max',
			'meituan-http',
			'wecom-ours-cof',
			'wecom-http-cof',
		] as Chain[]) {
			await bench.runItems(chain, 5);
		}
		await bench.runCallbacks('ours', 5, 5);
		await bench.runCallbacks('n8n', 5, 5);
		note(`CPU is counted for: ${bench.describeProcesses()}`);

		const groups: Array<Array<Chain | CallbackSide>> = [
			['base'],
			['wecom-ours', 'wecom-http'],
			['tim-ours', 'tim-ours-par', 'tim-http'],
			['kf-ours', 'kf-http'],
			['oa-ours', 'oa-http'],
			['meituan-ours', 'meituan-ours-max', 'meituan-http'],
			['ours', 'n8n'],
		];
		for (let round = 0; round < rounds; round++) {
			for (const group of groups) {
				// Interleaved, and the other way round every other round: drift in the machine's load
				// falls on both sides alike.
				const order = round % 2 ? [...group].reverse() : group;
				for (const what of order) {
					if (what === 'ours' || what === 'n8n') {
						const run = await bench.runCallbacks(what, callbacks, callbackConcurrency);
						callbackRuns.get(what)!.push(run);
						note(`round ${round + 1}/${rounds} callbacks ${what}: last reply ${fmtMs(run.toLastReplyMs)}, ack p50 ${fmtMs(percentile(run.ackMs, 0.5))}`);
					} else {
						const run = await bench.runItems(what, items);
						keep(run);
						note(`round ${round + 1}/${rounds} ${what}: ${fmtMs(run.wallMs)}, CPU ${fmtMs(run.cpuMs / items)}/item`);
					}
				}
			}
		}

		// Throttled: at most `rateLimit` message/send calls a second; over it WeCom answers 45009.
		const throttled: Partial<Record<'ours' | 'http', ItemRun>> = {};
		if (rateLimit > 0) {
			for (const [side, chain] of [
				['ours', 'wecom-ours-cof'],
				['http', 'wecom-http-cof'],
			] as const) {
				const fault = emulator.rateLimitPerSecond('wecom', rateLimit, { path: SEND_PATH });
				throttled[side] = await bench.runItems(chain, items, { readOutput: true });
				const refused = emulator.faults().find((f) => f.id === fault.id)?.fired ?? 0;
				emulator.clearFaults('rateLimitPerSecond');
				note(`throttled ${side}: ${throttled[side]!.delivered}/${items} delivered in ${fmtMs(throttled[side]!.wallMs)}, ${refused} calls refused`);
			}
		}

		const tokenCalls = emulator.tokenCalls('wecom');
		const loadAfter = load();
		printReport({ bench, runs, callbackRuns, throttled, items, rounds, callbacks, callbackConcurrency, rateLimit, tokenCalls, loadBefore, loadAfter, started });

		if (args.includes('--faults')) await runFaults(bench);
	} finally {
		await bench.dispose();
	}
}

interface Report {
	bench: Bench;
	runs: Map<Chain, ItemRun[]>;
	callbackRuns: Map<CallbackSide, CallbackRun[]>;
	throttled: Partial<Record<'ours' | 'http', ItemRun>>;
	items: number;
	rounds: number;
	callbacks: number;
	callbackConcurrency: number;
	rateLimit: number;
	tokenCalls: number;
	loadBefore: string;
	loadAfter: string;
	started: number;
}

function printReport(r: Report): void {
	const { items } = r;
	const wall = (chain: Chain) => (r.runs.get(chain) ?? []).map((run) => run.wallMs);
	const cpuPerItem = (chain: Chain) => median((r.runs.get(chain) ?? []).map((run) => run.cpuMs / run.items));
	const base = cpuPerItem('base');
	const minMed = (values: number[]) => `${fmtMs(min(values))} / ${fmtMs(median(values))}`;
	const rate = (values: number[]) => `${Math.round(items / (median(values) / 1000))}/s`;
	/** > 1: ours took less. */
	const faster = (ours: number, theirs: number) => fmtRatio(theirs / ours);
	const rows: string[][] = [];

	const wecomOurs = wall('wecom-ours');
	const wecomHttp = wall('wecom-http');
	rows.push([`WeCom Message → Send (text) ×${items}: wall, min / median`, `${minMed(wecomOurs)} (${rate(wecomOurs)})`, `${minMed(wecomHttp)} (${rate(wecomHttp)})`, faster(median(wecomOurs), median(wecomHttp))]);
	rows.push(['  CPU per item (n8n + task runner), median', fmtMs(cpuPerItem('wecom-ours')), fmtMs(cpuPerItem('wecom-http')), faster(cpuPerItem('wecom-ours'), cpuPerItem('wecom-http'))]);
	rows.push(['  CPU per item above Webhook → Split Out alone', fmtMs(cpuPerItem('wecom-ours') - base), fmtMs(cpuPerItem('wecom-http') - base), faster(cpuPerItem('wecom-ours') - base, cpuPerItem('wecom-http') - base)]);

	const timOurs = wall('tim-ours');
	const timPar = wall('tim-ours-par');
	const timHttp = wall('tim-http');
	const parallel = r.bench.config.timParallel;
	rows.push([`Tencent IM Send One-to-One ×${items} (default): wall`, `${minMed(timOurs)} (${rate(timOurs)})`, `${minMed(timHttp)} (${rate(timHttp)})`, faster(median(timOurs), median(timHttp))]);
	rows.push([`  Items in Parallel ${parallel}: wall`, `${minMed(timPar)} (${rate(timPar)})`, '(same as above)', faster(median(timPar), median(timHttp))]);
	rows.push(['  CPU per item, default', fmtMs(cpuPerItem('tim-ours')), fmtMs(cpuPerItem('tim-http')), faster(cpuPerItem('tim-ours'), cpuPerItem('tim-http'))]);
	rows.push([`  CPU per item, Items in Parallel ${parallel}`, fmtMs(cpuPerItem('tim-ours-par')), fmtMs(cpuPerItem('tim-http')), faster(cpuPerItem('tim-ours-par'), cpuPerItem('tim-http'))]);

	// WeChat KF and the Official Account: the same three rows as WeCom's.
	const sendRows = (label: string, ours: Chain, http: Chain) => {
		const o = wall(ours);
		const h = wall(http);
		rows.push([`${label} ×${items}: wall, min / median`, `${minMed(o)} (${rate(o)})`, `${minMed(h)} (${rate(h)})`, faster(median(o), median(h))]);
		rows.push(['  CPU per item (n8n + task runner), median', fmtMs(cpuPerItem(ours)), fmtMs(cpuPerItem(http)), faster(cpuPerItem(ours), cpuPerItem(http))]);
		rows.push(['  CPU per item above Webhook → Split Out alone', fmtMs(cpuPerItem(ours) - base), fmtMs(cpuPerItem(http) - base), faster(cpuPerItem(ours) - base, cpuPerItem(http) - base)]);
	};
	sendRows('WeChat KF Message → Send (text)', 'kf-ours', 'kf-http');
	sendRows('WeChat Official Account Customer Service Message → Send (text)', 'oa-ours', 'oa-http');
	// Meituan: the node keeps its documented 50 calls a second by default; raised, what the node itself does.
	sendRows('Meituan IM Message → Send (text), Max Calls per Second 50 (default)', 'meituan-ours', 'meituan-http');
	const mtMax = wall('meituan-ours-max');
	const mtHttp = wall('meituan-http');
	rows.push([`  Max Calls per Second ${r.bench.config.mtMaxPerSecond}: wall`, `${minMed(mtMax)} (${rate(mtMax)})`, '(same as above)', faster(median(mtMax), median(mtHttp))]);
	rows.push([`  CPU per item, Max Calls per Second ${r.bench.config.mtMaxPerSecond}`, fmtMs(cpuPerItem('meituan-ours-max')), fmtMs(cpuPerItem('meituan-http')), faster(cpuPerItem('meituan-ours-max'), cpuPerItem('meituan-http'))]);

	const cb = (side: CallbackSide) => r.callbackRuns.get(side) ?? [];
	const lastReply = (side: CallbackSide) => cb(side).map((run) => run.toLastReplyMs);
	const acks = (side: CallbackSide) => cb(side).flatMap((run) => run.ackMs);
	const cpuPerCallback = (side: CallbackSide) => median(cb(side).map((run) => run.cpuMs / run.callbacks));
	const replies = (side: CallbackSide) => cb(side).reduce((sum, run) => sum + run.replies, 0);
	const sent = (side: CallbackSide) => cb(side).reduce((sum, run) => sum + run.callbacks, 0);
	rows.push([
		`${r.callbacks} WeCom callbacks, ${r.callbackConcurrency} at a time, to the last reply`,
		`${minMed(lastReply('ours'))} (${replies('ours')}/${sent('ours')} replies)`,
		`${minMed(lastReply('n8n'))} (${replies('n8n')}/${sent('n8n')})`,
		faster(median(lastReply('ours')), median(lastReply('n8n'))),
	]);
	rows.push(['  acknowledgement p50', fmtMs(percentile(acks('ours'), 0.5)), fmtMs(percentile(acks('n8n'), 0.5)), faster(percentile(acks('ours'), 0.5), percentile(acks('n8n'), 0.5))]);
	rows.push(['  acknowledgement p99', fmtMs(percentile(acks('ours'), 0.99)), fmtMs(percentile(acks('n8n'), 0.99)), faster(percentile(acks('ours'), 0.99), percentile(acks('n8n'), 0.99))]);
	rows.push(['  CPU per callback', fmtMs(cpuPerCallback('ours')), fmtMs(cpuPerCallback('n8n')), faster(cpuPerCallback('ours'), cpuPerCallback('n8n'))]);

	const t = r.throttled;
	if (t.ours && t.http) {
		// Delivered items per second of the run, over at least one 1 s window of the limit: a run that
		// fires everything at once and loses most of it gets no credit for its short duration.
		const achieved = (run: ItemRun) => (run.delivered / (Math.max(run.wallMs, 1000) / 1000) / r.rateLimit) * 100;
		rows.push([
			`Throttled to ${r.rateLimit} calls/s, ×${items}: achieved rate, % of the limit`,
			`${achieved(t.ours).toFixed(0)} % (${fmtMs(t.ours.wallMs)})`,
			`${achieved(t.http).toFixed(0)} % (${fmtMs(t.http.wallMs)})`,
			fmtRatio(achieved(t.ours) / achieved(t.http)),
		]);
		rows.push(['  delivered', String(t.ours.delivered), String(t.http.delivered), '—']);
		rows.push(['  lost (not delivered, not reported as failed)', String(t.ours.lost), String(t.http.lost), '—']);
		rows.push(['  reported as failed', String(t.ours.failedReported), String(t.http.failedReported), '—']);
		rows.push(['  duplicates', String(t.ours.report.duplicateDeliveries), String(t.http.report.duplicateDeliveries), '—']);
	}
	const wecomExecutions = [...r.runs.values()].flat().filter((run) => run.chain.startsWith('wecom-ours')).length + (t.ours ? 1 : 0) + 2;
	rows.push([
		'gettoken calls, whole run',
		`${r.tokenCalls - 1} (${wecomExecutions} item runs and ${sent('ours') + 5} callback replies by WeCom nodes)`,
		'1 (the bench, for the URL)',
		'—',
	]);
	const baseWall = wall('base');
	rows.push([`Webhook → Split Out ×${items} alone (in every row above)`, `${minMed(baseWall)}, CPU ${fmtMs(base)}/item`, '', '']);

	const seconds = ((Date.now() - r.started) / 1000).toFixed(0);
	say('');
	say(
		`n8n ${r.bench.n8n.version} · Node ${process.version} (bench) · ${items} items · ${r.rounds} rounds · ` +
			`${r.bench.config.latencyMs} ms emulator latency · ${os.cpus().length} CPUs · ${seconds} s`,
	);
	say(`package: ${r.bench.build}`);
	const settings = r.bench.config.n8nEnv;
	if (settings) say(`n8n settings (BENCH_N8N_ENV): ${settingsLine(settings)}`);
	say(`load before: ${r.loadBefore}`);
	say(`load after:  ${r.loadAfter}`);
	say('');
	say(table(['Measure', 'Ours', "n8n's own (HTTP Request / Webhook)", 'Ratio (>1 = ours better)'], rows));
	const incomplete = [...r.runs.values()]
		.flat()
		.filter((run) => run.chain !== 'base' && (run.status !== 'success' || run.delivered !== run.items || run.report.duplicateDeliveries > 0));
	say('');
	say(
		incomplete.length === 0
			? `Every timed run succeeded and delivered each of its ${items} items once.`
			: `Runs that failed, lost or duplicated items (their times are in the figures above): ${incomplete
					.map((run) => `${run.chain} ${run.status} ${run.delivered}/${run.items} delivered, ${run.report.duplicateDeliveries} duplicates`)
					.join('; ')}`,
	);
	say('');

	// The ratios as a chart the README can show (GitHub renders Mermaid).
	const chart: Array<[string, number]> = [
		['WeCom send', median(wecomHttp) / median(wecomOurs)],
		['TIM send', median(timHttp) / median(timOurs)],
		[`TIM x${parallel}`, median(timHttp) / median(timPar)],
		['KF send', median(wall('kf-http')) / median(wall('kf-ours'))],
		['OA send', median(wall('oa-http')) / median(wall('oa-ours'))],
		['Meituan send', median(mtHttp) / median(wall('meituan-ours'))],
		[`Meituan ${r.bench.config.mtMaxPerSecond}/s`, median(mtHttp) / median(mtMax)],
		['Callbacks', median(lastReply('n8n')) / median(lastReply('ours'))],
		['Ack p50', percentile(acks('n8n'), 0.5) / percentile(acks('ours'), 0.5)],
		['Ack p99', percentile(acks('n8n'), 0.99) / percentile(acks('ours'), 0.99)],
		['CPU WeCom', cpuPerItem('wecom-http') / cpuPerItem('wecom-ours')],
		['CPU KF', cpuPerItem('kf-http') / cpuPerItem('kf-ours')],
		['CPU OA', cpuPerItem('oa-http') / cpuPerItem('oa-ours')],
		['CPU Meituan', cpuPerItem('meituan-http') / cpuPerItem('meituan-ours-max')],
		['CPU callback', cpuPerCallback('n8n') / cpuPerCallback('ours')],
	];
	const finite = chart.filter(([, v]) => Number.isFinite(v));
	const top = Math.max(1.5, ...finite.map(([, v]) => v)) * 1.1;
	say('```mermaid');
	say('xychart-beta');
	say(`    title "Ours vs n8n's own nodes: ratio, > 1 = ours better (n8n ${r.bench.n8n.version})"`);
	say(`    x-axis [${finite.map(([k]) => `"${k}"`).join(', ')}]`);
	say(`    y-axis "ratio" 0 --> ${top.toFixed(1)}`);
	say(`    bar [${finite.map(([, v]) => v.toFixed(2)).join(', ')}]`);
	say(`    line [${finite.map(() => '1').join(', ')}]`);
	say('```');

	const file = path.join(os.tmpdir(), `n8n-nodes-china-im-bench-${Date.now()}.json`);
	const summary = {
		version: r.bench.n8n.version,
		items,
		rounds: r.rounds,
		runs: Object.fromEntries([...r.runs].map(([k, v]) => [k, v.map(({ report, ...rest }) => ({ ...rest, duplicates: report.duplicateDeliveries }))])),
		callbacks: Object.fromEntries([...r.callbackRuns].map(([k, v]) => [k, v])),
		throttled: Object.fromEntries(Object.entries(r.throttled).map(([k, v]) => [k, v && { ...v, report: undefined, duplicates: v.report.duplicateDeliveries }])),
		tokenCalls: r.tokenCalls,
		load: [r.loadBefore, r.loadAfter],
	};
	fs.writeFileSync(file, JSON.stringify(summary, null, 2));
	note(`raw numbers: ${file}`);
}

main().catch((error) => {
	process.stderr.write(`[bench] failed: ${(error as Error).stack ?? error}\n`);
	process.exitCode = 1;
});
