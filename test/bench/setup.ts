/**
 * One real n8n with this package and every benchmark workflow, next to the platform emulator
 * (in this process, every API call delayed by BENCH_LATENCY_MS), and the two ways of driving it:
 *
 * - `runItems(chain, items)`: one HTTP call to a Webhook node (Respond: When Last Node Finishes)
 *   whose body carries the items; Split Out makes them n8n items and the node under test gets all
 *   of them in one execution, so n8n's CLI start-up never enters a measurement. WeChat KF and
 *   Official Account chains first re-arm every recipient's window (the customer writes, the
 *   follower interacts), so each run may send its items again.
 * - `runCallbacks(side, n, concurrency)`: n WeCom callbacks sent by the emulator, `concurrency` at a
 *   time, to the WeCom Trigger or to n8n's Webhook node, until every reply has reached the emulator.
 *
 * The item chains live in one workflow (a webhook execution runs only the nodes after the trigger
 * that received the call), each callback side in its own; one import, one start.
 */
import * as path from 'node:path';

import { N8nInstance, REPO_ROOT, type ExecutionSummary, type WorkflowInput } from '../e2e/harness';
import {
	kfFixture,
	meituanFixture,
	startEmulator,
	timFixture,
	wecomFixture,
	type DeliveryReport,
	type Emulator,
	type OfficialAccountAppOptions,
	type RecordedMessage,
} from '../emulator';
import { countDeliveries } from '../emulator/core';
import { encrypt as mtEncrypt } from '../emulator/platforms/meituan/crypto';
import { buildInfo, envInt, groupCpuMs, groupProcesses, n8nProcessGroup, note, sleep } from './lib';

export const SEND_PATH = '/cgi-bin/message/send';
export const TIM_SEND_PATH = '/v4/openim/sendmsg';
export const KF_SEND_PATH = '/cgi-bin/kf/send_msg';
export const OA_SEND_PATH = '/cgi-bin/message/custom/send';
export const MT_SEND_PATH = '/ecommerce/IM/msgSend';
const WECOM_USERS = Array.from({ length: 25 }, (_, i) => `user${String(i + 1).padStart(2, '0')}`);
// As many recipients on each side: items to one recipient go out in item order, so three would
// cap the node at three calls at a time while HTTP Request (which keeps no order) sends all at once.
const TIM_USERS = Array.from({ length: 25 }, (_, i) => `tim${String(i + 1).padStart(2, '0')}`);
/** Meituan customers of one store: numeric open_user_ids, one conversation each. */
const MT_USERS = Array.from({ length: 25 }, (_, i) => String(200001 + i));
const MT_STORE = meituanFixture.stores[0];
/** The HTTP Request side's msg_ids: digits of their own, below our node's (milliseconds × 1000) and 2^53. */
const mtMsgId = (run: number, i: number) => String(900_000_000_000_000 + run * 100_000 + i);
/**
 * WeChat KF lets an account send a customer 5 messages within 48 hours of the customer's last
 * message, the Official Account a follower 5 after they write: the items go to so many customers
 * (followers) that each gets at most 4, and every run re-arms them all first.
 */
const WECHAT_PER_RECIPIENT = 4;
const kfCustomer = (k: number) => `wmBenchCustomer${String(k + 1).padStart(5, '0')}`;
const oaFollower = (k: number) => `oBenchFollower${String(k + 1).padStart(14, '0')}`;
/** An Official Account of the bench's own: the fixture account has 25 followers, too few for 5 messages each. */
const OA_BENCH_APP = {
	appId: 'wx0bec0bec0bec0b01',
	appSecret: '0bec0bec0bec0bec0bec0bec0bec0b01',
	token: 'EmulatorOaBenchToken',
	encodingAesKey: 'OfficialAccountBenchKey0123456789abcdefghij',
} satisfies OfficialAccountAppOptions;
const DONE = new Set(['success', 'error', 'canceled', 'crashed']);

/** What the node under test is, per chain: a webhook path `bench-<chain>` in front of it. */
export type Chain =
	| 'base'
	| 'wecom-ours'
	| 'wecom-http'
	| 'tim-ours'
	| 'tim-ours-par'
	| 'tim-http'
	| 'kf-ours'
	| 'kf-http'
	| 'oa-ours'
	| 'oa-http'
	| 'meituan-ours'
	| 'meituan-ours-max'
	| 'meituan-http'
	| 'wecom-ours-cof'
	| 'wecom-http-cof';
