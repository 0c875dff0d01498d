/**
 * WeCom → Passive Reply answering the WeCom Trigger's open callback itself (this.sendResponse, no
 * Respond to Webhook node), Build Only, the refusals, and the trigger's Answer Deadline. The
 * trigger runs behind n8n-core's WebhookContext, the reply node in n8n-core's WorkflowExecute; the
 * test webhook server hands the node's sendResponse to the caller as n8n's responseNode mode does
 * (test/helpers/responseNode.ts). The real thing runs in test/e2e/wecom.e2e.test.ts.
 */
import type { INodeExecutionData, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';
import { WeComApi } from '../../../credentials/WeComApi.credentials';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { WeComTrigger } from '../../../nodes/WeCom/WeComTrigger.node';
import * as webhookModule from '../../../nodes/shared/webhook';
import { clearTriggerCaches } from '../../../nodes/shared/webhook';
import { parseXml } from '../../../nodes/shared/xml';
import type { Emulator } from '../../emulator';
import { startEmulator, wecomFixture } from '../../emulator';
import { logRecords, runNode, startWebhookServer } from '../../helpers';
import type { WebhookServer } from '../../helpers';

const credentials = {
	corpId: wecomFixture.corpId,
	agentId: String(wecomFixture.agentId),
	corpSecret: wecomFixture.corpSecret,
	token: wecomFixture.token,
	encodingAesKey: wecomFixture.encodingAesKey,
	baseUrl: 'http://127.0.0.1:9/unused',
};
const TRIGGER = { name: 'WeCom Trigger', type: 'n8n-nodes-china-im.weComTrigger', parameters: { replyMode: 'passive' } };
/** What the node panel gives: resource and text, every other parameter at its default. */
const PANEL_REPLY = { resource: 'passiveReply', content: '=Echo: {{ $json.content }}' };

let emulator: Emulator;
let server: WebhookServer | undefined;
let deadlines: jest.SpiedFunction<typeof webhookModule.answerUnlessAnswered>;
let msgId = 5000;

const text = (content: string, from = 'user01') => ({
	FromUserName: from,
	MsgType: 'text',
	Content: content,
	MsgId: String(++msgId),
	AgentID: wecomFixture.agentId,
});

function reply(options: {
	parameters?: INodeParameters;
	items?: INodeExecutionData[];
	upstream?: typeof TRIGGER | null;
	mode?: WorkflowExecuteMode;
	onSendResponse?: Parameters<typeof runNode>[0]['onSendResponse'];
}) {
	return runNode({
		node: WeCom,
		parameters: options.parameters ?? { ...PANEL_REPLY, toUser: 'user01', content: 'hi' },
		items: options.items,
		credentials: { weComApi: credentials },
		credentialTypes: [WeComApi],
		upstreamNode: options.upstream === null ? undefined : (options.upstream ?? TRIGGER),
		mode: options.mode ?? 'webhook',
		onSendResponse: options.onSendResponse,
	});
}

/** The trigger in passive mode; the "workflow" behind it runs the reply node with the trigger's output. */
async function servePassive(
	triggerParameters: INodeParameters = {},
	before: () => Promise<void> = async () => undefined,
	parameters: INodeParameters = PANEL_REPLY,
) {
	const outputs: Array<Awaited<ReturnType<typeof runNode>>> = [];
	server = await startWebhookServer({
		node: WeComTrigger,
		parameters: { replyMode: 'passive', ...triggerParameters },
		credentials: { weComApi: credentials },
		credentialTypes: [WeComApi],
		responseNode: async (items, answer) => {
			await before();
			outputs.push(await reply({ parameters, items: items[0], onSendResponse: answer }));
		},
	});
	return { server, outputs };
}

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	clearTriggerCaches();
	logRecords.length = 0;
	deadlines = jest.spyOn(webhookModule, 'answerUnlessAnswered');
});
afterEach(async () => {
	// A deadline still pending would fire into the next test.
	await Promise.allSettled(deadlines.mock.results.map((result) => result.value));
	jest.restoreAllMocks();
	await server?.close();
	server = undefined;
});

