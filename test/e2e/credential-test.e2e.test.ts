/**
 * The editor's "Test" button on each credential, through n8n's own credential tester
 * (POST /rest/credentials/test): a token credential must really exchange a token and make one
 * cheap read call with it, and a wrong secret or id must fail with a message that says which.
 */
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { startEmulator, timFixture, wecomFixture } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };

describe.each(e2eVersions())('credential tests on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let cookie = '';

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

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		await n8n.start();
		await n8n.setupOwner(owner);
		const login = await n8n.request('POST', '/rest/login', {
			headers: { 'content-type': 'application/json' },
			body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
		});
		expect(login.status).toBe(200);
		const setCookie = login.headers['set-cookie'];
		cookie = (Array.isArray(setCookie) ? setCookie : [String(setCookie)]).map((c) => c.split(';')[0]).join('; ');
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
});
