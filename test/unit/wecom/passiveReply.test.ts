/**
 * WeCom → Passive Reply answering the WeCom Trigger's open callback itself (this.sendResponse, no
 * Respond to Webhook node), Build Only, the refusals, and the trigger's Answer Deadline. The
 * trigger runs behind n8n-core's WebhookContext, the reply node in n8n-core's WorkflowExecute; the
 * test webhook server hands the node's sendResponse to the caller as n8n's responseNode mode does
 * (test/helpers/responseNode.ts, through test/helpers/trigger.ts). The real thing runs in
 * test/e2e/wecom.e2e.test.ts.
 */
import type { INodeParameters } from 'n8n-workflow';
import { wxDecrypt, wxSignature } from '../../../nodes/shared/crypto';
import { parseXml } from '../../../nodes/shared/xml';
import { wecomFixture } from '../../emulator';
import { logRecords } from '../../helpers';
import type { AfterTriggerOptions } from '../../helpers/trigger';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('wecom');
/** What the node panel gives: resource and text, every other parameter at its default. */
const PANEL_REPLY = { resource: 'passiveReply', content: '=Echo: {{ $json.content }}' };

let msgId = 5000;

const text = (content: string, from = 'user01') => ({
	FromUserName: from,
	MsgType: 'text',
	Content: content,
	MsgId: String(++msgId),
	AgentID: wecomFixture.agentId,
});

/** The reply node after the trigger (in passive mode unless `trigger` says otherwise). */
const reply = (options: Partial<AfterTriggerOptions>) =>
	t.runAfterTrigger({ parameters: { ...PANEL_REPLY, toUser: 'user01', content: 'hi' }, ...options });

/** The trigger in passive mode; the "workflow" behind it runs the reply node with the trigger's output. */
const servePassive = (trigger: INodeParameters = {}, before?: () => Promise<void>) =>
	t.serveAnswering(PANEL_REPLY, { trigger, before });

describe('Passive Reply → Reply (the default)', () => {
	it('answers the waiting callback with an encrypted reply WeCom verifies and decrypts', async () => {
		const { server: s, outputs } = await servePassive({ options: { deadlineMs: 2000 } });
		const result = await t.send(text('你好 & <hi>'));
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
		await expect(t.deadlines.mock.results[0].value).resolves.toBe(false);
	});

	it('keeps the operation value "build" of existing workflows: it only builds, with the same output', async () => {
		const result = await reply({
			parameters: { resource: 'passiveReply', operation: 'build', toUser: 'user01', replyType: 'text', content: '收到' },
			trigger: null,
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
		const result = await reply({ typeVersion, parameters: { resource: 'passiveReply', toUser: 'user01', replyType: 'text', content: 'hi' } });
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
			{ replyMode: 'acknowledge' },
			/"WeCom Trigger" answers every callback at once.*"Passive Reply".*Message → Send/,
		],
	])('refuses with a clear error when %s, and sends nothing', async (_, trigger, message) => {
		const result = await reply({ trigger });
		expect(result.error?.message).toMatch(message);
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

describe('Passive Reply → Build', () => {
	/** Build Only with no trigger before it, as in a manual run. */
	const build = (parameters: INodeParameters) =>
		reply({ parameters: { resource: 'passiveReply', operation: 'build', toUser: 'user01', ...parameters }, trigger: null, mode: 'manual' });

	it('builds an encrypted reply that WeCom can verify and decrypt', async () => {
		const result = await build({ replyType: 'text', content: '收到 & thanks' });
		expect(result.error).toBeUndefined();
		const out = result.items[0][0].json;
		expect(out.contentType).toBe('text/xml');
		const envelope = parseXml(String(out.body));
		const signature = wxSignature(wecomFixture.token, String(envelope.TimeStamp), String(envelope.Nonce), String(envelope.Encrypt));
		expect(envelope.MsgSignature).toBe(signature);
		const { message, receiveId } = wxDecrypt(wecomFixture.encodingAesKey, String(envelope.Encrypt));
		expect(receiveId).toBe(wecomFixture.corpId);
		expect(parseXml(message)).toMatchObject({
			ToUserName: 'user01',
			FromUserName: wecomFixture.corpId,
			MsgType: 'text',
			Content: '收到 & thanks',
		});
	});

	it('builds news with 1 to 8 articles and refuses 9', async () => {
		const article = { title: 'T', description: 'D', url: 'https://example.com', picUrl: 'https://example.com/p.png' };
		const run = (n: number) => build({ replyType: 'news', articles: { article: Array.from({ length: n }, () => article) } });
		const ok = await run(2);
		const message = parseXml(String(ok.items[0][0].json.replyXml));
		expect(message.ArticleCount).toBe('2');
		expect((message.Articles as { item: unknown[] }).item).toHaveLength(2);
		const refused = await run(9);
		expect(refused.error?.message).toMatch(/Articles: 1 to 8/);
	});
});

describe('WeCom Trigger → Answer Deadline', () => {
	it('answers the empty "received" reply itself when the workflow is late, and the late reply is dropped', async () => {
		let callerAnswered!: () => void;
		const answeredByTrigger = new Promise<void>((resolve) => (callerAnswered = resolve));
		const deadline = t.deadlines;
		// The "workflow" replies only once WeCom has its answer: late by construction, not by a sleep.
		const { server: s, outputs } = await servePassive({ options: { deadlineMs: 300 } }, () => answeredByTrigger);
		const sent = t.send(text('slow'));
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
		const deadline = t.deadlines;
		await servePassive({ options: { deadlineMs: 1500 } });
		const result = await t.send(text('quick'));
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
		const deadline = t.deadlines.mockResolvedValue(false);
		await servePassive(parameters);
		await t.send(text('timing'));
		expect(deadline.mock.calls.map((call) => call[1])).toEqual([ms]);
	});

	it('sets no deadline when it acknowledges at once', async () => {
		const deadline = t.deadlines;
		await servePassive({ replyMode: 'acknowledge' });
		const result = await t.send(text('ack'));
		expect(result.body).toBe('');
		expect(deadline).not.toHaveBeenCalled();
	});
});