describe('Passive Reply → Reply (the default)', () => {
	it('answers the waiting callback with an encrypted reply WeCom verifies and decrypts', async () => {
		const { server: s, outputs } = await servePassive({ options: { deadlineMs: 2000 } });
		const result = await emulator.wecom.sendCallback({ url: s.webhookUrl, message: text('你好 & <hi>') });
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('text/xml; charset=utf-8');
		expect(result.replyError).toBeUndefined();
		expect(result.replyFields).toMatchObject({
			ToUserName: 'user01',
			FromUserName: wecomFixture.corpId,
			MsgType: 'text',
			Content: 'Echo: 你好 & <hi>',
		});
		await s.idle();
		expect(s.executions[0].workflow?.answers.map((a) => a.outcome)).toEqual(['delivered']);
		const [out] = outputs[0].items[0];
		expect(out.json).toEqual({
			answered: true,
			statusCode: 200,
			contentType: 'text/xml; charset=utf-8',
			replyType: 'text',
			toUser: 'user01',
			replyXml: result.reply,
		});
		// What was answered is readable; the keys are nowhere in it.
		const said = JSON.stringify(out.json);
		expect(said).not.toContain(wecomFixture.token);
		expect(said).not.toContain(wecomFixture.encodingAesKey);
		await expect(deadlines.mock.results[0].value).resolves.toBe(false);
	});

	it('keeps the operation value "build" of existing workflows: it only builds, with the same output', async () => {
		const result = await reply({
			parameters: { resource: 'passiveReply', operation: 'build', toUser: 'user01', replyType: 'text', content: '收到' },
			upstream: null,
			mode: 'manual',
		});
		expect(result.error).toBeUndefined();
		expect(result.responses).toEqual([]);
		const out = result.items[0][0].json;
		expect(Object.keys(out).sort()).toEqual(['body', 'contentType', 'replyType', 'replyXml', 'toUser']);
		expect(out).toMatchObject({ contentType: 'text/xml', replyType: 'text', toUser: 'user01' });
		expect(parseXml(String(out.replyXml))).toMatchObject({ MsgType: 'text', Content: '收到' });
		expect(parseXml(String(out.body))).toHaveProperty('Encrypt');
	});

	it.each([
		[1, 'build', []],
		[1.1, 'reply', [200]],
	])('node version %s without an operation saved runs "%s"', async (typeVersion, _operation, statuses) => {
		// n8n leaves a parameter equal to its default out of the saved workflow.
		const result = await runNode({
			node: WeCom,
			typeVersion,
			parameters: { resource: 'passiveReply', toUser: 'user01', replyType: 'text', content: 'hi' },
			credentials: { weComApi: credentials },
			credentialTypes: [WeComApi],
			upstreamNode: TRIGGER,
			mode: 'webhook',
		});
		expect(result.error).toBeUndefined();
		expect(result.responses.map((response) => (response as { statusCode: number }).statusCode)).toEqual(statuses);
		expect('body' in result.items[0][0].json).toBe(typeVersion === 1);
	});

	it('hands n8n one text/xml answer with status 200', async () => {
		const result = await reply({});
		expect(result.error).toBeUndefined();
		expect(result.responses).toHaveLength(1);
		expect(result.responses[0]).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
		expect(String((result.responses[0] as { body: unknown }).body)).toMatch(/^<xml><Encrypt>/);
	});

	it.each([
		['there is no WeCom Trigger before it', null, /No WeCom Trigger comes before this node.*Build Only/],
		[
			'the trigger acknowledges at once',
			{ ...TRIGGER, parameters: { replyMode: 'acknowledge' } },
			/"WeCom Trigger" answers every callback at once.*"Passive Reply".*Message → Send/,
		],
	])('refuses with a clear error when %s, and sends nothing', async (_, upstream, message) => {
		const result = await reply({ upstream });
		expect(result.error?.message).toMatch(message);
		expect(result.responses).toEqual([]);
	});

	it('refuses more than one item: a callback takes one answer', async () => {
		const result = await reply({ items: [{ json: {} }, { json: {} }] });
		expect(result.error?.message).toMatch(/one answer, but 2 items arrived/);
		expect(result.responses).toEqual([]);
	});

	it('in an execution no caller waits for (e.g. a retry) answers nothing and says so', async () => {
		const result = await reply({ mode: 'retry' });
		expect(result.error).toBeUndefined();
		expect(result.responses).toEqual([]);
		expect(result.items[0][0].json).toMatchObject({ answered: false, replyType: 'text', toUser: 'user01' });
		expect(result.taskData?.hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/Nothing was answered.*"retry"/) })]);
	});

	it('in a manual run hands the answer on (a Test URL callback may wait) with a hint that it may be dropped', async () => {
		const result = await reply({ mode: 'manual' });
		expect(result.responses).toHaveLength(1);
		expect(result.items[0][0].json.answered).toBe(true);
		expect(result.taskData?.hints).toEqual([expect.objectContaining({ message: expect.stringMatching(/Test URL.*drops it/) })]);
	});
});

