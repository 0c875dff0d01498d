/**
 * The editor's "Test" button on each credential, through n8n's own credential tester
 * (POST /rest/credentials/test): a token credential must really exchange a token and make one
 * cheap read call with it, and a wrong secret or id must fail with a message that says which.
 *
 * Then the editor's edit of a credential that already holds a token (GET with includeData, PATCH
 * with the redacted values sent back, Test): the stored token belongs to the app that fetched it,
 * so a new secret must be tested, and used by the next workflow run, at once.
 */
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { startEmulator, timFixture, wecomFixture, wecomSecondAppFixture } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };

describe.each(e2eVersions())('credential tests on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let cookie = '';
	const edited = { id: '', name: 'WeCom (edited in the editor)' };
	let sendWorkflowId = '';
	const SEND_HOOK = 'c0ffee00-0000-4000-8000-credentialedit';

	/** What the editor does: save the credential, then test it (the tester persists a fetched token). */
	async function testCredential(type: string, data: Record<string, unknown>) {
		const headers = { cookie, 'content-type': 'application/json' };
		const name = `test ${type} ${Math.random().toString(36).slice(2)}`;
		const created = await n8n.request('POST', '/rest/credentials', { headers, body: { name, type, data } });
		expect(`${created.status} ${created.status === 200 ? '' : created.body}`).toBe('200 ');
		const id = String((created.json as { data: { id: string } }).data.id);
		const response = await n8n.request('POST', '/rest/credentials/test', {
			headers,
			body: { credentials: { id, name, type, data } },
		});
		expect(`${response.status} ${response.status === 200 ? '' : response.body}`).toBe('200 ');
		const json = response.json as { data?: { status: string; message: string } };
		return json.data ?? (response.json as { status: string; message: string });
	}

	const weCom = (overrides: Record<string, unknown> = {}) => ({
		corpId: wecomFixture.corpId,
		agentId: String(wecomFixture.agentId),
		corpSecret: wecomFixture.corpSecret,
		token: wecomFixture.token,
		encodingAesKey: wecomFixture.encodingAesKey,
		baseUrl: emulator.baseUrl('wecom'),
		...overrides,
	});

	/** The editor opens a saved credential: its data with every password field blanked. */
	async function openCredential(id: string) {
		const response = await n8n.request('GET', `/rest/credentials/${id}?includeData=true`, { headers: { cookie } });
		expect(`${response.status} ${response.status === 200 ? '' : response.body}`).toBe('200 ');
		return (response.json as { data: { name: string; type: string; data: Record<string, unknown> } }).data;
	}

	/** What the editor does on Save then Test after changing some fields of a saved credential. */
	async function editAndTest(id: string, changes: Record<string, unknown>) {
		const opened = await openCredential(id);
		const data = { ...opened.data, ...changes };
		const headers = { cookie, 'content-type': 'application/json' };
		const saved = await n8n.request('PATCH', `/rest/credentials/${id}`, {
			headers,
			body: { id, name: opened.name, type: opened.type, data },
		});
		expect(`${saved.status} ${saved.status === 200 ? '' : saved.body}`).toBe('200 ');
		const response = await n8n.request('POST', '/rest/credentials/test', {
			headers,
			body: { credentials: { id, name: opened.name, type: opened.type, data } },
		});
		expect(`${response.status} ${response.status === 200 ? '' : response.body}`).toBe('200 ');
		const json = response.json as { data?: { status: string; message: string } };
		return json.data ?? (response.json as { status: string; message: string });
	}

	/** Runs the published workflow: Webhook → WeCom Message → Send (text to user01). */
	async function sendThroughWorkflow(content: string) {
		// The Webhook node's URL is its path alone (isFullPath), without the webhookId.
		return await n8n.request('POST', '/webhook/credential-edit-send', { body: { content } });
	}

	beforeAll(async () => {
		// The sandbox set has a second app of the same corp (agent 1000003) to switch to.
		emulator = await startEmulator({ fixtures: 'sandbox' });
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		[edited.id] = await n8n.importCredentials([
			{
				name: edited.name,
				type: 'weComApi',
				data: {
					corpId: wecomFixture.corpId,
					agentId: String(wecomFixture.agentId),
					corpSecret: wecomFixture.corpSecret,
					baseUrl: emulator.baseUrl('wecom'),
				},
			},
		]);
		sendWorkflowId = await n8n.importWorkflow({
			name: 'Send as the credential app',
			nodes: [
				{
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: SEND_HOOK,
					parameters: { httpMethod: 'POST', path: 'credential-edit-send', responseMode: 'lastNode', options: {} },
				},
				{
					name: 'Send',
					type: 'n8n-nodes-china-im.weCom',
					typeVersion: 1,
					position: [240, 0],
					parameters: {
						resource: 'message',
						operation: 'send',
						userIds: 'user01',
						messageType: 'text',
						content: '={{ $json.body.content }}',
						options: {},
					},
					credentials: { weComApi: edited },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
		});
		await n8n.publish(sendWorkflowId);
		await n8n.start();
		cookie = await n8n.ownerSession(owner);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await emulator?.close();
	});

	beforeEach(() => emulator.reset());

	it('WeCom API: exchanges a token and reads the agent with it', async () => {
		const result = await testCredential('weComApi', weCom());
		expect(`${result.status}: ${result.message}`).toMatch(/^OK: /);
		expect(emulator.tokenCalls('wecom')).toBe(1);
		const [agentGet] = emulator.requests({ platform: 'wecom', path: '/cgi-bin/agent/get' });
		expect(agentGet.query.agentid).toBe(String(wecomFixture.agentId));
		expect(String(agentGet.query.access_token)).toMatch(/.{10,}/);
		expect((agentGet.responseBody as { errcode: number }).errcode).toBe(0);
	});

	it('WeCom API: a wrong secret fails and says so, without the secret', async () => {
		const result = await testCredential('weComApi', weCom({ corpSecret: 'definitely-wrong-secret-000' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/40001/);
		expect(result.message).not.toContain('definitely-wrong-secret-000');
	});

	it('WeCom API: a wrong agent id fails', async () => {
		const result = await testCredential('weComApi', weCom({ agentId: '4242' }));
		expect(result.status).toBe('Error');
	});

	it('WeCom group robot: a valid key passes without posting, a wrong key fails', async () => {
		const ok = await testCredential('weComRobotApi', { webhookKey: wecomFixture.robotKey, baseUrl: emulator.baseUrl('wecom') });
		expect(ok.status).toBe('OK');
		expect(emulator.wecom.robotMessages).toHaveLength(0);
		const bad = await testCredential('weComRobotApi', { webhookKey: 'not-a-robot', baseUrl: emulator.baseUrl('wecom') });
		expect(bad.status).toBe('Error');
	});

	it('Tencent Cloud IM: checks the admin account with a valid UserSig; a wrong key fails', async () => {
		const data = {
			sdkAppId: timFixture.sdkAppId,
			secretKey: timFixture.secretKey,
			identifier: timFixture.admin,
			dataCenter: 'console.tim.qq.com',
			baseUrl: emulator.baseUrl('tim'),
		};
		expect((await testCredential('tencentCloudImApi', data)).status).toBe('OK');
		const [check] = emulator.requests({ platform: 'tim', path: '/v4/im_open_login_svc/account_check' });
		expect(emulator.tim.decodeUserSig(String(check.query.usersig))).toMatchObject({ 'TLS.identifier': timFixture.admin });
		const bad = await testCredential('tencentCloudImApi', { ...data, secretKey: 'f'.repeat(64) });
		expect(bad.status).toBe('Error');
	});

	it('WeCom API: an edited secret is tested and used at once, though a token is stored', async () => {
		const sent = (content: string) => emulator.wecom.messages.filter((m) => m.kind === 'app' && m.payload.content === content);
		// A run with the saved app stores its token in the credential.
		expect((await sendThroughWorkflow('as the first app')).status).toBe(200);
		expect(sent('as the first app')).toMatchObject([{ agentid: wecomFixture.agentId }]);
		expect(emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${wecomFixture.corpSecret}`)).toBe(1);
		expect((await openCredential(edited.id)).data.accessToken).toBeTruthy();

		const wrongSecret = 'edited-wrong-secret-0000000000000000';
		const wrong = await editAndTest(edited.id, { corpSecret: wrongSecret });
		expect(`${wrong.status}: ${wrong.message}`).toMatch(/^Error: .*40001/);
		expect(wrong.message).not.toContain(wrongSecret);
		expect(emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${wrongSecret}`)).toBe(1);
		// The next run asks for a token with the saved (wrong) secret instead of sending as the old app.
		const failed = await sendThroughWorkflow('must not be sent');
		expect(failed.status).toBeGreaterThanOrEqual(400);
		const executions = await n8n.waitForExecutions(sendWorkflowId, { count: 2 });
		expect(executions.map((e) => e.status)).toEqual(['success', 'error']);
		const error = JSON.stringify((await n8n.executionData(executions[1].id)).resultData.error);
		expect(error).toMatch(/40001/);
		expect(error).not.toContain(wrongSecret);
		expect(emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${wrongSecret}`)).toBe(2);
		expect(sent('must not be sent')).toHaveLength(0);

		// Another app of the corp: its agent and its secret.
		const other = await editAndTest(edited.id, {
			agentId: String(wecomSecondAppFixture.agentId),
			corpSecret: wecomSecondAppFixture.corpSecret,
		});
		expect(`${other.status}: ${other.message}`).toMatch(/^OK: /);
		const [agentGet] = emulator.requests({ platform: 'wecom', path: '/cgi-bin/agent/get' }).slice(-1);
		expect(agentGet.query.agentid).toBe(String(wecomSecondAppFixture.agentId));
		expect(emulator.wecom.tokenInfo(String(agentGet.query.access_token))).toMatchObject({
			meta: { agentId: wecomSecondAppFixture.agentId },
		});
		expect((await sendThroughWorkflow('as the second app')).status).toBe(200);
		expect(sent('as the second app')).toMatchObject([{ agentid: wecomSecondAppFixture.agentId }]);

		// Testing again, unchanged, still exchanges a token rather than trusting the stored one.
		const secondAppExchanges = () => emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${wecomSecondAppFixture.corpSecret}`);
		const before = secondAppExchanges();
		expect((await editAndTest(edited.id, {})).status).toBe('OK');
		expect(secondAppExchanges()).toBe(before + 1);
	});
});
