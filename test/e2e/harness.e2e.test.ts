/**
 * The harness against each n8n version, with a throwaway package (fixtures/probe-package.ts):
 * the steps every scenario test relies on, from credential import to reading an execution.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	PROBE_CREDENTIAL,
	PROBE_NODE,
	PROBE_TRIGGER,
	PROBE_WEBHOOK_PATH,
	writeProbePackage,
} from './fixtures/probe-package';
import { N8nInstance, e2eVersions, reapOrphans } from './harness';

const probeParent = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-probe-'));
const probeDir = writeProbePackage(probeParent);
afterAll(() => fs.rmSync(probeParent, { recursive: true, force: true }));

describe.each(e2eVersions())('harness on n8n %s', (version) => {
	let n8n: N8nInstance;
	let webhookWorkflowId: string;
	let manualWorkflowId: string;
	const webhookId = 'e2e-probe-webhook';

	beforeAll(async () => {
		// 'copy' lays the package out as npm would: proves n8n resolves n8n-workflow for it itself.
		n8n = await N8nInstance.create({ version, packages: [probeDir], packageMode: 'copy' });
		const [credentialId] = await n8n.importCredentials([
			{ name: 'Probe', type: PROBE_CREDENTIAL, data: { baseUrl: 'http://127.0.0.1:9', token: 'tok-123' } },
		]);
		const credentials = { [PROBE_CREDENTIAL]: { id: credentialId, name: 'Probe' } };
		[webhookWorkflowId, manualWorkflowId] = await n8n.importWorkflows([
			{
				name: 'Probe webhook',
				nodes: [
					{
						name: 'Trigger',
						type: PROBE_TRIGGER,
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: {},
						credentials,
					},
					{ name: 'Probe', type: PROBE_NODE, typeVersion: 1, position: [200, 0], parameters: { tag: 'hooked' }, credentials },
				],
				connections: { Trigger: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
			},
			{
				name: 'Probe manual',
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ name: 'Probe', type: PROBE_NODE, typeVersion: 1, position: [200, 0], parameters: { tag: 'manual' }, credentials },
				],
				connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
			},
		]);
		await n8n.publish(webhookWorkflowId);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] harness, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
	});

	it('registers the trigger webhook and answers through the node', async () => {
		expect(await n8n.webhooks()).toEqual([
			expect.objectContaining({ workflowId: webhookWorkflowId, webhookPath: `${webhookId}/${PROBE_WEBHOOK_PATH}`, method: 'POST' }),
		]);
		const response = await n8n.request('POST', n8n.webhookUrl(webhookId, PROBE_WEBHOOK_PATH), { body: { text: '你好' } });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ received: { text: '你好' }, token: 'tok-123' });
	});

	it('records the execution and its node output', async () => {
		const [execution] = await n8n.waitForExecutions(webhookWorkflowId);
		expect(execution).toMatchObject({ status: 'success', finished: true, mode: 'webhook' });
		expect(await n8n.nodeOutput(execution.id, 'Probe')).toEqual([
			{ body: { text: '你好' }, baseUrl: 'http://127.0.0.1:9', tag: 'hooked', token: 'tok-123' },
		]);
	});

	it('lists the loaded node and credential types', async () => {
		expect((await n8n.credentialTypes()).map((type) => type.name)).toContain(PROBE_CREDENTIAL);
		expect((await n8n.nodeTypes()).map((type) => type.name)).toEqual(expect.arrayContaining([PROBE_TRIGGER, PROBE_NODE]));
	});

	it('executes a manual workflow with the CLI while the server runs', async () => {
		const { ok, run, result } = await n8n.execute(manualWorkflowId);
		expect({ ok, code: result.code }).toEqual({ ok: true, code: 0 });
		const probeRuns = run?.data.resultData.runData.Probe;
		expect(probeRuns?.[0].data?.main?.[0]?.[0].json).toEqual({ tag: 'manual', token: 'tok-123' });
	});

	it('creates the owner account once', async () => {
		const owner = { email: 'owner@example.com', password: 'E2e-Passw0rd' };
		expect(await n8n.setupOwner(owner)).toBe(true);
		expect(await n8n.setupOwner(owner)).toBe(false);
	});

	it('refuses to publish while running, and stops the whole process group', async () => {
		await expect(n8n.publish(manualWorkflowId)).rejects.toThrow(/Call stop\(\) first/);
		await n8n.stop();
		expect(n8n.running).toBe(false);
		expect(reapOrphans(process.pid)).toEqual([]);
		await expect(n8n.request('GET', '/healthz', { timeoutMs: 2000 })).rejects.toThrow();
	});
});