describe('WeCom Trigger → Answer Deadline', () => {
	it('answers the empty "received" reply itself when the workflow is late, and the late reply is dropped', async () => {
		let callerAnswered!: () => void;
		const answeredByTrigger = new Promise<void>((resolve) => (callerAnswered = resolve));
		const deadline = deadlines;
		// The "workflow" replies only once WeCom has its answer: late by construction, not by a sleep.
		const { server: s, outputs } = await servePassive({ options: { deadlineMs: 300 } }, () => answeredByTrigger);
		const sent = emulator.wecom.sendCallback({ url: s.webhookUrl, message: text('slow') });
		const result = await sent;
		callerAnswered();
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(result.elapsedMs).toBeGreaterThanOrEqual(290);
		expect(result.elapsedMs).toBeLessThan(5000);
		expect(deadline).toHaveBeenCalledWith(expect.anything(), 300, expect.objectContaining({ status: 200, body: '' }));
		await expect(deadline.mock.results[0].value).resolves.toBe(true);

		await s.idle();
		const run = s.executions[0].workflow!;
		expect(run.answers).toEqual([expect.objectContaining({ outcome: 'failed', error: 'ERR_HTTP_HEADERS_SENT' })]);
		expect(outputs[0].error).toBeUndefined();
		expect(outputs[0].items[0][0].json.answered).toBe(true);
		const warnings = logRecords.filter((r) => r.level === 'warn').map((r) => r.message);
		expect(warnings).toEqual([expect.stringMatching(/^WeCom Trigger: the workflow did not answer within \d+ ms, so WeCom got the empty "received" answer$/)]);
		expect(warnings.join()).not.toContain(wecomFixture.token);
	});

	it('does nothing when the workflow answers in time', async () => {
		const deadline = deadlines;
		const { server: s } = await servePassive({ options: { deadlineMs: 1500 } });
		const result = await emulator.wecom.sendCallback({ url: s.webhookUrl, message: text('quick') });
		expect(result.replyFields?.Content).toBe('Echo: quick');
		await expect(deadline.mock.results[0].value).resolves.toBe(false);
		expect(logRecords.filter((r) => r.level === 'warn')).toEqual([]);
	});

	it.each([
		[{}, 4000],
		[{ options: { deadlineMs: 10000 } }, 4900],
		[{ options: { deadlineMs: 5 } }, 100],
	])('uses the deadline %j as %i ms (WeCom waits 5 s)', async (parameters, ms) => {
		// Only the deadline asked for matters here, not seconds of waiting for it.
		const deadline = deadlines.mockResolvedValue(false);
		const { server: s } = await servePassive(parameters);
		await emulator.wecom.sendCallback({ url: s.webhookUrl, message: text('timing') });
		expect(deadline.mock.calls.map((call) => call[1])).toEqual([ms]);
	});

	it('sets no deadline when it acknowledges at once', async () => {
		const deadline = deadlines;
		const { server: s } = await servePassive({ replyMode: 'acknowledge' });
		const result = await emulator.wecom.sendCallback({ url: s.webhookUrl, message: text('ack') });
		expect(result.body).toBe('');
		expect(deadline).not.toHaveBeenCalled();
	});
});
