/**
 * Each n8n version loads every node and credential that package.json's "n8n" section declares,
 * with the codex file beside each node (category, search aliases, docs links), installed two ways:
 *
 * - as the harness lays a package out ('copy': package.json + "files", as npm would);
 * - the way README.md → Install tells users to: `npm pack`, then `npm install --legacy-peer-deps
 *   <tarball>` in the user folder's .n8n/nodes.
 *
 * E2E_PACKAGE_DIR points the test at another package folder (used to try the test on a throwaway
 * package); the codex checks then cover the nodes that package ships a codex for.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { N8nInstance, REPO_ROOT, declaredTypes, e2eVersions, n8nCacheDir } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const declared = declaredTypes(packageDir);
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

interface NodeType {
	name: string;
	codex?: unknown;
	[key: string]: unknown;
}

/**
 * The codex n8n's DirectoryLoader builds from `${nodeFile}on` (getCodex in n8n-core's
 * directory-loader.js, identical in 2.8.4 and 2.41.1), keyed by node type.
 */
function expectedCodex(): Map<string, Record<string, unknown>> {
	const codex = new Map<string, Record<string, unknown>>();
	for (const nodeFile of (pkg.n8n?.nodes ?? []) as string[]) {
		const file = path.join(packageDir, `${nodeFile}on`);
		if (!fs.existsSync(file)) continue;
		const { node, categories, subcategories, alias, resources } = JSON.parse(fs.readFileSync(file, 'utf8'));
		codex.set(node, {
			...(categories && { categories }),
			...(subcategories && { subcategories }),
			...(alias && { alias }),
			resources: {
				primaryDocumentation: resources.primaryDocumentation,
				credentialDocumentation: resources.credentialDocumentation,
			},
		});
	}
	return codex;
}

const codexByType = expectedCodex();

/** Per declared node: what n8n loaded as its codex, next to what the codex file says. */
function codexReport(loaded: NodeType[]) {
	const byName = new Map(loaded.map((type) => [type.name, type]));
	return declared.nodes
		.filter((name) => codexByType.has(name))
		.map((name) => ({ name, codex: byName.get(name)?.codex }));
}

function expectedReport() {
	return declared.nodes.filter((name) => codexByType.has(name)).map((name) => ({ name, codex: codexByType.get(name) }));
}

function expectCodexLoaded(loaded: NodeType[]) {
	if (packageDir === REPO_ROOT) {
		// This package ships a codex for every node, in the Communication category, with aliases.
		expect(declared.nodes.filter((name) => !codexByType.has(name))).toEqual([]);
		for (const codex of codexByType.values()) {
			expect(codex.categories).toContain('Communication');
			expect((codex.alias as string[]).length).toBeGreaterThan(0);
		}
	}
	expect(codexReport(loaded)).toEqual(expectedReport());
}

