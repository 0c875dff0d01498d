/**
 * The package rules of n8n's verified community nodes and of this house: checked on the files
 * themselves, so a stray dependency, import or global fails the test run, not a later review.
 */
import { readFileSync, readdirSync, statSync } from 'fs';
import { join, relative } from 'path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function walk(dir: string, filter: (file: string) => boolean): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path, filter) : filter(path) ? [path] : [];
	});
}

const runtimeFiles = [
	...walk(join(root, 'nodes'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
	...walk(join(root, 'credentials'), (f) => f.endsWith('.ts')),
	join(root, 'index.ts'),
];

describe('package.json', () => {
	it('follows the community-node conventions', () => {
		expect(pkg.name).toBe('n8n-nodes-china-im');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.engines.node).toBe('>=20.15');
	});

	it('has no runtime dependencies and exactly n8n-workflow as peer', () => {
		expect(pkg.dependencies).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.optionalDependencies).toBeUndefined();
		expect(pkg.bundleDependencies ?? pkg.bundledDependencies).toBeUndefined();
	});

	it('pins the dev tools that run on this Node', () => {
		expect(pkg.devDependencies['n8n-workflow']).toBe('2.8.0');
		expect(pkg.devDependencies['n8n-core']).toBe('2.8.1');
		expect(pkg.devDependencies.typescript).toMatch(/^5\.9\./);
		expect(pkg.devDependencies.nock).toMatch(/^14\./);
	});

	it('lists every credential and node of the source tree, and nothing else', () => {
		const credentials = walk(join(root, 'credentials'), (f) => f.endsWith('.credentials.ts'))
			.map((f) => `dist/${relative(root, f).replace(/\.ts$/, '.js')}`)
			.sort();
		const nodes = walk(join(root, 'nodes'), (f) => f.endsWith('.node.ts'))
			.map((f) => `dist/${relative(root, f).replace(/\.ts$/, '.js')}`)
			.sort();
		expect([...pkg.n8n.credentials].sort()).toEqual(credentials);
		expect([...pkg.n8n.nodes].sort()).toEqual(nodes);
		expect(nodes.length).toBeGreaterThan(0);
	});
});

describe('runtime code', () => {
	const allowed = new Set(['n8n-workflow', 'crypto', 'node:crypto', 'zlib', 'node:zlib']);

	it.each(runtimeFiles.map((f) => [relative(root, f), f]))('%s imports only n8n-workflow, crypto and zlib', (_name, file) => {
		const source = readFileSync(file, 'utf8');
		const specifiers = [
			...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
			...source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
			...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
		].map((m) => m[1]);
		const external = specifiers.filter((s) => !s.startsWith('.'));
		expect(external.filter((s) => !allowed.has(s))).toEqual([]);
	});

	it.each(runtimeFiles.map((f) => [relative(root, f), f]))('%s uses no timers, environment or file access', (_name, file) => {
		// Comments may name what is forbidden; code may not use it.
		const code = readFileSync(file, 'utf8')
			.replace(/\/\*[\s\S]*?\*\//g, '')
			.replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
		expect(code).not.toMatch(/\bsetTimeout\s*\(|\bsetInterval\s*\(|\bsetImmediate\s*\(/);
		expect(code).not.toMatch(/\bprocess\.env\b/);
		expect(code).not.toMatch(/\bconsole\.(log|error|warn|info|debug)\b/);
		expect(code).not.toMatch(/\bfrom\s+['"](node:)?fs['"]|\brequire\(\s*['"](node:)?fs['"]/);
	});
});

describe('examples', () => {
	const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json'));
	type Workflow = { nodes: Array<Record<string, unknown>>; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
	const workflows = examples.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')) as Workflow }));
	const dedupeNodes = workflows.flatMap(({ file, workflow }) =>
		workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.removeDuplicates').map((node) => ({ file, node })),
	);

	it('put Once per Message after the trigger of every auto-reply example', () => {
		expect(dedupeNodes.map((d) => d.file).sort()).toEqual(examples.filter((f) => f.includes('auto-reply')).sort());
		for (const { file, node } of dedupeNodes) {
			const { workflow } = workflows.find((w) => w.file === file)!;
			const trigger = workflow.nodes.find((n) => String(n.type).endsWith('Trigger'));
			expect(workflow.connections[String(trigger?.name)]?.main[0].map((c) => c.node)).toEqual([node.name]);
		}
	});

	// n8n's Remove Duplicates inserts its record with the first execution; executions that start
	// before it exists fail that step on the unique key (test/e2e/wecom.e2e.test.ts, first burst).
	it.each(dedupeNodes.map((d) => [d.file, d.node] as const))('%s: Once per Message retries its step', (_file, node) => {
		expect(node).toMatchObject({ retryOnFail: true, maxTries: expect.any(Number) });
		expect(node.maxTries as number).toBeGreaterThanOrEqual(2);
	});
});
