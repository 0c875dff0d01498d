/**
 * The platform template as a test: every folder under nodes/ but shared/ is one platform, laid out
 * the same way, and the dependency rules that keep platforms and resources apart hold. A new
 * platform that copies the shape passes; one that reaches into a neighbour fails here.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';

const root = join(__dirname, '..', '..');
const nodesDir = join(root, 'nodes');
const SHARED = 'shared';
/** Folders inside actions/ that are not resources: helpers several resources of one platform use. */
const NOT_RESOURCES = new Set(['common']);

const platforms = readdirSync(nodesDir).filter((name) => name !== SHARED && statSync(join(nodesDir, name)).isDirectory());

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return walk(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

function relativeImports(file: string): string[] {
	const code = readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
	return [...code.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)]
		.map((m) => m[1])
		.filter((s) => s.startsWith('.'))
		.map((s) => resolve(dirname(file), s));
}

/** The nodes/-relative segments of a resolved import target: [platform, 'actions', resource, ...]. */
function segments(path: string): string[] {
	return relative(nodesDir, path).split(sep);
}

function resourcesOf(platform: string): string[] {
	const actions = join(nodesDir, platform, 'actions');
	if (!existsSync(actions)) return [];
	return readdirSync(actions).filter((name) => !NOT_RESOURCES.has(name) && statSync(join(actions, name)).isDirectory());
}

it('finds the platforms', () => {
	expect(platforms).toEqual(expect.arrayContaining(['WeCom', 'TencentCloudIm', 'WeChatOfficialAccount']));
});

describe.each(platforms)('nodes/%s', (platform) => {
	const dir = join(nodesDir, platform);

	it('has the template files: the node, its trigger, its transport and resources', () => {
		const missing = [`${platform}.node.ts`, `${platform}Trigger.node.ts`, 'transport.ts'].filter(
			(file) => !existsSync(join(dir, file)),
		);
		expect(missing).toEqual([]);
		expect(resourcesOf(platform).length).toBeGreaterThan(0);
	});

	it.each(resourcesOf(platform))('actions/%s has an index and its operations', (resource) => {
		const folder = join(dir, 'actions', resource);
		expect(existsSync(join(folder, 'index.ts'))).toBe(true);
		expect(readdirSync(folder).filter((name) => name.endsWith('.operation.ts')).length).toBeGreaterThan(0);
	});

	it('imports no other platform', () => {
		const crossings = walk(dir).flatMap((file) =>
			relativeImports(file)
				.filter((target) => {
					const [top] = segments(target);
					return top !== platform && top !== SHARED;
				})
				.map((target) => `${relative(root, file)} → ${relative(root, target)}`),
		);
		expect(crossings).toEqual([]);
	});

	it('has no resource that imports another resource', () => {
		const crossings = resourcesOf(platform).flatMap((resource) =>
			walk(join(dir, 'actions', resource)).flatMap((file) =>
				relativeImports(file)
					.filter((target) => {
						const [top, area, other] = segments(target);
						return top === platform && area === 'actions' && other !== resource && !NOT_RESOURCES.has(other);
					})
					.map((target) => `${relative(root, file)} → ${relative(root, target)}`),
			),
		);
		expect(crossings).toEqual([]);
	});
});

describe('nodes/shared', () => {
	it('imports no platform', () => {
		const crossings = walk(join(nodesDir, SHARED)).flatMap((file) =>
			relativeImports(file)
				.filter((target) => platforms.includes(segments(target)[0]))
				.map((target) => `${relative(root, file)} → ${relative(root, target)}`),
		);
		expect(crossings).toEqual([]);
	});

	it('keeps the pure crypto free of n8n: it runs outside n8n (index.ts exports it)', () => {
		const source = readFileSync(join(nodesDir, SHARED, 'crypto.ts'), 'utf8');
		expect(source).not.toMatch(/from\s+['"]n8n-workflow['"]/);
		expect(relativeImports(join(nodesDir, SHARED, 'crypto.ts'))).toEqual([]);
	});
});

describe('credentials', () => {
	it('import only the shared library and their own platform', () => {
		const dir = join(root, 'credentials');
		const bad = readdirSync(dir)
			.filter((name) => name.endsWith('.credentials.ts'))
			.flatMap((name) =>
				relativeImports(join(dir, name))
					.filter((target) => {
						const [top] = segments(target);
						// A credential belongs to the platform its name starts with (WeComRobotApi → WeCom).
						// Or the platform is named after it (MeituanApi → MeituanIm).
						const owner = name.startsWith(top) || top.startsWith(name.replace(/Api\.credentials\.ts$/, ''));
						return top !== SHARED && !(owner && platforms.includes(top));
					})
					.map((target) => `credentials/${name} → ${relative(root, target)}`),
			);
		expect(bad).toEqual([]);
	});
});
