/**
 * Each n8n version loads every node and credential that package.json's "n8n" section declares,
 * as a community package installed in the user folder (as npm would install it). E2E_PACKAGE_DIR points the test at
 * another package folder (used to try the test on a throwaway package).
 */
import * as path from 'node:path';

import { N8nInstance, REPO_ROOT, declaredTypes, e2eVersions, n8nCacheDir } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const declared = declaredTypes(packageDir);

describe.each(e2eVersions())(`${declared.packageName} on n8n %s`, (version) => {
	let n8n: N8nInstance;

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
		const exported = new Set((await n8n.exportNodes()).map((node) => node.name));
		expect(declared.nodes.filter((name) => !exported.has(name))).toEqual([]);
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
