/**
 * Queue mode (test/queue/cluster.ts): Postgres + Redis, one `n8n start`, two `n8n worker`, two
 * `n8n webhook`, n8n 2.41.1 only. The WeCom auto-reply example receives callbacks on either
 * webhook process, as a load balancer would hand them out; the workers send the replies to the
 * emulator.
 *
 * Package: $E2E_PACKAGE_DIR (a built copy), else the repository's dist/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator } from '../emulator';
import { kfFixture, meituanFixture, officialAccountFixture as OA, startEmulator, timFixture, wecomFixture } from '../emulator';
import { QueueCluster } from '../queue/cluster';
import { REPO_ROOT, httpRequest } from './harness';

const packageDir = path.resolve(process.env.E2E_PACKAGE_DIR ?? REPO_ROOT);
const VERSION = '2.41.1';
const versions = (process.env.E2E_N8N_VERSIONS ?? VERSION).split(/[\s,]+/);
const run = versions.includes(VERSION) ? describe : describe.skip;

interface WorkflowFile {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
	[key: string]: unknown;
}

const autoReply = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'wecom-auto-reply.json'), 'utf8')) as WorkflowFile;
const kfExample = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'wechat-kf-auto-reply.json'), 'utf8')) as WorkflowFile;
const kfHook = String(kfExample.nodes.find((n) => n.type === 'n8n-nodes-china-im.weChatKfTrigger')?.webhookId);
const hookId = String(autoReply.nodes.find((n) => n.type === 'n8n-nodes-china-im.weComTrigger')?.webhookId);
const oaExample = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'wechat-oa-auto-reply.json'), 'utf8')) as WorkflowFile;
const oaHook = String(oaExample.nodes.find((n) => n.type === 'n8n-nodes-china-im.weChatOfficialAccountTrigger')?.webhookId);
const meituanExample = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'meituan-im-auto-reply.json'), 'utf8')) as WorkflowFile;
const meituanHook = String(meituanExample.nodes.find((n) => n.type === 'n8n-nodes-china-im.meituanImTrigger')?.webhookId);
const TIM_HOOK = 'queue-tim-after-send';

/** Tencent Cloud IM: every after-send event answered with a one-to-one message to its sender, once per MsgKey (as the examples do). */
function timReply(credential: { id: string; name: string }): WorkflowFile {
	return {
		name: 'Tencent Cloud IM reply after send (queue e2e)',
		nodes: [
			{
				name: 'Tencent Cloud IM Trigger',
				type: 'n8n-nodes-china-im.tencentCloudImTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: TIM_HOOK,
				parameters: { commands: ['C2C.CallbackAfterSendMsg'], replyMode: 'acknowledge' },
				credentials: { tencentCloudImApi: credential },
			},
			{
				name: 'Once per Message',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [125, 0],
				parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.MsgKey }}', options: {} },
				// As the examples: n8n's first record of the node fails for executions that start before it exists.
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 100,
			},
			{
				name: 'Reply',
				type: 'n8n-nodes-china-im.tencentCloudIm',
				typeVersion: 1.1,
				position: [250, 0],
				parameters: { resource: 'message', operation: 'sendOne', toAccount: '={{ $json.From_Account }}', messageType: 'text', text: '=Thanks, we received: {{ $json.text }}' },
				credentials: { tencentCloudImApi: credential },
			},
		],
		connections: {
			'Tencent Cloud IM Trigger': { main: [[{ node: 'Once per Message', type: 'main', index: 0 }]] },
			'Once per Message': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}

const withCredentialOf = (workflow: WorkflowFile, type: string, credential: { id: string; name: string }): WorkflowFile => ({
	...workflow,
	nodes: workflow.nodes.map((node) => (node.credentials ? { ...node, credentials: { [type]: credential } } : node)),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let msgId = Date.now();

function textMessage(content: string, from: string) {
	return { FromUserName: from, MsgType: 'text', Content: content, MsgId: String(++msgId), AgentID: wecomFixture.agentId };
}

async function httpRequestTo(url: string, query: Record<string, string>, body: string) {
	const target = new URL(url);
	for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
	return await httpRequest('POST', target.toString(), { headers: { 'content-type': 'text/xml' }, body });
}

function withCredential(workflow: WorkflowFile, credential: { id: string; name: string }) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => (node.credentials ? { ...node, credentials: { weComApi: credential } } : node)),
	};
}