/** npm without the caller's npm_config_* (npm run sets ignore-scripts, prefix and more). */
function npm(args: string[], cwd: string): string {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !/^npm_config_/i.test(key)) env[key] = value;
	}
	return execFileSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 5 * 60 * 1000, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe.each(e2eVersions())(`${declared.packageName} on n8n %s`, (version) => {
	let n8n: N8nInstance;
	let exported: NodeType[];

	beforeAll(async () => {
		// 'copy' lays the package out as `npm install` does, without this repo's devDependencies
		// next to it: a runtime require of one fails here as it would for a user.
		n8n = await N8nInstance.create({ version, packages: [packageDir], packageMode: 'copy' });
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] export-nodes, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
	});

	it('package.json declares nodes and credentials', () => {
		// An empty list would make the checks below pass without loading anything.
		expect(declared.nodes.length + declared.credentials.length).toBeGreaterThan(0);
	});

	it('n8n export:nodes lists every declared node', async () => {
		exported = (await n8n.exportNodes()) as NodeType[];
		const names = new Set(exported.map((node) => node.name));
		expect(declared.nodes.filter((name) => !names.has(name))).toEqual([]);
	});

	it('n8n export:nodes carries each node’s codex (category, aliases, docs links)', async () => {
		exported ??= (await n8n.exportNodes()) as NodeType[];
		expectCodexLoaded(exported);
	});

	it('the running server loads every declared node and credential type', async () => {
		await n8n.start({ waitForWebhooks: false });
		const credentialTypes = new Set((await n8n.credentialTypes()).map((type) => type.name));
		const nodeTypes = new Set((await n8n.nodeTypes()).map((type) => type.name));
		expect({
			missingCredentials: declared.credentials.filter((name) => !credentialTypes.has(name)),
			missingNodes: declared.nodes.filter((name) => !nodeTypes.has(name)),
		}).toEqual({ missingCredentials: [], missingNodes: [] });
	});

	it('the editor gets each node’s codex from the server (what the node panel searches)', async () => {
		if (!n8n.running) await n8n.start({ waitForWebhooks: false });
		expectCodexLoaded((await n8n.nodeTypes()) as NodeType[]);
	});

	it('logs no error about the package', () => {
		// The n8n install's own path contains the package name too (its cache folder).
		const suspicious = n8n
			.log()
			.split('\n')
			.map((line) => line.split(n8nCacheDir()).join('<n8n>'))
			.filter((line) => line.includes(declared.packageName) && /error|fail|skipping|cannot/i.test(line));
		expect(suspicious).toEqual([]);
	});
});

describe('installed from `npm pack`', () => {
	let scratch: string;
	let tarball: string;

	beforeAll(() => {
		scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'china-im-pack-'));
		const printed = npm(['pack', '--silent', '--pack-destination', scratch, packageDir], scratch).trim().split('\n').pop()!;
		tarball = path.join(scratch, printed);
	});

	afterAll(() => {
		if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
	});

	it('the tarball holds package.json, README.md and dist/ with the codex files', () => {
		const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
		// npm adds README and LICENSE files whatever "files" says.
		const outside = entries.filter((entry) => !entry.startsWith('package/dist/') && !/^package\/(README|LICENSE)/i.test(entry));
		expect(outside).toEqual(['package/package.json']);
		const declaredFiles = [...((pkg.n8n?.nodes ?? []) as string[]), ...((pkg.n8n?.credentials ?? []) as string[])];
		expect(declaredFiles.filter((file) => !entries.includes(`package/${file}`))).toEqual([]);
		if (packageDir === REPO_ROOT) {
			const codex = ((pkg.n8n?.nodes ?? []) as string[]).map((file) => `package/${file}on`);
			expect(codex.filter((file) => !entries.includes(file))).toEqual([]);
		}
	});

	describe.each(e2eVersions())('into .n8n/nodes of n8n %s', (version) => {
		let n8n: N8nInstance;

		beforeAll(async () => {
			n8n = await N8nInstance.create({ version, packages: [] });
			const nodesDir = path.join(n8n.userFolder, '.n8n', 'nodes');
			fs.rmSync(path.join(nodesDir, 'node_modules'), { recursive: true, force: true });
			const started = Date.now();
			// README.md → Install: --legacy-peer-deps, or npm would install n8n-workflow (the peer
			// dependency) and its native dependencies next to the package.
			npm(['install', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball], nodesDir);
			process.stderr.write(`[e2e timings] npm install of the tarball, n8n ${version}: ${Date.now() - started} ms\n`);
		});

		afterAll(async () => {
			if (n8n) await n8n.dispose();
		});

		it('npm installs the package alone: no dependencies, no copy of n8n-workflow', () => {
			const modules = fs.readdirSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules')).filter((name) => !name.startsWith('.'));
			expect(modules).toEqual([declared.packageName]);
		});

		it('n8n export:nodes lists every declared node, with its codex', async () => {
			const exported = (await n8n.exportNodes()) as NodeType[];
			const names = new Set(exported.map((node) => node.name));
			expect(declared.nodes.filter((name) => !names.has(name))).toEqual([]);
			expectCodexLoaded(exported);
		});
	});
});
