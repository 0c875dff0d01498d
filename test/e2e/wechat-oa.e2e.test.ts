/**
 * The WeChat Official Account in real n8n, one start per version: the two examples
 * (examples/wechat-oa-welcome.json, examples/wechat-oa-auto-reply.json), each imported once per
 * Message Encryption mode (three credentials of one account), and a passive workflow slower than
 * WeChat's 5 s. The emulator plays the account: it sends callbacks as WeChat does in each mode
 * and reads the answers as WeChat reads them.
 *
 * - subscribe → the welcome, answered inside the callback (decrypting to the expected XML in the
 *   encrypted modes);
 * - text delivered three times → exactly one Customer Service reply quoting it;
 * - the slow workflow → "success" from the trigger in time, the late reply dropped;
 * - forged, stale, downgraded and other-AppID callbacks → 4xx, no execution, nothing sent;
 * - one stable_token call for everything (three credentials share the account's token), no
 *   force_refresh until the token is refused, then exactly one;
 * - the editor's credential Test: a real exchange and get_api_domain_ip; a wrong secret fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator, OaCallbackResult, OfficialAccountMode } from '../emulator';
import { officialAccountFixture as OA, startEmulator } from '../emulator';
import { N8nInstance, REPO_ROOT, e2eVersions } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const MODES: OfficialAccountMode[] = ['plaintext', 'compatible', 'safe'];
const TRIGGER = 'n8n-nodes-china-im.weChatOfficialAccountTrigger';
const SLOW_HOOK = 'wechat-oa-slow-passive';
const owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };

interface WorkflowFile {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

const example = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8')) as WorkflowFile;
const welcome = example('wechat-oa-welcome.json');
const autoReply = example('wechat-oa-auto-reply.json');
const hookOf = (kind: 'welcome' | 'auto', mode: OfficialAccountMode) => `wechat-oa-${kind}-${mode}`;

/** The example as a user imports it, with their credential and its own webhook path. */
function copy(workflow: WorkflowFile, name: string, webhookId: string, credential: { id: string; name: string }) {
	return {
		...workflow,
		name,
		nodes: workflow.nodes.map((node) => ({
			...node,
			...(node.type === TRIGGER ? { webhookId } : {}),
			...(node.credentials ? { credentials: { weChatOfficialAccountApi: credential } } : {}),
		})),
	};
}

/** What the node panel gives: a passive trigger, an 6 s wait, the reply at its defaults. */
function slowWorkflow(credential: { id: string; name: string }) {
	return {
		name: 'WeChat OA: slower than 5 s',
		nodes: [
			{ name: 'Slow Trigger', type: TRIGGER, typeVersion: 1, position: [0, 0], webhookId: SLOW_HOOK, parameters: { replyMode: 'passive' }, credentials: { weChatOfficialAccountApi: credential } },
			{ name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [250, 0], parameters: { amount: 6, unit: 'seconds' } },
			{
				name: 'Late Reply',
				type: 'n8n-nodes-china-im.weChatOfficialAccount',
				typeVersion: 1,
				position: [500, 0],
				parameters: { resource: 'passiveReply', content: '=Too late: {{ $json.content }}' },
				credentials: { weChatOfficialAccountApi: credential },
			},
		],
		connections: {
			'Slow Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Late Reply', type: 'main', index: 0 }]] },
		},
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let msgId = Date.now();

