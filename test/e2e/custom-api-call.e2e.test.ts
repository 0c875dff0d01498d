/**
 * "Custom API Call" in real n8n. n8n adds that action to every node with resource/operation
 * menus one of whose credentials has `authenticate` (load-nodes-and-credentials.js,
 * injectCustomApiCallOptions / supportsProxyAuth, on 2.8.4 and 2.41.1 alike); choosing it points
 * the user at the HTTP Request node with Authentication "Predefined Credential Type". So each of
 * our credentials must authenticate that node on its own: WeCom API fetches its token through
 * preAuthentication and adds access_token (and, once the credential is edited to another app,
 * fetches that app's token instead of sending as the old one), the group robot adds its key, and
 * Tencent Cloud IM signs every call. Each workflow here is Webhook → HTTP Request, answering
 * with what the platform answered.
 */
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { startEmulator, timFixture, wecomFixture, wecomSecondAppFixture } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };
const CUSTOM_API_CALL = { name: 'Custom API Call', value: '__CUSTOM_API_CALL__' };

interface Credential {
	id: string;
	name: string;
}

/** Webhook (POST /webhook/<hookPath>, answers with the last node's output) → HTTP Request. */
function customCallWorkflow(
	name: string,
	hookPath: string,
	credentialType: string,
	credential: Credential,
	request: Record<string, unknown>,
) {
	return {
		name,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `custom-api-call-${hookPath}`,
				parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
			},
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				parameters: {
					authentication: 'predefinedCredentialType',
					nodeCredentialType: credentialType,
					options: {},
					...request,
				},
				credentials: { [credentialType]: credential },
			},
		],
		connections: { Webhook: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
	};
}

