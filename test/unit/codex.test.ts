/**
 * Codex files (nodes/<Platform>/<Node>.node.json): what n8n's node panel searches and links.
 *
 * n8n's DirectoryLoader (n8n-core, nodes-loader/directory-loader.js, `getCodex`, the same in n8n
 * 2.8 and 2.41) reads `${nodeFile}on` beside each compiled node — dist/nodes/WeCom/WeCom.node.js →
 * dist/nodes/WeCom/WeCom.node.json — and keeps `categories`, `subcategories`, `alias` and
 * `resources.{primaryDocumentation, credentialDocumentation}`; a file without `resources` counts as
 * no codex at all. The editor's node search (NodeCreator) matches the typed text as a
 * case-insensitive subsequence of `displayName` or of one entry of `codex.alias`.
 *
 * test/e2e/export-nodes.e2e.test.ts checks that real n8n serves the codex to the editor.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, relative } from 'path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repoUrl = String(pkg.homepage).replace(/#.*$/, '');

interface Codex {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	subcategories?: Record<string, string[]>;
	resources: {
		primaryDocumentation: Array<{ url: string }>;
		credentialDocumentation?: Array<{ url: string }>;
	};
	alias: string[];
}

function walk(dir: string, filter: (file: string) => boolean): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path, filter) : filter(path) ? [path] : [];
	});
}

/** The node class a .node.ts file exports (named like the file up to its first dot, as n8n loads it). */
function nodeDescription(file: string): {
	name: string;
	displayName: string;
	documentationUrl?: string;
	credentials?: Array<{ name: string }>;
} {
	const className = basename(file).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const NodeClass = require(file)[className];
	return new NodeClass().description;
}

/**
 * The anchors GitHub gives README.md: one per heading (lower-cased, punctuation dropped, spaces
 * to hyphens, -1/-2… for repeats) and explicit <a id|name="…">. Fenced code is skipped.
 */
function readmeAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
		const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const base = heading[1]
			.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/<[^>]+>/g, '')
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