const NO_DEDUP_HOOK = 'queue-wecom-no-dedup';

/**
 * The example without its "Once per Message" node (n8n's Remove Duplicates, database-backed):
 * only the trigger's own duplicate filter, which each process keeps in its memory.
 */
function withoutDedup(workflow: WorkflowFile): WorkflowFile {
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-china-im.weComTrigger')!;
	return {
		...workflow,
		name: `${workflow.name} (no database dedup)`,
		nodes: workflow.nodes
			.filter((n) => n.type !== 'n8n-nodes-base.removeDuplicates')
			.map((n) => (n === trigger ? { ...n, id: undefined, webhookId: NO_DEDUP_HOOK } : { ...n, id: undefined }))
			.map((n) => Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined))),
		connections: { [String(trigger.name)]: { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	};
}

const say = (line: string) => process.stderr.write(`[e2e queue] ${line}\n`);

run(`queue mode on n8n ${VERSION}: 1 main, 2 workers, 2 webhook processes`, () => {
	let cluster: QueueCluster;
	let emulator: Emulator;
	let autoId: string;
	let kfId: string;

	const repliesTo = (user: string) =>
		emulator.wecom.messages.filter((m) => m.kind === 'app' && m.to?.touser === user && m.msgtype === 'text');

	async function waitForReplies(user: string, count: number, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		while (repliesTo(user).length < count && Date.now() < deadline) await sleep(200);
		return repliesTo(user);
	}

	beforeAll(async () => {
		emulator = await startEmulator();
		cluster = new QueueCluster({ version: VERSION, packages: [packageDir], label: 'queue-e2e', log: say });
		await cluster.prepare();
		const credential = { id: '', name: 'WeCom (emulator)' };
		[credential.id] = await cluster.importCredentials([
			{
				name: credential.name,
				type: 'weComApi',
				data: {
					corpId: wecomFixture.corpId,
					agentId: String(wecomFixture.agentId),
					corpSecret: wecomFixture.corpSecret,
					token: wecomFixture.token,
					encodingAesKey: wecomFixture.encodingAesKey,
					baseUrl: emulator.baseUrl('wecom'),
				},
			},
		]);
		const kfCredential = { id: '', name: 'WeChat KF (emulator)' };
		[kfCredential.id] = await cluster.importCredentials([
			{
				name: kfCredential.name,
				type: 'weChatKfApi',
				data: {
					corpId: kfFixture.corpId,
					secret: kfFixture.secret,
					token: kfFixture.token,
					encodingAesKey: kfFixture.encodingAesKey,
					baseUrl: emulator.baseUrl('kf'),
				},
			},
		]);
		const [oaCredential, meituanCredential, timCredential] = [
			{ id: '', name: 'Official Account (emulator)' },
			{ id: '', name: 'Meituan (emulator)' },
			{ id: '', name: 'Tencent Cloud IM (emulator)' },
		];
		[oaCredential.id, meituanCredential.id, timCredential.id] = await cluster.importCredentials([
			{
				name: oaCredential.name,
				type: 'weChatOfficialAccountApi',
				data: { appId: OA.appId, appSecret: OA.appSecret, token: OA.token, encodingAesKey: OA.encodingAesKey, messageEncryption: 'safe', baseUrl: emulator.baseUrl('oa') },
			},
			{
				name: meituanCredential.name,
				type: 'meituanApi',
				data: { appId: meituanFixture.appId, appSecret: meituanFixture.appSecret, platform: 'waimai', baseUrl: emulator.baseUrl('meituan') },
			},
			{
				name: timCredential.name,
				type: 'tencentCloudImApi',
				data: {
					sdkAppId: timFixture.sdkAppId,
					secretKey: timFixture.secretKey,
					identifier: timFixture.admin,
					dataCenter: 'console.tim.qq.com',
					callbackToken: timFixture.callbackToken,
					baseUrl: emulator.baseUrl('tim'),
				},
			},
		]);
		const ids = await cluster.importWorkflows([
			withCredential(autoReply, credential),
			withoutDedup(withCredential(autoReply, credential)),
			withCredentialOf(kfExample, 'weChatKfApi', kfCredential),
			withCredentialOf(oaExample, 'weChatOfficialAccountApi', oaCredential),
			withCredentialOf(meituanExample, 'meituanApi', meituanCredential),
			timReply(timCredential),
		]);
		[autoId, , kfId] = ids;
		for (const id of ids) await cluster.publish(id);
		await cluster.start();
		say(`start-up timings (ms): ${JSON.stringify(cluster.timings)}`);
	});

	afterAll(async () => {
		await cluster?.stop();
		await emulator?.close();
	});

	it('runs the processes it claims: 2 workers and 2 webhook processes, each alive and healthy', async () => {
		expect(cluster.workers).toHaveLength(2);
		expect(cluster.webhookProcesses).toHaveLength(2);
		for (const proc of cluster.processes) expect(proc.exitCode).toBeUndefined();
		const modes = await cluster.query<{ mode: string }>("select 'queue' as mode");
		expect(modes).toEqual([{ mode: 'queue' }]);
		expect(cluster.log_('main')).toMatch(/queue/i);
	});

	it('a callback to each webhook process gets one reply, executed by a worker', async () => {
		for (const [index, user] of [[0, 'user21'], [1, 'user22']] as const) {
			const result = await emulator.wecom.sendCallback({
				url: cluster.webhookUrl(index, hookId, 'webhook'),
				message: textMessage(`hello via webhook ${index + 1}`, user),
			});
			say(`webhook${index + 1} acknowledged in ${result.elapsedMs} ms`);
			expect(result.status).toBe(200);
			expect(result.body).toBe('');
			expect(result.elapsedMs).toBeLessThan(5000);
			const replies = await waitForReplies(user, 1);
			expect(replies).toHaveLength(1);
			expect(replies[0].payload).toEqual({ content: `Thanks for your message: hello via webhook ${index + 1}` });
		}
		const executions = await cluster.waitForExecutions(autoId, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		// Executed on the workers, not in the webhook processes or the main.
		const byWorker = cluster.executionsByWorker();
		say(`executions by worker: ${JSON.stringify(byWorker)}`);
		const ran = Object.values(byWorker).flat();
		for (const execution of executions) expect(ran).toContain(execution.id);
	});

	const contentTo = (user: string, content: string) => repliesTo(user).filter((m) => (m.payload as { content?: string }).content === content);

	it('a revoked token: 8 concurrent executions over both workers all deliver, three rounds', async () => {
		const report: string[] = [];
		for (let round = 1; round <= 3; round++) {
			const before = emulator.tokenCalls('wecom');
			const executionsBefore = (await cluster.executions(autoId)).length;
			emulator.revokeTokens('wecom');
			// The sends answer after 1.5 s, so every execution has read the (revoked) token from the
			// credential before any worker's refresh lands: both workers meet the refusal.
			emulator.latency('wecom', 1500, { path: '/cgi-bin/message/send', count: 8 });
			const users = Array.from({ length: 8 }, (_, i) => `user${String(i + 1).padStart(2, '0')}`);
			const results = await Promise.all(
				users.map((user, i) =>
					emulator.wecom.sendCallback({
						url: cluster.webhookUrl(i % 2, hookId, 'webhook'),
						message: textMessage(`round ${round} from ${user}`, user),
						// Acknowledgement times are another test's business; a cold process under load may be slow.
						timeoutMs: 20_000,
					}),
				),
			);
			for (const result of results) expect(result.status).toBe(200);
			const all = await cluster.waitForExecutions(autoId, executionsBefore + 8);
			const mine = all.slice(executionsBefore);
			const delivered = users.filter((user) => contentTo(user, `Thanks for your message: round ${round} from ${user}`).length === 1);
			const byWorker = cluster.executionsByWorker();
			const spread = Object.fromEntries(Object.entries(byWorker).map(([w, ids]) => [w, mine.filter((e) => ids.includes(e.id)).length]));
			const calls = emulator.tokenCalls('wecom') - before;
			report.push(`round ${round}: ${delivered.length}/8 delivered, ${mine.filter((e) => e.status !== 'success').length} failed executions, ${calls} token calls, executions per worker ${JSON.stringify(spread)}`);
			expect({ round, delivered: delivered.length, failed: mine.filter((e) => e.status !== 'success').length }).toEqual({ round, delivered: 8, failed: 0 });
			// At most one fetch per worker process that met the revoked token.
			expect(calls).toBeGreaterThanOrEqual(1);
			expect(calls).toBeLessThanOrEqual(2);
		}
		say(`revoked token across workers: ${report.join('; ')}`);
	});

	/**
	 * Each trigger, its platform's callback, and the replies its example sends: a callback is one
	 * message `text` from `who`, delivered to webhook process `proc` (the same message every time
	 * it is called with the same text and sender, as a platform's resend is).
	 */
	const platforms = () => {
		const ids = new Map<string, number>();
		const idOf = (text: string) => {
			if (!ids.has(text)) ids.set(text, ++msgId);
			return ids.get(text)!;
		};
		return [
			{
				name: 'WeCom',
				who: (n: number) => `user${String(14 + n).padStart(2, '0')}`,
				deliver: async (text: string, who: string, proc: number) =>
					(await emulator.wecom.sendCallback({ url: cluster.webhookUrl(proc, hookId, 'webhook'), message: { ...textMessage(text, who), MsgId: String(idOf(text)) } })).status,
				replies: (text: string, who: string) => contentTo(who, `Thanks for your message: ${text}`).length,
			},
			{
				name: 'WeChat Official Account',
				who: (n: number) => emulator.oa.followers()[10 + n].openid,
				deliver: async (text: string, who: string, proc: number) =>
					(
						await emulator.oa.sendCallback({
							url: cluster.webhookUrl(proc, oaHook, 'webhook'),
							mode: 'safe',
							message: { MsgType: 'text', Content: text, MsgId: String(idOf(text)), FromUserName: who },
						})
					).status,
				replies: (text: string, who: string) =>
					emulator.oa.messages.filter((m) => m.kind === 'custom' && m.to === who && JSON.stringify(m.payload).includes(`You said: ${text}`)).length,
			},
			{
				name: 'Meituan IM',
				who: (n: number) => String(300100 + n),
				deliver: async (text: string, who: string, proc: number) =>
					(
						await emulator.meituan.sendPush({
							url: cluster.webhookUrl(proc, meituanHook, 'webhook'),
							message: { text, msg_id: idOf(text), open_user_id: Number(who), order_id: meituanFixture.orderId },
						})
					).status,
				replies: (text: string, who: string) => emulator.meituan.messages.filter((m) => m.openUserId === who && m.text === `Thanks for your message: ${text}`).length,
			},
			{
				name: 'Tencent Cloud IM',
				who: (n: number) => timFixture.users[n % timFixture.users.length],
				deliver: async (text: string, who: string, proc: number) =>
					(
						await emulator.tim.sendCallback({
							url: cluster.webhookUrl(proc, TIM_HOOK, 'webhook'),
							sdkAppId: timFixture.sdkAppId,
							token: timFixture.callbackToken,
							command: 'C2C.CallbackAfterSendMsg',
							body: {
								From_Account: who,
								To_Account: 'support',
								MsgSeq: idOf(text),
								MsgRandom: 77,
								MsgTime: 1700000000,
								MsgKey: `${idOf(text)}_77_1700000000`,
								MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
								SendMsgResult: 0,
								ErrorInfo: '',
								UnreadMsgNum: 0,
							},
						})
					).status,
				replies: (text: string, who: string) => emulator.tim.messages.filter((m) => m.kind === 'c2c' && m.to === who && m.text === `Thanks, we received: ${text}`).length,
			},
		];
	};

	it('every trigger, its example with Once per Message: a resend to the other webhook process after the first ran, and deliveries at the same moment: nothing lost, second replies measured', async () => {
		const measured: string[] = [];
		const only = process.env.E2E_QUEUE_PLATFORM;
		for (const platform of platforms().filter((p) => !only || p.name === only)) {
			const N = 6;
			const sequential = Array.from({ length: N }, (_, i) => ({ text: `${platform.name} resent ${i}`, who: platform.who(i) }));
			const simultaneous = Array.from({ length: N }, (_, i) => ({ text: `${platform.name} at once ${i}`, who: platform.who(i) }));
			for (const { text, who } of sequential) {
				expect(await platform.deliver(text, who, 0)).toBe(200);
				// A platform resends after its own timeout (WeCom: 5 s), when the first delivery has run.
				const until = Date.now() + 15_000;
				while (platform.replies(text, who) === 0 && Date.now() < until) await sleep(100);
				expect(await platform.deliver(text, who, 1)).toBe(200);
			}
			for (const { text, who } of simultaneous) {
				const answers = await Promise.all([0, 1].map((proc) => platform.deliver(text, who, proc)));
				expect(answers).toEqual([200, 200]);
			}
			const all = [...sequential, ...simultaneous];
			const deadline = Date.now() + 30_000;
			while (all.some(({ text, who }) => platform.replies(text, who) === 0) && Date.now() < deadline) await sleep(300);
			await sleep(3000);
			const counts = (list: typeof all) => list.map(({ text, who }) => platform.replies(text, who));
			measured.push(`${platform.name}: resent after the answer ${JSON.stringify(counts(sequential))}, at the same moment ${JSON.stringify(counts(simultaneous))}`);
			say(measured.at(-1)!);
			// Nothing lost; a second reply is the window the README names (Remove Duplicates is not atomic).
			expect(counts(sequential).every((c) => c >= 1)).toBe(true);
			expect(counts(simultaneous).every((c) => c >= 1)).toBe(true);
		}
	});

	it('without the example\'s Once per Message node (measured): the trigger\'s filter is per process, one delivery to each gives two replies', async () => {
		const first = await emulator.wecom.sendCallback({ url: cluster.webhookUrl(0, NO_DEDUP_HOOK, 'webhook'), message: textMessage('no database dedup', 'user10') });
		expect(first.status).toBe(200);
		const { query, body } = first.request as { query: Record<string, string>; body: string };
		const again = await httpRequestTo(cluster.webhookUrl(1, NO_DEDUP_HOOK, 'webhook'), query, body);
		expect(again.status).toBe(200);
		// The same bytes to the same process: its own filter.
		const third = await httpRequestTo(cluster.webhookUrl(1, NO_DEDUP_HOOK, 'webhook'), query, body);
		expect(third.status).toBe(200);
		await sleep(6000);
		const replies = contentTo('user10', 'Thanks for your message: no database dedup').length;
		say(`the example without Once per Message, one delivery to each webhook process and one more to the second: ${replies} replies`);
		expect(replies).toBe(2);
	});

	/**
	 * WeChat KF's callback as WeCom sends it, resent (three times at most) while the answer is not
	 * a 200, as WeCom does: a drain that failed answers 500 and must be tried again.
	 */
	async function kfCallback(url: string) {
		const first = await emulator.kf.sendCallback({ url });
		const { query, body } = first.request as { query: Record<string, string>; body: string };
		let status = first.status;
		for (let retry = 0; retry < 3 && status !== 200; retry++) status = (await httpRequestTo(url, query, body)).status;
		return status;
	}

	/** Sends `n` customer messages, one callback each to the process `process(i)` picks, 50 ms apart. */
	async function kfBurst(label: string, n: number, process: (i: number) => number) {
		const customer = (who: number) => kfFixture.customers[who].external_userid;
		const sent = () => emulator.kf.messages.filter((m) => m.kind === 'send');
		const before = sent().length;
		const texts: Array<{ who: number; text: string }> = [];
		const statuses: Array<Promise<number>> = [];
		for (let i = 0; i < n; i++) {
			const who = i % 3;
			const text = `${label} ${i}`;
			texts.push({ who, text });
			emulator.kf.customerSays({ content: text, externalUserId: customer(who) });
			statuses.push(kfCallback(cluster.webhookUrl(process(i), kfHook, 'webhook')));
			await sleep(50);
		}
		const answered = await Promise.all(statuses);
		const deadline = Date.now() + 45_000;
		while (sent().length - before < texts.length && Date.now() < deadline) await sleep(300);
		await sleep(4000);
		const contents = sent()
			.slice(before)
			.map((m) => ({ to: m.to, content: (m.payload as { content?: string }).content }));
		const counts = texts.map(({ text }) => contents.filter((c) => c.content === `Thanks for your message: ${text}`).length);
		const inOrder = [0, 1, 2].every((who) => {
			const mine = contents.filter((c) => c.to === customer(who)).map((c) => c.content);
			const expected = texts.filter((t) => t.who === who).map((t) => `Thanks for your message: ${t.text}`);
			return JSON.stringify(mine.filter((c, i) => mine.indexOf(c) === i)) === JSON.stringify(expected);
		});
		return { answered, counts, inOrder, contents };
	}

	it('WeChat KF: a burst for one account split over both webhook processes: nothing lost, doubles measured', async () => {
		const syncs = () => emulator.requests({ platform: 'kf', path: '/cgi-bin/kf/sync_msg' }).length;
		const before = syncs();
		const { answered, counts, inOrder } = await kfBurst('kf burst', 12, (i) => i % 2);
		say(
			`WeChat KF burst of 12 over both webhook processes: answers ${JSON.stringify(answered)}, replies per message ${JSON.stringify(counts)}, in order per customer: ${inOrder}, sync_msg calls ${syncs() - before}`,
		);
		expect(answered.every((status) => status === 200)).toBe(true);
		// Nothing lost; a message two processes drained at the same moment may be answered twice.
		expect(counts.every((c) => c >= 1)).toBe(true);
	});

	it('WeChat KF routed to one webhook process: every message once, in order; after that process restarts, nothing re-emitted', async () => {
		const first = await kfBurst('kf routed', 9, () => 1);
		say(`WeChat KF burst of 9 to one webhook process: replies per message ${JSON.stringify(first.counts)}, in order per customer: ${first.inOrder}`);
		expect(first.counts).toEqual(Array(9).fill(1));
		expect(first.inOrder).toBe(true);
		// Memory gone, the cursor only where n8n saved it (the workflow's static data, in Postgres).
		await cluster.stopProcess('webhook2', 'SIGKILL');
		await cluster.startProcess('webhook', 'webhook2');
		const after = await kfBurst('kf after restart', 3, () => 1);
		say(`WeChat KF after a SIGKILLed webhook process restarted: replies per new message ${JSON.stringify(after.counts)}, earlier messages answered again: ${after.contents.filter((c) => /kf (routed|burst) /.test(String(c.content))).length}`);
		expect(after.counts).toEqual([1, 1, 1]);
		expect(after.contents.filter((c) => /kf (routed|burst) /.test(String(c.content)))).toEqual([]);
	});

	it('a webhook process killed mid-burst: every callback it acknowledged is replied', async () => {
		const before = (await cluster.executions(autoId)).length;
		const N = 10;
		const acked: number[] = [];
		const ackMs: number[] = [];
		const sends = Array.from({ length: N }, (_, i) =>
			emulator.wecom
				.sendCallback({ url: cluster.webhookUrl(0, hookId, 'webhook'), message: textMessage(`burst ${i}`, `user${String(i + 1).padStart(2, '0')}`), timeoutMs: 4000 })
				.then((r) => {
					if (r.status === 200) {
						acked.push(i);
						ackMs.push(r.elapsedMs);
					}
					return r;
				})
				.catch(() => undefined),
		);
		// Kill as soon as the first acknowledgement is back.
		const t0 = Date.now();
		while (acked.length === 0 && Date.now() - t0 < 10_000) await sleep(5);
		await cluster.stopProcess('webhook1', 'SIGKILL');
		await Promise.all(sends);
		await sleep(8000);
		const executions = (await cluster.executions(autoId)).length - before;
		const replied = acked.filter((i) => repliesTo(`user${String(i + 1).padStart(2, '0')}`).some((m) => (m.payload as { content?: string }).content === `Thanks for your message: burst ${i}`));
		say(`webhook1 SIGKILLed mid-burst: ${acked.length} of ${N} acknowledged, ${executions} executions, ${acked.length - replied.length} acknowledged but never replied; acknowledgement times (ms) ${JSON.stringify(ackMs)}`);
		// Acknowledged means kept: n8n answers only once the execution is in Postgres and Redis.
		expect(replied).toHaveLength(acked.length);
		await cluster.startProcess('webhook', 'webhook1');
		const after = await emulator.wecom.sendCallback({ url: cluster.webhookUrl(0, hookId, 'webhook'), message: textMessage('after restart', 'user25') });
		expect(after.status).toBe(200);
		expect(await waitForReplies('user25', 1)).toHaveLength(1);
	});
});
