/**
 * The fault report (npm run bench:faults, or npm run bench -- --faults in the same n8n as the
 * benchmark): WeCom Message → Send under faults the emulator injects on message/send. It reports
 * what reached the recipients and what the node said about it; it asserts nothing.
 *
 * 1. 45009 on a fraction BENCH_FAULT_P (0.3) of sends, for BENCH_FAULT_SEEDS (20) seeds, each with
 *    BENCH_FAULT_ITEMS (50) items: lost per seed. n8n's HTTP Request for the first seed, for reference.
 * 2. errorAfterDelivery on 1 call in BENCH_FAULT_EVERY (20), BENCH_FAULT_RUN_ITEMS (200) items:
 *    the message is delivered but answered 502; a resend delivers it twice.
 * 3. One hung call (the 100th) among BENCH_FAULT_RUN_ITEMS items: delivered count and duration.
 *    A call still held after BENCH_HANG_WAIT_S (120) seconds is dropped by the emulator, so the
 *    run ends whatever the node does.
 *
 * The nodes run with "On Error: Continue" (continueRegularOutput) so every item's fate is in the
 * output; the hang is also run with the default (stop at the first error).
 */
import { ensureBuilt, envInt, fmtMs, load, note, say, table } from './lib';
import { Bench, SEND_PATH, type Chain, type ItemRun } from './setup';

function envFraction(name: string, fallback: number): number {
	const raw = process.env[name];
	const value = raw === undefined || raw === '' ? fallback : Number(raw);
	if (!(value >= 0 && value <= 1)) throw new Error(`${name}=${raw} is not a fraction 0..1`);
	return value;
}

const outcome = (run: ItemRun) => [
	String(run.delivered),
	run.nodeFailed ? `all ${run.items} (node error)` : String(run.failedReported ?? '—'),
	String(run.lost ?? '—'),
	String(run.report.duplicateDeliveries),
	fmtMs(run.wallMs),
	run.status,
];

export async function runFaults(bench: Bench): Promise<void> {
	const { emulator } = bench;
	const p = envFraction('BENCH_FAULT_P', 0.3);
	const seeds = Math.max(1, envInt('BENCH_FAULT_SEEDS', 20));
	const seedItems = Math.max(1, envInt('BENCH_FAULT_ITEMS', 50));
	const every = Math.max(1, envInt('BENCH_FAULT_EVERY', 20));
	const runItems = Math.max(2, envInt('BENCH_FAULT_RUN_ITEMS', 200));
	const hangWaitMs = envInt('BENCH_HANG_WAIT_S', 120) * 1000;
	const loadBefore = load();
	const started = Date.now();
	// The benchmark's latency stays on: the same 20 ms per call as there.

	// 1. Random 45009.
	const seedRows: string[][] = [];
	const lostPerSeed: number[] = [];
	const header = ['delivered', 'reported failed', 'lost', 'duplicates', 'duration', 'execution', 'failed but delivered'];
	const randomRun = async (chain: Chain, seed: number) => {
		const fault = emulator.randomRateLimit('wecom', p, { path: SEND_PATH, seed });
		const run = await bench.runItems(chain, seedItems, { readOutput: true });
		const answered = emulator.faults().find((f) => f.id === fault.id)?.fired ?? 0;
		emulator.clearFaults('randomRateLimit');
		return { run, answered };
	};
	for (let seed = 1; seed <= seeds; seed++) {
		const { run, answered } = await randomRun('wecom-ours-cof', seed);
		lostPerSeed.push(run.lost ?? 0);
		seedRows.push([`ours, seed ${seed}`, String(answered), ...outcome(run), String(run.failedButDelivered)]);
		note(`45009 seed ${seed}: ${run.delivered}/${seedItems} delivered, ${run.lost} lost, ${answered} answered 45009`);
	}
	{
		const { run, answered } = await randomRun('wecom-http-cof', 1);
		seedRows.push(['HTTP Request, seed 1', String(answered), ...outcome(run), String(run.failedButDelivered)]);
	}

	// 2. Delivered, answered 502.
	const deliveryRows: string[][] = [];
	for (const [label, chain] of [
		['ours', 'wecom-ours-cof'],
		['HTTP Request', 'wecom-http-cof'],
	] as const) {
		const fault = emulator.errorAfterDelivery('wecom', { path: SEND_PATH, every });
		const run = await bench.runItems(chain, runItems, { readOutput: true });
		const answered = emulator.faults().find((f) => f.id === fault.id)?.fired ?? 0;
		emulator.clearFaults('errorAfterDelivery');
		deliveryRows.push([label, String(answered), ...outcome(run), String(run.failedButDelivered)]);
		note(`errorAfterDelivery ${label}: ${run.report.duplicateDeliveries} duplicates, ${run.failedButDelivered} reported failed but delivered`);
	}

	// 3. One hung call.
	const hangRows: string[][] = [];
	const hangAfter = Math.floor(runItems / 2) - 1;
	for (const [label, chain] of [
		['ours, On Error: Continue', 'wecom-ours-cof'],
		['ours, default (stop on error)', 'wecom-ours'],
	] as const) {
		emulator.hang('wecom', 1, { path: SEND_PATH, after: hangAfter });
		let released = 0;
		const run = await bench.runItems(chain, runItems, {
			readOutput: true,
			slowAfterMs: hangWaitMs,
			onSlow: () => {
				released = emulator.releaseHungCalls();
				note(`hang ${label}: still waiting after ${hangWaitMs / 1000} s, the emulator drops ${released} held call(s)`);
			},
		});
		emulator.clearFaults('hang');
		const hung = emulator.core.requests({ path: SEND_PATH }).filter((r) => r.fault === 'hang').at(-1);
		hangRows.push([
			label,
			...outcome(run),
			String(run.failedButDelivered),
			released > 0 ? `dropped by the emulator after ${hangWaitMs / 1000} s` : `${fmtMs(hung?.durationMs ?? NaN)} (the node gave up)`,
		]);
		note(`hang ${label}: ${run.delivered}/${runItems} delivered in ${fmtMs(run.wallMs)}`);
	}

	say('');
	say(`Fault report · n8n ${bench.n8n.version} · ${bench.config.latencyMs} ms emulator latency · ${((Date.now() - started) / 1000).toFixed(0)} s`);
	say(`package: ${bench.build}`);
	say(`load before: ${loadBefore}`);
	say(`load after:  ${load()}`);
	say('');
	say(`WeCom 45009 on ${Math.round(p * 100)} % of message/send calls (randomRateLimit), ${seedItems} items per seed:`);
	say('');
	say(table(['Run', '45009 answers (retries too)', ...header], seedRows));
	const lostSeeds = lostPerSeed.filter((l) => l > 0).length;
	say('');
	say(`ours: items lost in ${lostSeeds} of ${seeds} seeds, ${lostPerSeed.reduce((a, b) => a + b, 0)} in all; lost per seed: ${lostPerSeed.join(' ')}`);
	say('');
	say(`Delivered but answered 502 on 1 call in ${every} (errorAfterDelivery), ${runItems} items:`);
	say('');
	say(table(['Run', '502 answers', ...header], deliveryRows));
	say('');
	say(`One hung message/send call (the ${hangAfter + 1}th) among ${runItems} items:`);
	say('');
	say(table(['Run', ...header, 'hung call'], hangRows));
}

async function main(): Promise<void> {
	ensureBuilt();
	const bench = await Bench.start();
	try {
		await runFaults(bench);
	} finally {
		await bench.dispose();
	}
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[bench] failed: ${(error as Error).stack ?? error}\n`);
		process.exitCode = 1;
	});
}
