/**
 * Runs the emulator as a process for the e2e suite and the sandbox:
 *   npx tsx test/emulator/cli.ts [--port N] [--host H] [--fixtures default|sandbox|none]
 * Prints one JSON line {"url", "fixtures"} on stdout once listening, then serves until
 * SIGINT/SIGTERM.
 */
import { describeFixtures, type FixtureSet } from './fixtures';
import { startEmulator } from './server';

function argValue(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	if (i >= 0) return args[i + 1];
	const inline = args.find((a) => a.startsWith(`${name}=`));
	return inline?.slice(name.length + 1);
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const portText = argValue(args, '--port') ?? '0';
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${portText}`);
	const fixturesArg = argValue(args, '--fixtures') ?? 'default';
	if (!['default', 'sandbox', 'none'].includes(fixturesArg)) throw new Error(`--fixtures must be default, sandbox or none`);
	const set = fixturesArg === 'none' ? false : (fixturesArg as FixtureSet);
	const emulator = await startEmulator({ port, host: argValue(args, '--host'), fixtures: set });
	process.stdout.write(`${JSON.stringify({ url: emulator.url, fixtures: set ? describeFixtures(set) : null })}\n`);
	let closing = false;
	const stop = () => {
		if (closing) return;
		closing = true;
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`emulator: ${(error as Error).message}\n`);
	process.exit(1);
});