describe.each(e2eVersions())('WeChat Official Account on n8n %s', (version) => {
	let n8n: N8nInstance;
	let emulator: Emulator;
	const ids: Record<string, string> = {};
	const url = (hook: string) => n8n.webhookUrl(hook, 'webhook');
	const follower = (k: number) => emulator.oa.followers()[k].openid;
	const repliesTo = (openid: string) => emulator.oa.messages.filter((m) => m.kind === 'custom' && m.to === openid);
	const stableCalls = () => emulator.requests({ platform: 'oa', path: '/cgi-bin/stable_token' });
	const text = (content: string, from: string) => ({ MsgType: 'text', Content: content, MsgId: String(++msgId), FromUserName: from });

	async function waitForReplies(openid: string, count: number, timeoutMs = 20_000) {
		const deadline = Date.now() + timeoutMs;
		while (repliesTo(openid).length < count && Date.now() < deadline) await sleep(200);
		return repliesTo(openid);
	}

	const expectRefused = (result: OaCallbackResult) => {
		expect(result.status).toBeGreaterThanOrEqual(400);
		expect(result.status).toBeLessThan(500);
		expect(result.reply).toBeUndefined();
	};

	beforeAll(async () => {
		emulator = await startEmulator();
		n8n = await N8nInstance.create({ version, packages: [packageDir] });
		const credentials = MODES.map((mode) => ({ id: '', name: `Official Account (${mode})`, mode }));
		const credentialIds = await n8n.importCredentials(
			credentials.map(({ name, mode }) => ({
				name,
				type: 'weChatOfficialAccountApi',
				data: {
					appId: OA.appId,
					appSecret: OA.appSecret,
					token: OA.token,
					encodingAesKey: OA.encodingAesKey,
					messageEncryption: mode,
					baseUrl: emulator.baseUrl('oa'),
				},
			})),
		);
		credentials.forEach((c, k) => (c.id = credentialIds[k]));
		const ref = (mode: OfficialAccountMode) => {
			const { id, name } = credentials.find((c) => c.mode === mode)!;
			return { id, name };
		};
		const workflows = [
			...MODES.map((mode) => ({ key: hookOf('welcome', mode), wf: copy(welcome, `${welcome.name} (${mode})`, hookOf('welcome', mode), ref(mode)) })),
			...MODES.map((mode) => ({ key: hookOf('auto', mode), wf: copy(autoReply, `${autoReply.name} (${mode})`, hookOf('auto', mode), ref(mode)) })),
			{ key: SLOW_HOOK, wf: slowWorkflow(ref('safe')) },
		];
		const imported = await n8n.importWorkflows(workflows.map((w) => w.wf));
		workflows.forEach((w, k) => (ids[w.key] = imported[k]));
		for (const id of imported) await n8n.publish(id);
		await n8n.start();
	});

	afterAll(async () => {
		if (n8n) {
			process.stderr.write(`[e2e timings] wechat-oa, n8n ${version}: ${JSON.stringify(n8n.timings)}\n`);
			await n8n.dispose();
		}
		await emulator?.close();
	});

	it.each(['plaintext', 'safe'] as const)('answers the URL check with echostr exactly (%s)', async (mode) => {
		const result = await emulator.oa.sendUrlVerification({ url: url(hookOf('welcome', mode)), echostr: '8167339410946839573' });
		expect(result.status).toBe(200);
		expect(result.body).toBe('8167339410946839573');
	});

	it.each(MODES.map((mode, k) => [mode, k] as const))('subscribe → the passive welcome (%s)', async (mode, k) => {
		const openid = emulator.oa.openidFor(`new-follower-${mode}`);
		const result = await emulator.oa.sendCallback({ url: url(hookOf('welcome', mode)), mode, message: { FromUserName: openid, MsgType: 'event', Event: 'subscribe', EventKey: '' } });
		process.stderr.write(`[e2e wechat-oa ${version}] ${mode} welcome answered in ${result.elapsedMs} ms\n`);
		expect(result.status).toBe(200);
		expect(String(result.headers['content-type'])).toMatch(/^text\/xml/);
		expect(result.replyError).toBeUndefined();
		expect(result.replyEncrypted).toBe(mode !== 'plaintext');
		expect(result.replyFields).toEqual({
			ToUserName: openid,
			FromUserName: emulator.oa.app()!.originalId,
			CreateTime: expect.stringMatching(/^\d{10}$/),
			MsgType: 'text',
			Content: 'Welcome, and thanks for following! 欢迎关注！Send us a message any time.',
		});
		expect(result.elapsedMs).toBeLessThan(4000);
		// A text to the welcome workflow is not its business: "success", no execution.
		const other = await emulator.oa.sendCallback({ url: url(hookOf('welcome', mode)), mode, message: text('hi', follower(k)) });
		expect(other.body).toBe('success');
		expect(await n8n.waitForExecutions(ids[hookOf('welcome', mode)], { count: 1 })).toHaveLength(1);
	});

	it.each(MODES.map((mode, k) => [mode, k] as const))('text delivered three times → exactly one Customer Service reply (%s)', async (mode, k) => {
		const openid = follower(k);
		const result = await emulator.oa.sendCallback({ url: url(hookOf('auto', mode)), mode, message: text(`我的订单到哪了？(${mode})`, openid), times: 3 });
		const timings = (result.deliveries ?? []).map((d) => d.elapsedMs);
		process.stderr.write(`[e2e wechat-oa ${version}] ${mode} acknowledgements (ms): ${timings.join(', ')}\n`);
		for (const delivery of result.deliveries ?? []) {
			expect(delivery.status).toBe(200);
			expect(delivery.body).toBe('success');
			expect(delivery.elapsedMs).toBeLessThan(5000);
		}
		const replies = await waitForReplies(openid, 1);
		expect(replies.map((m) => [m.msgtype, m.payload])).toEqual([['text', { content: `You said: 我的订单到哪了？(${mode})` }]]);
		await sleep(1500);
		expect(repliesTo(openid)).toHaveLength(1);
		const executions = await n8n.waitForExecutions(ids[hookOf('auto', mode)], { count: 1 });
		expect(executions.map((e) => e.status)).toEqual(['success']);
	});

	it('a passive workflow slower than 5 s still gets "success" in time', async () => {
		const result = await emulator.oa.sendCallback({ url: url(SLOW_HOOK), mode: 'safe', message: text('slow one', follower(5)) });
		process.stderr.write(`[e2e wechat-oa ${version}] 6 s workflow: the trigger answered after ${result.elapsedMs} ms\n`);
		expect(result.timedOut).toBe(false);
		expect([result.status, result.body]).toEqual([200, 'success']);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(3900);
		expect(result.elapsedMs).toBeLessThan(5000);
		const [execution] = await n8n.waitForExecutions(ids[SLOW_HOOK], { count: 1, timeoutMs: 30_000 });
		expect(execution.status).toBe('success');
		expect(await n8n.nodeOutput(execution.id, 'Late Reply')).toEqual([expect.objectContaining({ answered: true, encrypted: true })]);
		expect(n8n.log()).toMatch(/Slow Trigger: the workflow did not answer within \d+ ms, so WeChat got "success"/);
		expect((await n8n.request('GET', '/healthz')).status).toBe(200);
	});

	it('forged, stale, downgraded and other-AppID callbacks: 4xx, no execution, nothing sent', async () => {
		const before = { auto: (await n8n.executions(ids[hookOf('auto', 'safe')])).length, welcome: (await n8n.executions(ids[hookOf('welcome', 'safe')])).length };
		const messages = emulator.oa.messages.length;
		const victim = follower(6);
		const attempts: Array<[string, Promise<OaCallbackResult>]> = [
			['signature', emulator.oa.sendCallback({ url: url(hookOf('auto', 'safe')), mode: 'safe', message: text('forged', victim), forge: 'signature' })],
			['other AppID', emulator.oa.sendCallback({ url: url(hookOf('auto', 'safe')), mode: 'safe', message: text('wrong app', victim), forge: 'receiveId' })],
			['key', emulator.oa.sendCallback({ url: url(hookOf('auto', 'safe')), mode: 'safe', message: text('wrong key', victim), forge: 'key' })],
			['stale', emulator.oa.sendCallback({ url: url(hookOf('auto', 'safe')), mode: 'safe', message: text('replayed', victim), timestamp: Math.floor(Date.now() / 1000) - 3600 })],
			['downgraded', emulator.oa.sendCallback({ url: url(hookOf('auto', 'safe')), mode: 'plaintext', message: text('downgraded', victim) })],
			['downgraded subscribe', emulator.oa.sendCallback({ url: url(hookOf('welcome', 'safe')), mode: 'plaintext', message: { MsgType: 'event', Event: 'subscribe', FromUserName: victim } })],
			['plaintext forged', emulator.oa.sendCallback({ url: url(hookOf('auto', 'plaintext')), mode: 'plaintext', message: text('forged plain', victim), forge: 'signature' })],
		];
		for (const [what, attempt] of attempts) {
			const result = await attempt;
			expect({ what, status: result.status >= 400 && result.status < 500 }).toEqual({ what, status: true });
			expectRefused(result);
		}
		await sleep(1500);
		expect((await n8n.executions(ids[hookOf('auto', 'safe')])).length).toBe(before.auto);
		expect((await n8n.executions(ids[hookOf('welcome', 'safe')])).length).toBe(before.welcome);
		expect(emulator.oa.messages).toHaveLength(messages);
	});

	it('one stable_token call for everything, and no force_refresh', () => {
		expect(stableCalls().map((r) => (r.json as { force_refresh: unknown }).force_refresh)).toEqual([false]);
		expect(emulator.requests({ platform: 'oa', path: '/cgi-bin/token' })).toHaveLength(0);
	});

	it('a refused token: exactly one force_refresh, and the reply still goes out once', async () => {
		emulator.revokeTokens('oa');
		const openid = follower(7);
		await emulator.oa.sendCallback({ url: url(hookOf('auto', 'safe')), mode: 'safe', message: text('after the revocation', openid) });
		expect((await waitForReplies(openid, 1)).map((m) => m.payload.content)).toEqual(['You said: after the revocation']);
		expect(stableCalls().map((r) => (r.json as { force_refresh: unknown }).force_refresh)).toEqual([false, true]);
	});

	it("the editor's credential Test: a real exchange and get_api_domain_ip; a wrong AppSecret fails", async () => {
		const cookie = await n8n.ownerSession(owner);
		const headers = { cookie, 'content-type': 'application/json' };
		const test = async (data: Record<string, unknown>) => {
			const body = { name: `test ${Math.random().toString(36).slice(2)}`, type: 'weChatOfficialAccountApi', data };
			const created = await n8n.request('POST', '/rest/credentials', { headers, body });
			expect(created.status).toBe(200);
			const id = String((created.json as { data: { id: string } }).data.id);
			const response = await n8n.request('POST', '/rest/credentials/test', { headers, body: { credentials: { id, ...body } } });
			const json = response.json as { data?: { status: string; message: string } };
			return json.data ?? (response.json as { status: string; message: string });
		};
		const data = { appId: OA.appId, appSecret: OA.appSecret, baseUrl: emulator.baseUrl('oa') };
		const calls = stableCalls().length;
		const ok = await test(data);
		expect(`${ok.status}: ${ok.message}`).toMatch(/^OK: /);
		expect(stableCalls()).toHaveLength(calls + 1);
		expect(emulator.requests({ platform: 'oa', path: '/cgi-bin/get_api_domain_ip' }).length).toBeGreaterThan(0);
		const wrong = 'ffffffffffffffffffffffffffffffff';
		const bad = await test({ ...data, appSecret: wrong });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/40001/);
		expect(bad.message).not.toContain(wrong);
	});
});
