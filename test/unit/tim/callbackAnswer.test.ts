/**
 * Tencent Cloud IM → Callback Answer → Answer: the node answers the before-send callback the
 * trigger ("Workflow Decides") keeps open, with no Respond to Webhook node. The trigger runs behind
 * n8n-core's WebhookContext, the answer node in n8n-core's WorkflowExecute, and the test webhook
 * server hands its sendResponse to the caller as n8n's responseNode mode does
 * (test/helpers/responseNode.ts, through test/helpers/trigger.ts). Build Only: the bare answer,
 * no call to Tencent. The real thing runs in test/e2e/tencent-im.e2e.test.ts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { logRecords } from '../../helpers';
import { jsonOf, platformHarness } from '../../helpers/platform';
import type { AfterTriggerOptions } from '../../helpers/trigger';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('tim');
const h = platformHarness('tim');
const ALLOW = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
const BLOCK = { resource: 'callbackAnswer', decision: 'block', errorInfo: 'forbidden word' };
const BEFORE = { CallbackCommand: 'C2C.CallbackBeforeSendMsg', From_Account: 'alice', text: 'hi' };

/** The answer node after the trigger; as the node panel leaves it: resource and decision, the operation at its default. */
const answer = (options: Partial<AfterTriggerOptions>) => t.runAfterTrigger({ parameters: BLOCK, items: [{ json: BEFORE }], ...options });

/** The trigger in "Workflow Decides"; the workflow behind it runs the answer node, after `before`. */
const serve = (parameters: INodeParameters, before?: () => Promise<void>, options = { deadlineMs: 1900 }) =>
	t.serveAnswering(parameters, { trigger: { options }, before });

const beforeSend = (text: string) =>
	t.send('C2C.CallbackBeforeSendMsg', { From_Account: 'alice', To_Account: 'bob', MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] });

describe('Callback Answer → Answer (the default)', () => {
	it('blocks the message: Tencent gets the block answer as JSON', async () => {
		const { server: s, outputs } = await serve(BLOCK);
		const result = await beforeSend('buy gold');
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' });
		await s.idle();
		expect(s.executions[0].workflow?.answers.map((a) => a.outcome)).toEqual(['delivered']);
		expect(outputs[0].items[0][0].json).toEqual({
			answered: true,
			statusCode: 200,
			contentType: 'application/json; charset=utf-8',
			answer: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' },
		});
		await expect(t.deadlines.mock.results[0].value).resolves.toBe(false);
	});

	it('rewrites the message from the callback item', async () => {
		const rewrite = { resource: 'callbackAnswer', decision: 'rewrite', newText: '=[masked] {{ $json.text.length }} chars' };
		await serve(rewrite);
		const result = await beforeSend('secret');
		expect(result.json).toEqual({ ...ALLOW, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '[masked] 6 chars' } }] });
	});

	it('lets the message through at the deadline when the workflow is late; the late answer is dropped', async () => {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const { server: s, outputs } = await serve(BLOCK, () => released, { deadlineMs: 200 });
		const result = await beforeSend('slow');
		release();
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(190);
		expect(result.elapsedMs).toBeLessThan(2000);
		await s.idle();
		expect(s.executions[0].workflow?.answers).toEqual([expect.objectContaining({ outcome: 'failed', error: 'ERR_HTTP_HEADERS_SENT' })]);
		expect(outputs[0].error).toBeUndefined();
		expect(logRecords.filter((r) => r.level === 'warn').map((r) => r.message)).toEqual([
			expect.stringMatching(/^Tencent Cloud IM Trigger: the workflow did not answer within \d+ ms, so the message was allowed$/),
		]);
	});

	it.each([
		['there is no Tencent Cloud IM Trigger before it', null, /No Tencent Cloud IM Trigger comes before this node.*"Workflow Decides".*Build Only/],
		['the trigger allows at once', { replyMode: 'acknowledge' }, /answers every callback at once.*"Workflow Decides"/],
	])('refuses with a clear error when %s, and sends nothing', async (_, trigger, message) => {
		const result = await answer({ trigger });
		expect(result.error?.message).toMatch(message);
		expect(result.responses).toEqual([]);
	});

	it('answers nothing for an after-callback (the trigger already did) and says so', async () => {
		const result = await answer({ items: [{ json: { CallbackCommand: 'C2C.CallbackAfterSendMsg' } }] });
		expect(result.error).toBeUndefined();
		expect(result.responses).toEqual([]);
		expect(result.items[0][0].json).toEqual({ answered: false, answer: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' } });
		expect(result.taskData?.hints).toEqual([expect.objectContaining({ message: expect.stringMatching(/after-callback/) })]);
	});

	it('answers nothing in an execution no caller waits for, and says so', async () => {
		const result = await answer({ mode: 'cli' });
		expect(result.responses).toEqual([]);
		expect(result.items[0][0].json.answered).toBe(false);
		expect(result.taskData?.hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/"cli"/) })]);
	});

	it('Build Only sends nothing and outputs the bare answer, as "build" always did', async () => {
		const result = await answer({ parameters: { ...BLOCK, operation: 'build' }, trigger: null, mode: 'manual' });
		expect(result.responses).toEqual([]);
		expect(result.items[0][0].json).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' });
	});
});

const build = (parameters: Record<string, unknown>, json: IDataObject = {}) =>
	h.run({ resource: 'callbackAnswer', operation: 'build', ...parameters } as INodeParameters, { items: [{ json }] });

describe('Callback Answer → Build', () => {
	it.each([
		['allow', {}, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }],
		['block', { errorInfo: 'forbidden word' }, { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' }],
		['block', { errorCode: 120001, errorInfo: 'shown to the sender' }, { ActionStatus: 'OK', ErrorCode: 120001, ErrorInfo: 'shown to the sender' }],
		['drop', {}, { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' }],
	])('%s %j', async (decision, extra, answer) => {
		expect(jsonOf(await build({ decision, ...extra }))).toEqual([answer]);
		expect(h.emulator.requests()).toHaveLength(0);
	});

	it('refuses a block code Tencent would not pass on', async () => {
		expect((await build({ decision: 'block', errorCode: 500 })).error?.message).toMatch(/120001 to 130000/);
	});

	it('rewrites the text and the cloud custom data', async () => {
		const [answer] = jsonOf(await build({ decision: 'rewrite', rewriteMode: 'text', newText: '***', newCloudCustomData: '{"masked":true}' }));
		expect(answer).toEqual({
			ActionStatus: 'OK',
			ErrorCode: 0,
			ErrorInfo: '',
			MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }],
			CloudCustomData: '{"masked":true}',
		});
	});

	it('rewrites the body from the callback item by default expression', async () => {
		const MsgBody = [{ MsgType: 'TIMCustomElem', MsgContent: { Data: 'x' } }];
		const [answer] = jsonOf(await build({ decision: 'rewrite', rewriteMode: 'json' }, { MsgBody }));
		expect(answer.MsgBody).toEqual(MsgBody);
	});

	it('needs no credential', async () => {
		const result = await h.run({ resource: 'callbackAnswer', operation: 'build', decision: 'allow' }, { credentials: { tencentCloudImApi: { sdkAppId: '' } } });
		expect(jsonOf(result)).toHaveLength(1);
	});
});