export type CallbackSide = 'ours' | 'n8n';
type Flow = 'items' | CallbackSide;

export interface BenchConfig {
	version: string;
	latencyMs: number;
	/** Items in Parallel of the parallel TIM chain. */
	timParallel: number;
	/** Max Calls per Second of the raised Meituan chain (an app whose limits Meituan set higher). */
	mtMaxPerSecond: number;
	/** WeChat KF customers and Official Account followers: at most 4 items each. */
	wechatRecipients: number;
	/** Extra environment for n8n (the profiler's NODE_OPTIONS). */
	n8nEnv?: Record<string, string>;
}

export function benchConfig(): BenchConfig {
	return {
		version: process.env.BENCH_N8N_VERSION ?? '2.41.1',
		latencyMs: envInt('BENCH_LATENCY_MS', 20),
		timParallel: envInt('BENCH_TIM_PARALLEL', 20),
		mtMaxPerSecond: envInt('BENCH_MT_MAX_PER_SECOND', 1000),
		wechatRecipients: Math.max(250, Math.ceil(envInt('BENCH_ITEMS', 1000) / WECHAT_PER_RECIPIENT)),
		n8nEnv: n8nSettings(process.env.BENCH_N8N_ENV ?? ''),
	};
}

/** BENCH_N8N_ENV: n8n settings for the run, `KEY=value` separated by spaces (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true). */
export function n8nSettings(spec: string): Record<string, string> | undefined {
	const entries = spec
		.split(/\s+/)
		.filter(Boolean)
		.map((pair) => {
			const at = pair.indexOf('=');
			if (at <= 0) throw new Error(`BENCH_N8N_ENV: "${pair}" is not KEY=value`);
			return [pair.slice(0, at), pair.slice(at + 1)] as [string, string];
		});
	return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Settings as BENCH_N8N_ENV gives them, for a report line. */
export function settingsLine(settings: Record<string, string>): string {
	return Object.entries(settings)
		.map(([key, value]) => `${key}=${value}`)
		.join(' ');
}

export interface ItemRun {
	chain: Chain;
	items: number;
	/** The webhook call, from sending it to the last byte of n8n's answer. */
	wallMs: number;
	/** The execution's stoppedAt − startedAt as n8n stored them. */
	executionMs: number;
	status: string;
	httpStatus: number;
	/** CPU of n8n's process group over the run (until the execution was stored). */
	cpuMs: number;
	/** Deliveries recorded by the emulator during the run. */
	report: DeliveryReport;
	/** Items whose content reached its recipient at least once. */
	delivered: number;
	/** Output items that carry an `error` (only read when `readOutput`). */
	failedReported?: number;
	/** Not delivered and not reported as failed. */
	lost?: number;
	/** Reported as failed although the message was delivered. */
	failedButDelivered?: number;
	/** The node ended with an error and output nothing: every item counts as reported failed. */
	nodeFailed?: boolean;
	/** API calls the emulator saw during the run, and token calls of the chain's platform among them. */
	apiCalls: number;
	tokenCalls: number;
	executionId: string;
}

export interface CallbackRun {
	side: CallbackSide;
	callbacks: number;
	/** Each callback's HTTP round trip: how long WeCom would wait for the acknowledgement. */
	ackMs: number[];
	/** From the first callback sent to the last reply recorded by the emulator. */
	toLastReplyMs: number;
	replies: number;
	cpuMs: number;
	failedAcks: number;
}

export class Bench {
	readonly config: BenchConfig;
	readonly emulator: Emulator;
	readonly n8n: N8nInstance;
	/** Which build n8n runs (it got a copy of dist/ when the bench started). */
	readonly build: string;
	private readonly workflowIds: Record<Flow, string> = { items: '', ours: '', n8n: '' };
	private pgid = 0;
	private runCounter = 0;
	/** Per workflow: the newest execution id already accounted for. */
	private readonly lastExecutionId: Record<Flow, number> = { items: 0, ours: 0, n8n: 0 };
	/** The access token the HTTP Request nodes carry in their URL (fetched once by the bench). */
	private wecomToken = '';
	private kfToken = '';
	private oaToken = '';
	private readonly kfCustomers: string[];
	private readonly oaFollowers: string[];

	private constructor(config: BenchConfig, emulator: Emulator, n8n: N8nInstance, build: string) {
		this.config = config;
		this.build = build;
		this.emulator = emulator;
		this.n8n = n8n;
		this.kfCustomers = Array.from({ length: config.wechatRecipients }, (_, k) => kfCustomer(k));
		this.oaFollowers = Array.from({ length: config.wechatRecipients }, (_, k) => oaFollower(k));
	}

	/** Starts the emulator and n8n with every chain published. */
	static async start(config: BenchConfig = benchConfig()): Promise<Bench> {
		const build = buildInfo();
		const emulator = await startEmulator();
		for (const user of TIM_USERS) emulator.tim.addUser(timFixture.sdkAppId, user);
		emulator.oa.addApp({ ...OA_BENCH_APP, followers: Array.from({ length: config.wechatRecipients }, (_, k) => oaFollower(k)) });
		const n8n = await N8nInstance.create({
			version: config.version,
			label: `bench-${config.version}`,
			// A copy of package.json + dist: a rebuild by someone else during the run cannot pull dist/ away.
			packageMode: 'copy',
			env: config.n8nEnv,
		});
		const bench = new Bench(config, emulator, n8n, build);
		try {
			await bench.prepare();
		} catch (error) {
			await bench.dispose();
			throw error;
		}
		return bench;
	}

	private async prepare(): Promise<void> {
		const { emulator, n8n } = this;
		const started = Date.now();
		// The bench's own token for the HTTP Request nodes' URL: one gettoken call, subtracted in the report.
		const answer = (await (
			await fetch(`${emulator.baseUrl('wecom')}/cgi-bin/gettoken?corpid=${wecomFixture.corpId}&corpsecret=${wecomFixture.corpSecret}`)
		).json()) as { access_token: string };
		this.wecomToken = answer.access_token;
		// The same for WeChat KF (gettoken with the KF Secret) and the Official Account (stable_token).
		const kfAnswer = (await (
			await fetch(`${emulator.baseUrl('kf')}/cgi-bin/gettoken?corpid=${kfFixture.corpId}&corpsecret=${kfFixture.secret}`)
		).json()) as { access_token?: string };
		const oaAnswer = (await (
			await fetch(`${emulator.baseUrl('oa')}/cgi-bin/stable_token`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ grant_type: 'client_credential', appid: OA_BENCH_APP.appId, secret: OA_BENCH_APP.appSecret }),
			})
		).json()) as { access_token?: string };
		if (!kfAnswer.access_token || !oaAnswer.access_token) throw new Error('the emulator gave the bench no WeChat KF or Official Account token');
		this.kfToken = kfAnswer.access_token;
		this.oaToken = oaAnswer.access_token;

		const wecomCredential = { id: '', name: 'WeCom (bench)' };
		const timCredential = { id: '', name: 'Tencent Cloud IM (bench)' };
		const kfCredential = { id: '', name: 'WeChat KF (bench)' };
		const oaCredential = { id: '', name: 'WeChat Official Account (bench)' };
		const mtCredential = { id: '', name: 'Meituan (bench)' };
		[wecomCredential.id, timCredential.id, kfCredential.id, oaCredential.id, mtCredential.id] = await n8n.importCredentials([
			{
				name: wecomCredential.name,
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
			{
				name: timCredential.name,
				type: 'tencentCloudImApi',
				data: {
					sdkAppId: timFixture.sdkAppId,
					secretKey: timFixture.secretKey,
					identifier: timFixture.admin,
					baseUrl: emulator.baseUrl('tim'),
				},
			},
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
			{
				name: oaCredential.name,
				type: 'weChatOfficialAccountApi',
				data: {
					appId: OA_BENCH_APP.appId,
					appSecret: OA_BENCH_APP.appSecret,
					token: OA_BENCH_APP.token,
					encodingAesKey: OA_BENCH_APP.encodingAesKey,
					baseUrl: emulator.baseUrl('oa'),
				},
			},
			{
				name: mtCredential.name,
				type: 'meituanApi',
				data: { appId: meituanFixture.appId, appSecret: meituanFixture.appSecret, platform: 'waimai', baseUrl: emulator.baseUrl('meituan') },
			},
		]);
		const flows = this.workflows({ wecom: wecomCredential, tim: timCredential, kf: kfCredential, oa: oaCredential, mt: mtCredential });
		const names = Object.keys(flows) as Flow[];
		const ids = await n8n.importWorkflows(names.map((name) => flows[name]));
		for (const [i, name] of names.entries()) {
			this.workflowIds[name] = ids[i];
			await n8n.publish(ids[i]);
		}
		await n8n.start();
		this.pgid = n8nProcessGroup(n8n.userFolder);
		// Every platform call from here on waits like a real API across the internet would.
		if (this.config.latencyMs > 0) {
			emulator.latency('wecom', this.config.latencyMs);
			emulator.latency('tim', this.config.latencyMs);
			emulator.latency('kf', this.config.latencyMs);
			emulator.latency('oa', this.config.latencyMs);
			emulator.latency('meituan', this.config.latencyMs);
		}
		note(`n8n ${n8n.version} ready at ${n8n.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s (pgid ${this.pgid})`);
	}

	async dispose(): Promise<void> {
		try {
			this.emulator.releaseHungCalls();
			await this.n8n.dispose();
		} finally {
			await this.emulator.close();
		}
	}

	cpuMs(): number {
		return groupCpuMs(this.pgid);
	}

	/** What the CPU figures add up: n8n and its task runner, one line each. */
	describeProcesses(): string {
		return groupProcesses(this.pgid)
			.map((p) => `${p.pid} ${p.command.replace(/^\S*\/bin\/node /, 'node ').slice(0, 90)}`)
			.join('; ');
	}

	// --- the workflow -------------------------------------------------------------------------

	/**
	 * The item chains in one workflow, and each callback side in a workflow of its own: a
	 * callback execution costs what a small workflow's execution costs (n8n stores the workflow
	 * with every execution), 1000-item runs barely notice.
	 */
	private workflows(credentials: Record<'wecom' | 'tim' | 'kf' | 'oa' | 'mt', { id: string; name: string }>): Record<Flow, WorkflowInput> {
		const { wecom, tim, kf, oa, mt } = credentials;
		const wecomBase = this.emulator.baseUrl('wecom');
		const timBase = this.emulator.baseUrl('tim');
		const kfBase = this.emulator.baseUrl('kf');
		const oaBase = this.emulator.baseUrl('oa');
		const meituanBase = this.emulator.baseUrl('meituan');
		// The package's own signer, from the build n8n loads: the HTTP Request side signs as our node does.
		const { timUserSig } = require(path.join(REPO_ROOT, 'dist', 'index.js')) as {
			timUserSig(sdkAppId: string, key: string, identifier: string, expire: number): string;
		};
		const userSig = timUserSig(timFixture.sdkAppId, timFixture.secretKey, timFixture.admin, 86400 * 7);
		const timQuery =
			`sdkappid=${timFixture.sdkAppId}&identifier=${encodeURIComponent(timFixture.admin)}` +
			`&usersig=${encodeURIComponent(userSig)}&contenttype=json&random=`;
		const nodes: Array<Record<string, unknown>> = [];
		const connections: Record<string, unknown> = {};
		const connect = (from: string, to: string) => {
			connections[from] = { main: [[{ node: to, type: 'main', index: 0 }]] };
		};
		let row = 0;

		const wecomSend = (name: string, extra: Record<string, unknown> = {}) => ({
			name,
			type: 'n8n-nodes-china-im.weCom',
			typeVersion: 1.1,
			parameters: {
				resource: 'message',
				operation: 'send',
				userIds: '={{ $json.u }}',
				messageType: 'text',
				content: '={{ $json.t }}',
				options: {},
			},
			credentials: { weComApi: wecom },
			...extra,
		});
		const httpRequest = (name: string, url: string, jsonBody: string, extra: Record<string, unknown> = {}) => ({
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody, options: {} },
			...extra,
		});
		const wecomHttp = (name: string, extra: Record<string, unknown> = {}) =>
			httpRequest(
				name,
				`${wecomBase}${SEND_PATH}?access_token=${this.wecomToken}`,
				`={{ { touser: $json.u, msgtype: 'text', agentid: ${wecomFixture.agentId}, text: { content: $json.t } } }}`,
				extra,
			);
		const timOurs = (name: string, throughput: Record<string, unknown>) => ({
			name,
			type: 'n8n-nodes-china-im.tencentCloudIm',
			typeVersion: 1.1,
			parameters: {
				resource: 'message',
				operation: 'sendOne',
				toAccount: '={{ $json.u }}',
				messageType: 'text',
				text: '={{ $json.t }}',
				throughput,
			},
			credentials: { tencentCloudImApi: tim },
		});
		const timHttp = (name: string) =>
			httpRequest(
				name,
				`={{ "${timBase}${TIM_SEND_PATH}?${timQuery}" + Math.floor(Math.random() * 4294967295) }}`,
				"={{ { To_Account: $json.u, MsgRandom: Math.floor(Math.random() * 4294967295), MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: $json.t } }] } }}",
			);
		// WeChat KF: one account, a customer per `u`; the node makes a msgid per item, HTTP Request takes the item's `m`.
		const kfOurs = (name: string) => ({
			name,
			type: 'n8n-nodes-china-im.weChatKf',
			typeVersion: 1,
			parameters: {
				resource: 'message',
				operation: 'send',
				openKfId: kfFixture.openKfId,
				externalUserId: '={{ $json.u }}',
				messageType: 'text',
				content: '={{ $json.t }}',
				options: {},
			},
			credentials: { weChatKfApi: kf },
		});
		const kfHttp = (name: string) =>
			httpRequest(
				name,
				`${kfBase}${KF_SEND_PATH}?access_token=${this.kfToken}`,
				`={{ { touser: $json.u, open_kfid: '${kfFixture.openKfId}', msgid: $json.m, msgtype: 'text', text: { content: $json.t } } }}`,
			);
		const oaOurs = (name: string) => ({
			name,
			type: 'n8n-nodes-china-im.weChatOfficialAccount',
			typeVersion: 1,
			parameters: {
				resource: 'customerServiceMessage',
				operation: 'send',
				openId: '={{ $json.u }}',
				messageType: 'text',
				content: '={{ $json.t }}',
				options: {},
			},
			credentials: { weChatOfficialAccountApi: oa },
		});
		const oaHttp = (name: string) =>
			httpRequest(
				name,
				`${oaBase}${OA_SEND_PATH}?access_token=${this.oaToken}`,
				"={{ { touser: $json.u, msgtype: 'text', text: { content: $json.t } } }}",
			);
		// Meituan: one store, a conversation per `u`. Our node encrypts and signs itself; HTTP Request
		// signs with the same credential (its authenticate, as Custom API Call does) and sends the
		// item's `c`, the text the bench encrypted, and `m`, a msg_id of its own.
		const mtOurs = (name: string, throughput: Record<string, unknown>) => ({
			name,
			type: 'n8n-nodes-china-im.meituanIm',
			typeVersion: 1,
			parameters: {
				resource: 'message',
				operation: 'send',
				appPoiCode: MT_STORE,
				chat: 'single',
				openUserId: '={{ $json.u }}',
				messageType: 'text',
				text: '={{ $json.t }}',
				options: {},
				throughput,
			},
			credentials: { meituanApi: mt },
		});
		const mtHttp = (name: string) => ({
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${meituanBase}${MT_SEND_PATH}`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'meituanApi',
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: {
					parameters: [
						{
							name: 'push_content',
							value:
								`={{ JSON.stringify({ app_id: ${Number(meituanFixture.appId)}, app_poi_code: '${MT_STORE}', msg_id: Number($json.m), ` +
								'msg_source: 1, msg_type: 1, cts: Math.floor(Date.now() / 1000), open_user_id: Number($json.u), msg_content: $json.c }) }}',
						},
					],
				},
				options: {},
			},
			credentials: { meituanApi: mt },
		});
		const continueOnFail = { onError: 'continueRegularOutput' };

		const underTest: Record<Chain, Record<string, unknown> | undefined> = {
			base: undefined,
			'wecom-ours': wecomSend('Node wecom-ours'),
			'wecom-http': wecomHttp('Node wecom-http'),
			'tim-ours': timOurs('Node tim-ours', {}),
			'tim-ours-par': timOurs('Node tim-ours-par', { concurrency: this.config.timParallel }),
			'tim-http': timHttp('Node tim-http'),
			'kf-ours': kfOurs('Node kf-ours'),
			'kf-http': kfHttp('Node kf-http'),
			'oa-ours': oaOurs('Node oa-ours'),
			'oa-http': oaHttp('Node oa-http'),
			'meituan-ours': mtOurs('Node meituan-ours', {}),
			'meituan-ours-max': mtOurs('Node meituan-ours-max', { maxPerSecond: this.config.mtMaxPerSecond }),
			'meituan-http': mtHttp('Node meituan-http'),
			'wecom-ours-cof': wecomSend('Node wecom-ours-cof', continueOnFail),
			'wecom-http-cof': wecomHttp('Node wecom-http-cof', continueOnFail),
		};
		for (const [chain, node] of Object.entries(underTest)) {
			const y = row++ * 200;
			const hook = `Webhook ${chain}`;
			const split = `Split ${chain}`;
			nodes.push({
				name: hook,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, y],
				webhookId: `bench-hook-${chain}`,
				parameters: { httpMethod: 'POST', path: `bench-${chain}`, responseMode: 'lastNode', options: {} },
			});
			nodes.push({
				name: split,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, y],
				parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
			});
			connect(hook, split);
			if (node) {
				nodes.push({ ...node, position: [440, y] });
				connect(split, String(node.name));
			}
		}

		const settings = { executionOrder: 'v1', saveDataSuccessExecution: 'all' };
		const items: WorkflowInput = { name: 'Benchmark: items', nodes, connections, settings };

		// Callbacks, ours: the WeCom Trigger acknowledges at once, WeCom → Message → Send replies.
		const ours = { name: 'Benchmark: callbacks, ours', nodes: [] as Array<Record<string, unknown>>, connections: {} as Record<string, unknown>, settings };
		ours.nodes.push({
			name: 'Callback WeCom Trigger',
			type: 'n8n-nodes-china-im.weComTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			webhookId: 'bench-callback-wecom',
			parameters: { messageTypes: ['text'], replyMode: 'acknowledge', options: {} },
			credentials: { weComApi: wecom },
		});
		ours.nodes.push({
			...wecomSend('Callback Reply'),
			position: [220, 0],
			parameters: {
				resource: 'message',
				operation: 'send',
				userIds: '={{ $json.fromUser }}',
				messageType: 'text',
				content: '=Re: {{ $json.content }}',
				options: {},
			},
		});
		ours.connections['Callback WeCom Trigger'] = { main: [[{ node: 'Callback Reply', type: 'main', index: 0 }]] };

		// Callbacks, n8n's own: Webhook (Respond Immediately) → Code builds the reply → HTTP Request.
		const theirs = { name: "Benchmark: callbacks, n8n's own", nodes: [] as Array<Record<string, unknown>>, connections: {} as Record<string, unknown>, settings };
		theirs.nodes.push({
			name: 'Callback Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'bench-callback-webhook',
			parameters: { httpMethod: 'POST', path: 'bench-callback', responseMode: 'onReceived', options: {} },
		});
		theirs.nodes.push({
			name: 'Callback Code',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: {
				jsCode:
					'// The WeCom envelope is not decrypted: the nonce stands in for the content.\n' +
					'return $input.all().map((item) => ({ json: { touser: "user01", msgtype: "text", ' +
					`agentid: ${wecomFixture.agentId}, text: { content: "Re: " + item.json.query.nonce } } }));`,
			},
		});
		theirs.nodes.push({
			...httpRequest('Callback HTTP Request', `${wecomBase}${SEND_PATH}?access_token=${this.wecomToken}`, '={{ $json }}'),
			position: [440, 0],
		});
		theirs.connections['Callback Webhook'] = { main: [[{ node: 'Callback Code', type: 'main', index: 0 }]] };
		theirs.connections['Callback Code'] = { main: [[{ node: 'Callback HTTP Request', type: 'main', index: 0 }]] };

		return { items, ours, n8n: theirs };
	}

	// --- runs ---------------------------------------------------------------------------------

	/** Executions of the bench workflow newer than the last one seen, once `count` of them have ended. */
	private async newExecutions(flow: Flow, count: number, timeoutMs = 120_000): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const rows = await this.n8n.query<{ id: number; status: string; startedAt: string | null; stoppedAt: string | null }>(
				'select id, status, startedAt, stoppedAt from execution_entity where workflowId = ? and id > ? order by id',
				[this.workflowIds[flow], this.lastExecutionId[flow]],
			);
			const done = rows.filter((r) => DONE.has(r.status));
			if (done.length >= count || Date.now() > deadline) {
				if (rows.length > 0) this.lastExecutionId[flow] = Math.max(this.lastExecutionId[flow], ...rows.map((r) => r.id));
				return done.map((r) => ({
					id: String(r.id),
					workflowId: this.workflowIds[flow],
					status: r.status,
					finished: r.status === 'success',
					mode: 'webhook',
					startedAt: r.startedAt,
					stoppedAt: r.stoppedAt,
				}));
			}
			await sleep(150);
		}
	}

	/**
	 * Sends `items` items through a chain in one execution. Each item is a distinct text to one of
	 * the recipients in turn, so the emulator's record says which items arrived (and how often).
	 */
	async runItems(
		chain: Chain,
		items: number,
		options: { readOutput?: boolean; timeoutMs?: number; onSlow?: () => void; slowAfterMs?: number } = {},
	): Promise<ItemRun> {
		const run = ++this.runCounter;
		const platform = chainPlatform(chain);
		const users = { wecom: WECOM_USERS, tim: TIM_USERS, kf: this.kfCustomers, oa: this.oaFollowers, meituan: MT_USERS }[platform];
		if ((platform === 'kf' || platform === 'oa') && items > users.length * WECHAT_PER_RECIPIENT) {
			throw new Error(`${chain}: ${items} items need more than ${users.length} recipients (BENCH_ITEMS sets how many the bench makes)`);
		}
		// WeChat KF items carry a msgid of their own (unique in the account) for the HTTP Request side,
		// Meituan items a msg_id and their text encrypted as msgSend takes it.
		const payload = Array.from({ length: items }, (_, i) => {
			const t = `bench ${run} ${chain} ${i}`;
			return {
				u: users[i % users.length],
				t,
				...(platform === 'kf' ? { m: `bench${run}x${i}` } : {}),
				...(platform === 'meituan' ? { m: mtMsgId(run, i), c: mtEncrypt(meituanFixture.appSecret, t) } : {}),
			};
		});
		this.rearm(platform);
		const messagesBefore = this.emulator.core.messages.length;
		const lastRequest = this.emulator.core.log.at(-1)?.id ?? 0;
		const tokensBefore = this.emulator.tokenCalls(platform);
		const cpuBefore = this.cpuMs();
		const t0 = performance.now();
		let slowTimer: NodeJS.Timeout | undefined;
		if (options.onSlow) slowTimer = setTimeout(options.onSlow, options.slowAfterMs ?? 120_000);
		let httpStatus = 0;
		try {
			const response = await this.n8n.request('POST', `${this.n8n.baseUrl}/webhook/bench-${chain}`, {
				body: { items: payload },
				timeoutMs: options.timeoutMs ?? 30 * 60_000,
			});
			httpStatus = response.status;
		} catch (error) {
			note(`${chain}: the webhook call failed: ${(error as Error).message}`);
		} finally {
			if (slowTimer) clearTimeout(slowTimer);
		}
		const wallMs = performance.now() - t0;
		const [execution] = await this.newExecutions('items', 1);
		const cpuMs = this.cpuMs() - cpuBefore;
		const messages = this.emulator.core.messages.slice(messagesBefore);
		const report = countDeliveries(messages);
		const deliveredTexts = textCounts(messages);
		const result: ItemRun = {
			chain,
			items,
			wallMs,
			executionMs: execution?.startedAt && execution.stoppedAt ? Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt) : NaN,
			status: execution?.status ?? 'missing',
			httpStatus,
			cpuMs,
			report,
			delivered: payload.filter((p) => (deliveredTexts.get(p.t) ?? 0) > 0).length,
			apiCalls: this.emulator.core.requests({ sinceId: lastRequest }).length,
			tokenCalls: this.emulator.tokenCalls(platform) - tokensBefore,
			executionId: execution?.id ?? '',
		};
		if (options.readOutput && execution && chain !== 'base') {
			const output = await this.n8n.nodeOutput(execution.id, `Node ${chain}`).catch(() => [] as Array<Record<string, unknown>>);
			let failed = 0;
			let lost = 0;
			let failedButDelivered = 0;
			payload.forEach((p, i) => {
				const item = output[i];
				const isFailed = item === undefined || item.error !== undefined;
				const wasDelivered = (deliveredTexts.get(p.t) ?? 0) > 0;
				if (isFailed) failed++;
				if (isFailed && wasDelivered) failedButDelivered++;
				// Absent from the output counts as reported: the execution stopped with an error.
				if (!wasDelivered && !isFailed) lost++;
			});
			Object.assign(result, { failedReported: failed, lost, failedButDelivered, nodeFailed: output.length === 0 });
		}
		if (result.status !== 'success' || (chain !== 'base' && result.delivered !== items)) {
			note(`${chain} run ${run}: status ${result.status} (HTTP ${httpStatus}), ${result.delivered}/${items} delivered`);
		}
		return result;
	}

	/**
	 * Every WeChat KF customer writes (5 messages for 48 hours from now) and every Official Account
	 * follower sends a message (5 in 48 hours), so a run starts with each recipient's full allowance.
	 * Direct emulator calls: no HTTP, no latency, nothing recorded as a delivery.
	 */
	private rearm(platform: Platform): void {
		if (platform === 'kf') {
			for (const externalUserId of this.kfCustomers) {
				this.emulator.kf.customerSays({ corpId: kfFixture.corpId, openKfId: kfFixture.openKfId, externalUserId, content: 'bench' });
			}
		} else if (platform === 'oa') {
			for (const openid of this.oaFollowers) this.emulator.oa.interact(openid, 'message', OA_BENCH_APP.appId);
		}
	}

	/** `callbacks` text callbacks, `concurrency` at a time, and waits for every reply to arrive. */
	async runCallbacks(side: CallbackSide, callbacks: number, concurrency: number): Promise<CallbackRun> {
		const run = ++this.runCounter;
		const url = side === 'ours' ? this.n8n.webhookUrl('bench-callback-wecom', 'webhook') : `${this.n8n.baseUrl}/webhook/bench-callback`;
		const messagesBefore = this.emulator.core.messages.length;
		const cpuBefore = this.cpuMs();
		const wallStart = this.emulator.now();
		const ackMs: number[] = [];
		let failedAcks = 0;
		let next = 0;
		const worker = async () => {
			while (next < callbacks) {
				const i = next++;
				const result = await this.emulator.wecom.sendCallback({
					url,
					nonce: `cb${run}x${i}`,
					message: {
						FromUserName: WECOM_USERS[i % WECOM_USERS.length],
						MsgType: 'text',
						Content: `callback ${run} ${i}`,
						MsgId: String(run * 100_000 + i),
						AgentID: wecomFixture.agentId,
					},
					timeoutMs: 10_000,
				});
				ackMs.push(result.elapsedMs);
				if (result.status !== 200) failedAcks++;
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, callbacks) }, worker));
		const replies = () => this.emulator.core.messages.slice(messagesBefore).filter((m) => m.kind === 'app');
		const deadline = Date.now() + 120_000;
		while (replies().length < callbacks - failedAcks && Date.now() < deadline) await sleep(20);
		const got = replies();
		const toLastReplyMs = got.length > 0 ? Math.max(...got.map((m) => m.time)) - wallStart : NaN;
		await this.newExecutions(side, callbacks - failedAcks, 60_000);
		const cpuMs = this.cpuMs() - cpuBefore;
		if (got.length !== callbacks) note(`callbacks ${side} run ${run}: ${got.length}/${callbacks} replies, ${failedAcks} failed acknowledgements`);
		return { side, callbacks, ackMs, toLastReplyMs, replies: got.length, cpuMs, failedAcks };
	}
}

type Platform = 'wecom' | 'tim' | 'kf' | 'oa' | 'meituan';

/** Which platform a chain calls (the base chain calls none: WeCom's counters, which it leaves alone). */
function chainPlatform(chain: Chain): Platform {
	const prefix = chain.split('-')[0];
	return prefix === 'tim' || prefix === 'kf' || prefix === 'oa' || prefix === 'meituan' ? prefix : 'wecom';
}

/** How many times each text arrived (WeCom, WeChat KF and Official Account payload.content, Tencent's joined text). */
function textCounts(messages: RecordedMessage[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const m of messages) {
		const text = typeof m.text === 'string' ? m.text : String((m.payload as { content?: unknown } | undefined)?.content ?? '');
		counts.set(text, (counts.get(text) ?? 0) + 1);
	}
	return counts;
}
