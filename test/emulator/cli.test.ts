import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';
import { wecomFixture } from './fixtures';
import { getJson } from './testUtils';

const CLI = join(__dirname, 'cli.ts');

function startCli(args: string[]): { child: ChildProcess; firstLine: Promise<string> } {
	// tsx as a loader of this Node, so no npx lookup and no extra shell between us and the signal.
	const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	const firstLine = new Promise<string>((resolve, reject) => {
		let out = '';
		let err = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const newline = out.indexOf('\n');
			if (newline >= 0) resolve(out.slice(0, newline));
		});
		child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`cli exited ${code} before printing: ${err}`)));
	});
	return { child, firstLine };
}

function exitOf(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('cli', () => {
	it('prints one JSON line with the URL and fixtures, serves, and exits 0 on SIGTERM', async () => {
		const { child, firstLine } = startCli(['--fixtures', 'sandbox']);
		try {
			const info = JSON.parse(await firstLine);
			expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(info.fixtures.wecom).toMatchObject({ corpId: 'ww_emulator_corp', agentId: 1000002, robotKey: 'emulator-robot-key' });
			expect(info.fixtures.wecom.encodingAesKey).toHaveLength(43);
			expect(info.fixtures.wecom.secondApp.agentId).toBe(1000003);
			expect(info.fixtures.oa.appId).toBeDefined();
			const token = await getJson(`${info.url}/wecom/cgi-bin/gettoken?corpid=${wecomFixture.corpId}&corpsecret=${wecomFixture.corpSecret}`);
			expect(token.errcode).toBe(0);
			const exited = exitOf(child);
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});

	it('refuses a bad --port', async () => {
		const { child, firstLine } = startCli(['--port', 'abc']);
		const exited = exitOf(child);
		await expect(firstLine).rejects.toThrow(/--port must be/);
		expect(await exited).toBe(1);
	});
});