/** The editor's prefilter: every character of the query, in order, case-insensitively. */
function editorMatches(query: string, text: string): boolean {
	let q = 0;
	for (let t = 0; q < query.length && t < text.length; t++) {
		if (query.charAt(q).toLowerCase() === text.charAt(t).toLowerCase()) q++;
	}
	return query.length > 0 && text.length > 0 && q === query.length;
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const anchors = readmeAnchors(readme);

const nodeFiles = walk(join(root, 'nodes'), (f) => f.endsWith('.node.ts'));
const nodes = nodeFiles.map((file) => {
	const codexFile = file.replace(/\.ts$/, '.json');
	const description = nodeDescription(file);
	const codex: Codex | undefined = existsSync(codexFile) ? JSON.parse(readFileSync(codexFile, 'utf8')) : undefined;
	return { file: relative(root, file), codexFile, description, codex };
});

function anchorProblem(url: string): string | undefined {
	if (!url.startsWith(`${repoUrl}#`)) return `${url} is not a section of ${repoUrl} (README)`;
	const anchor = url.slice(repoUrl.length + 1);
	return anchors.has(anchor) ? undefined : `README.md has no heading or <a id> for #${anchor}`;
}

describe('README anchors (as GitHub makes them)', () => {
	it('follow GitHub’s rules', () => {
		expect([...readmeAnchors('# A (b) `c`\n## A (b) `c`\n```\n# not a heading\n```\n### 企业微信 WeCom\n<a id="x-y"></a>')]).toEqual([
			'a-b-c',
			'a-b-c-1',
			'企业微信-wecom',
			'x-y',
		]);
	});

	it('exist for every in-page link of README.md', () => {
		const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
		expect(links.length).toBeGreaterThan(0);
		expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
	});
});

describe.each(nodes.map((n) => [n.file, n]))('%s', (_name, node) => {
	const codex = node.codex!;

	it('has a codex file beside it', () => {
		expect(existsSync(node.codexFile)).toBe(true);
	});

	it('names the node as n8n does (<package>.<description.name>), in the Communication category', () => {
		expect(codex).toMatchObject({
			node: `${pkg.name}.${node.description.name}`,
			nodeVersion: '1.0',
			codexVersion: '1.0',
		});
		expect(codex.categories).toContain('Communication');
	});

	it('has search aliases', () => {
		expect(Array.isArray(codex.alias)).toBe(true);
		expect(codex.alias.length).toBeGreaterThan(3);
		for (const alias of codex.alias) expect(typeof alias === 'string' && alias.trim() === alias && alias !== '').toBe(true);
		expect(new Set(codex.alias.map((a) => a.toLowerCase())).size).toBe(codex.alias.length);
	});

	it('links documentation that exists: sections of README.md', () => {
		expect(codex.resources.primaryDocumentation).toHaveLength(1);
		const urls = [...codex.resources.primaryDocumentation, ...(codex.resources.credentialDocumentation ?? [])].map((r) => r.url);
		expect(urls.map(anchorProblem).filter(Boolean)).toEqual([]);
		// One credential link per credential the node uses.
		expect(codex.resources.credentialDocumentation ?? []).toHaveLength(node.description.credentials?.length ?? 0);
	});

	it("has a Docs link in the node's settings that lands on the same README section", () => {
		// Without documentationUrl the editor appends ?utm_… to the codex URL, after its #anchor.
		expect(node.description.documentationUrl).toBe(codex.resources.primaryDocumentation[0].url);
		expect(anchorProblem(String(node.description.documentationUrl))).toBeUndefined();
	});
});

describe('codex files', () => {
	it('belong to a node each', () => {
		const codexFiles = walk(join(root, 'nodes'), (f) => f.endsWith('.json')).map((f) => relative(root, f));
		expect(codexFiles.sort()).toEqual(nodes.map((n) => relative(root, n.codexFile)).sort());
	});
});

describe('node panel search', () => {
	const byName = (name: string) => {
		const node = nodes.find((n) => n.description.name === name);
		if (!node) throw new Error(`no node ${name}`);
		return node;
	};
	const wecom = ['weCom', 'weComTrigger'];
	const tim = ['tencentCloudIm', 'tencentCloudImTrigger'];
	const kf = ['weChatKf', 'weChatKfTrigger'];
	const oa = ['weChatOfficialAccount', 'weChatOfficialAccountTrigger'];
	// Issue 7 §4: what users type for these platforms.
	const cases: Array<[string, string[]]> = [
		['WeChat', wecom],
		['weixin', wecom],
		['企业微信', wecom],
		['wxwork', wecom],
		['WeCom', wecom],
		['企微', wecom],
		['腾讯云', tim],
		['Tencent', tim],
		['微信客服', kf],
		['客服', kf],
		['WeChat KF', kf],
		['kefu', kf],
		['WeChat', kf],
		['微信', kf],
		['IM', kf],
		['IM', [...wecom, ...tim]],
		['公众号', oa],
		['服务号', oa],
		['Official Account', oa],
		['WeChat', oa],
		['weixin', oa],
	];

	it.each(cases)('"%s" finds %j', (query, names) => {
		for (const name of names) {
			const { description, codex } = byName(name);
			const texts = [description.displayName, ...(codex?.alias ?? [])];
			expect({ name, found: texts.some((text) => editorMatches(query, text)) }).toEqual({ name, found: true });
		}
	});

	it('"腾讯云" does not find the WeCom nodes, nor "wxwork" the Tencent ones', () => {
		const found = (query: string, name: string) => {
			const { description, codex } = byName(name);
			return [description.displayName, ...(codex?.alias ?? [])].some((text) => editorMatches(query, text));
		};
		expect(wecom.filter((name) => found('腾讯云', name))).toEqual([]);
		expect(tim.filter((name) => found('wxwork', name))).toEqual([]);
	});
});

describe('the build', () => {
	// package.json's "n8n.nodes" are the compiled files n8n loads; the codex must sit at `${file}on`.
	const expectCodexBeside = (distRoot: string) => {
		const problems: string[] = [];
		for (const nodeFile of pkg.n8n.nodes as string[]) {
			const built = join(distRoot, `${nodeFile}on`);
			const source = join(root, `${nodeFile}on`.replace(/^dist\//, ''));
			if (!existsSync(built)) problems.push(`${nodeFile}on is missing`);
			else if (readFileSync(built, 'utf8') !== readFileSync(source, 'utf8')) problems.push(`${nodeFile}on differs from its source`);
			else {
				const codex: Codex = JSON.parse(readFileSync(built, 'utf8'));
				if (!codex.categories?.includes('Communication')) problems.push(`${nodeFile}on: no Communication category`);
				if (!codex.alias?.length) problems.push(`${nodeFile}on: no aliases`);
			}
		}
		expect(problems).toEqual([]);
		expect((pkg.n8n.nodes as string[]).length).toBeGreaterThan(0);
	};

	it('gulp copies every codex file next to its compiled node', () => {
		// The build's copy step, run in a scratch folder so the test does not touch dist/.
		const scratch = mkdtempSync(join(tmpdir(), 'china-im-codex-'));
		try {
			cpSync(join(root, 'nodes'), join(scratch, 'nodes'), { recursive: true });
			cpSync(join(root, 'credentials'), join(scratch, 'credentials'), { recursive: true });
			const gulp = spawnSync(
				process.execPath,
				[join(root, 'node_modules', 'gulp', 'bin', 'gulp.js'), '--gulpfile', join(root, 'gulpfile.js'), '--cwd', scratch, 'build:icons'],
				{ encoding: 'utf8', timeout: 60_000 },
			);
			expect({ status: gulp.status, stderr: gulp.stderr }).toEqual({ status: 0, stderr: '' });
			expectCodexBeside(scratch);
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	});

	// CI (.ci/run, .github/workflows/publish.yml) builds before it tests: there dist/ must be
	// complete. Locally dist/ may be stale or half-built, and the test above covers the copy step.
	(process.env.CI ? it : it.skip)('dist/ (npm run build) holds every codex file next to its node', () => {
		expect(existsSync(join(root, 'dist', 'index.js'))).toBe(true);
		expectCodexBeside(root);
	});

	it('publishes dist/ (package.json "files"), so the codex files ship', () => {
		expect(pkg.files).toContain('dist');
		expect((pkg.n8n.nodes as string[]).every((file) => dirname(file).startsWith('dist/'))).toBe(true);
	});
});

describe('credential documentation links', () => {
	const credentialFiles = walk(join(root, 'credentials'), (f) => f.endsWith('.credentials.ts'));

	it.each(credentialFiles.map((f) => [relative(root, f), f]))('%s links a section that exists', (_name, file) => {
		const className = basename(file).split('.')[0];
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { documentationUrl } = new (require(file)[className])() as { documentationUrl: string };
		// The editor's "Docs" link: the README section of this credential, which must exist.
		expect(documentationUrl.startsWith(`${repoUrl}#`)).toBe(true);
		expect(anchorProblem(documentationUrl)).toBeUndefined();
	});
});
