/**
 * No import cycles under nodes/: a cycle makes a module see another half-initialised (an empty
 * table, an undefined helper) depending on which file n8n happens to load first. Type-only imports
 * count too: they are where cycles start before a value import closes them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const root = join(__dirname, '..', '..', '..');
const nodesDir = join(root, 'nodes');

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return walk(path);
		return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
	});
}

/** The relative specifiers of `import … from`, `export … from`, `import('…')` and `require('…')`. */
function relativeImports(source: string): string[] {
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
	return [
		...code.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g),
		...code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
		...code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
	]
		.map((m) => m[1])
		.filter((s) => s.startsWith('.'));
}

function resolveImport(from: string, specifier: string): string | undefined {
	const base = resolve(dirname(from), specifier);
	return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Every cycle once, each as the list of files from its first file back to it. */
function findCycles(graph: Map<string, string[]>): string[][] {
	const cycles: string[][] = [];
	const seenCycles = new Set<string>();
	const done = new Set<string>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const visit = (file: string) => {
		stack.push(file);
		onStack.add(file);
		for (const next of graph.get(file) ?? []) {
			if (onStack.has(next)) {
				const cycle = stack.slice(stack.indexOf(next));
				const key = [...cycle].sort().join('|');
				if (!seenCycles.has(key)) {
					seenCycles.add(key);
					cycles.push([...cycle, next]);
				}
			} else if (!done.has(next)) {
				visit(next);
			}
		}
		stack.pop();
		onStack.delete(file);
		done.add(file);
	};
	for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
	return cycles;
}

describe('import graph of nodes/', () => {
	const files = walk(nodesDir);
	const graph = new Map<string, string[]>();
	const unresolved: string[] = [];
	for (const file of files) {
		const targets: string[] = [];
		for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
			const target = resolveImport(file, specifier);
			if (target) targets.push(target);
			else unresolved.push(`${relative(root, file)} → ${specifier}`);
		}
		graph.set(file, targets);
	}

	it('resolves every relative import to a file', () => {
		expect(files.length).toBeGreaterThan(20);
		expect(unresolved).toEqual([]);
	});

	it('has no cycles', () => {
		const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(root, file)).join(' → '));
		expect(cycles).toEqual([]);
	});
});

describe('the cycle finder itself', () => {
	it.each<[string, Record<string, string[]>, string[][]]>([
		['no edges', { a: [], b: [] }, []],
		['a chain', { a: ['b'], b: ['c'], c: [] }, []],
		['a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
		['two files', { a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
		['three files, found once', { a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c', 'a']]],
		['a file importing itself', { a: ['a'] }, [['a', 'a']]],
	])('%s', (_name, edges, expected) => {
		expect(findCycles(new Map(Object.entries(edges)))).toEqual(expected);
	});

	it.each([
		["import type { Show } from './content';", ['./content']],
		["export { checkMsgBody } from './elements/json';", ['./elements/json']],
		["import * as send from './send.operation';\nimport { x } from 'n8n-workflow';", ['./send.operation']],
		["import {\n\ta,\n\tb,\n} from '../../shared/params';", ['../../shared/params']],
		["// import { old } from './old';\nconst x = require('./req');", ['./req']],
	])('reads the imports of %j', (source, expected) => {
		expect(relativeImports(source)).toEqual(expected);
	});
});