describe.each(e2eVersions())('Custom API Call on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	let cookie = '';
	const weCom: Credential = { id: '', name: 'WeCom (custom calls)' };
	const robot: Credential = { id: '', name: 'WeCom robot (custom calls)' };
	const tim: Credential = { id: '', name: 'Tencent IM (custom calls)' };

	const call = async (hookPath: string, body: Record<string, unknown> = {}) => {
		const response = await n8n.request('POST', `/webhook/${hookPath}`, { body });
		expect(`${response.status} ${response.status === 200 ? '' : response.body}`).toBe('200 ');
		return response.json as Record<string, unknown>;
	};

	beforeAll(async () => {
		emulator = await startEmulator({ fixtures: 'sandbox' });
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		[weCom.id, robot.id, tim.id] = await n8n.importCredentials([
			{
				name: weCom.name,
				type: 'weComApi',
				data: {
					corpId: wecomFixture.corpId,
					agentId: String(wecomFixture.agentId),
					corpSecret: wecomFixture.corpSecret,
					baseUrl: emulator.baseUrl('wecom'),
				},
			},
			{ name: robot.name, type: 'weComRobotApi', data: { webhookKey: wecomFixture.robotKey, baseUrl: emulator.baseUrl('wecom') } },
			{
				name: tim.name,
				type: 'tencentCloudImApi',
				data: {
					sdkAppId: timFixture.sdkAppId,
					secretKey: timFixture.secretKey,
					identifier: timFixture.admin,
					dataCenter: 'console.tim.qq.com',
					baseUrl: emulator.baseUrl('tim'),
				},
			},
		]);
		const ids = await n8n.importWorkflows([
			customCallWorkflow('WeCom custom call', 'wecom-agent', 'weComApi', weCom, {
				method: 'GET',
				url: `${emulator.baseUrl('wecom')}/cgi-bin/agent/get`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'agentid', value: '={{ $json.body.agentid }}' }] },
			}),
			customCallWorkflow('Robot custom call', 'wecom-robot', 'weComRobotApi', robot, {
				method: 'POST',
				url: `${emulator.baseUrl('wecom')}/cgi-bin/webhook/send`,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ msgtype: "text", text: { content: $json.body.content } }) }}',
			}),
			customCallWorkflow('Tencent IM custom call', 'tim-check', 'tencentCloudImApi', tim, {
				method: 'POST',
				url: `${emulator.baseUrl('tim')}/v4/im_open_login_svc/account_check`,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ CheckItem: [{ UserID: $json.body.user }] }) }}',
			}),
		]);
		for (const id of ids) await n8n.publish(id);
		await n8n.start();
		cookie = await n8n.ownerSession(owner);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await emulator?.close();
	});

	it('offers "Custom API Call" on the WeCom and Tencent Cloud IM nodes, and their credentials to the HTTP Request node', async () => {
		const nodes = await n8n.nodeTypes();
		for (const name of ['n8n-nodes-china-im.weCom', 'n8n-nodes-china-im.tencentCloudIm']) {
			const node = nodes.find((n) => n.name === name) as { properties?: Array<{ name: string; options?: unknown[] }> } | undefined;
			const resource = node?.properties?.find((p) => p.name === 'resource');
			expect(resource?.options).toContainEqual(CUSTOM_API_CALL);
		}
		// The editor lists a credential under "Predefined Credential Type" when its type has `authenticate`.
		const credentials = await n8n.credentialTypes();
		for (const name of ['weComApi', 'weComRobotApi', 'tencentCloudImApi']) {
			expect(credentials.find((c) => c.name === name)?.authenticate).toBeDefined();
		}
	});

	it('WeCom API: fetches the token with preAuthentication, adds it, stores it, and reuses it', async () => {
		const answer = await call('wecom-agent', { agentid: wecomFixture.agentId });
		expect(answer).toMatchObject({ errcode: 0, agentid: wecomFixture.agentId, name: wecomFixture.name });
		expect(emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${wecomFixture.corpSecret}`)).toBe(1);
		const [first] = emulator.requests({ platform: 'wecom', path: '/cgi-bin/agent/get' });
		expect(emulator.wecom.tokenInfo(String(first.query.access_token))).toMatchObject({
			meta: { agentId: wecomFixture.agentId },
		});
		expect(await call('wecom-agent', { agentid: wecomFixture.agentId })).toMatchObject({ errcode: 0 });
		expect(emulator.tokenCalls('wecom')).toBe(1);
	});

	it('WeCom API: after the credential is switched to another app, calls go out as that app', async () => {
		const headers = { cookie, 'content-type': 'application/json' };
		const opened = await n8n.request('GET', `/rest/credentials/${weCom.id}?includeData=true`, { headers: { cookie } });
		expect(opened.status).toBe(200);
		const { data } = (opened.json as { data: { data: Record<string, unknown> } }).data;
		expect(data.accessToken).toBeTruthy();
		const saved = await n8n.request('PATCH', `/rest/credentials/${weCom.id}`, {
			headers,
			body: {
				id: weCom.id,
				name: weCom.name,
				type: 'weComApi',
				data: { ...data, agentId: String(wecomSecondAppFixture.agentId), corpSecret: wecomSecondAppFixture.corpSecret },
			},
		});
		expect(saved.status).toBe(200);
		const answer = await call('wecom-agent', { agentid: wecomSecondAppFixture.agentId });
		expect(answer).toMatchObject({ errcode: 0, agentid: wecomSecondAppFixture.agentId });
		expect(emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${wecomSecondAppFixture.corpSecret}`)).toBe(1);
		const last = emulator.requests({ platform: 'wecom', path: '/cgi-bin/agent/get' }).at(-1)!;
		expect(emulator.wecom.tokenInfo(String(last.query.access_token))).toMatchObject({
			meta: { agentId: wecomSecondAppFixture.agentId },
		});
	});

	it('WeCom group robot: adds the key', async () => {
		const answer = await call('wecom-robot', { content: 'custom robot call' });
		expect(answer).toMatchObject({ errcode: 0 });
		expect(emulator.wecom.robotMessages).toMatchObject([
			{ robotKey: wecomFixture.robotKey, msgtype: 'text', payload: { content: 'custom robot call' } },
		]);
	});

	it('Tencent Cloud IM: signs the call (sdkappid, identifier, usersig, random, contenttype)', async () => {
		const answer = await call('tim-check', { user: 'alice' });
		expect(answer).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ResultItem: [{ UserID: 'alice', AccountStatus: 'Imported' }] });
		const [check] = emulator.requests({ platform: 'tim', path: '/v4/im_open_login_svc/account_check' });
		expect(check.query).toMatchObject({ sdkappid: timFixture.sdkAppId, identifier: timFixture.admin, contenttype: 'json' });
		expect(String(check.query.random)).toMatch(/^\d+$/);
		expect(emulator.tim.decodeUserSig(String(check.query.usersig))).toMatchObject({ 'TLS.identifier': timFixture.admin });
	});
});
