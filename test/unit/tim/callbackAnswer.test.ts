/**
 * Tencent Cloud IM → Callback Answer → Answer: the node answers the before-send callback the
 * trigger ("Workflow Decides") keeps open, with no Respond to Webhook node. The trigger runs behind
 * n8n-core's WebhookContext, the answer node in n8n-core's WorkflowExecute, and the test webhook
 * server hands its sendResponse to the caller as n8n's responseNode mode does
 * (test/helpers/responseNode.ts). Build Only is test/unit/tim/callbackAnswer.test.ts; the real
 * thing runs in test/e2e/tencent-im.e2e.test.ts.
 */
import type { INodeExecutionData, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';
import { TencentCloudImApi } from '../../../credentials/TencentCloudImApi.credentials';
import { TencentCloudIm } from '../../../nodes/TencentCloudIm/TencentCloudIm.node';
import { TencentCloudImTrigger } from '../../../nodes/TencentCloudIm/TencentCloudImTrigger.node';
import * as webhookModule from '../../../nodes/shared/webhook';
import { clearTriggerCaches } from '../../../nodes/shared/webhook';
import { sendTimCallback, timFixture } from '../../emulator';
import { logRecords, runNode, startWebhookServer } from '../../helpers';
import type { WebhookServer } from '../../helpers';

const credentials = {
	sdkAppId: timFixture.sdkAppId,
	secretKey: timFixture.secretKey,
	identifier: timFixture.admin,
	callbackToken: timFixture.callbackToken,
	baseUrl: 'http://127.0.0.1:9/unused',
};
const TRIGGER = {
	name: 'Tencent Cloud IM Trigger',
	type: 'n8n-nodes-china-im.tencentCloudImTrigger',
	parameters: { replyMode: 'workflow' },
};
const ALLOW = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
const BLOCK = { resource: 'callbackAnswer', decision: 'block', errorInfo: 'forbidden word' };
const BEFORE = { CallbackCommand: 'C2C.CallbackBeforeSendMsg', From_Account: 'alice', text: 'hi' };

let server: WebhookServer | undefined;
let deadlines: jest.SpiedFunction<typeof webhookModule.answerUnlessAnswered>;

function answer(options: {
	parameters?: INodeParameters;
	items?: INodeExecutionData[];
	upstream?: typeof TRIGGER | null;
	mode?: WorkflowExecuteMode;
	onSendResponse?: Parameters<typeof runNode>[0]['onSendResponse'];
}) {
	return runNode({
		node: TencentCloudIm,
		// As the node panel leaves it: resource and decision, the operation at its default.
		parameters: options.parameters ?? BLOCK,
		items: options.items ?? [{ json: BEFORE }],
		upstreamNode: options.upstream === null ? undefined : (options.upstream ?? TRIGGER),
		mode: options.mode ?? 'webhook',
		onSendResponse: options.onSendResponse,
	});
}

async function serve(parameters: INodeParameters, before: () => Promise<void> = async () => undefined, options = { deadlineMs: 1900 }) {
	const outputs: Array<Awaited<ReturnType<typeof runNode>>> = [];
	server = await startWebhookServer({
		node: TencentCloudImTrigger,
		parameters: { replyMode: 'workflow', options },
		credentials: { tencentCloudImApi: credentials },
		credentialTypes: [TencentCloudImApi],
		responseNode: async (items, send) => {
			await before();
			outputs.push(await answer({ parameters, items: items[0], onSendResponse: send }));
		},
	});
	return { server, outputs };
}

const beforeSend = (s: WebhookServer, text: string) =>
	sendTimCallback({
		url: s.webhookUrl,
		sdkAppId: timFixture.sdkAppId,
		token: timFixture.callbackToken,
		command: 'C2C.CallbackBeforeSendMsg',
		body: { From_Account: 'alice', To_Account: 'bob', MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] },
	});

beforeEach(() => {
	clearTriggerCaches();
	logRecords.length = 0;
	deadlines = jest.spyOn(webhookModule, 'answerUnlessAnswered');
});
afterEach(async () => {
	await Promise.allSettled(deadlines.mock.results.map((result) => result.value));
	jest.restoreAllMocks();
	await server?.close();
	server = undefined;
});

describe('Callback Answer → Answer (the default)', () => {
	it('blocks the message: Tencent gets the block answer as JSON', async () => {
		const { server: s, outputs } = await serve(BLOCK);
		const result = await beforeSend(s, 'buy gold');
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
		await expect(deadlines.mock.results[0].value).resolves.toBe(false);
	});

	it('rewrites the message from the callback item', async () => {
		const rewrite = { resource: 'callbackAnswer', decision: 'rewrite', newText: '=[masked] {{ $json.text.length }} chars' };
		const { server: s } = await serve(rewrite);
		const result = await beforeSend(s, 'secret');
		expect(result.json).toEqual({ ...ALLOW, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '[masked] 6 chars' } }] });
	});

	it('lets the message through at the deadline when the workflow is late; the late answer is dropped', async () => {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const { server: s, outputs } = await serve(BLOCK, () => released, { deadlineMs: 200 });
		const result = await beforeSend(s, 'slow');
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
		['the trigger allows at once', { ...TRIGGER, parameters: { replyMode: 'acknowledge' } }, /answers every callback at once.*"Workflow Decides"/],
	])('refuses with a clear error when %s, and sends nothing', async (_, upstream, message) => {
		const result = await answer({ upstream });
		expect(result.error?.message).toMatch(message);
		expect(result.responses).toEqual([]);
	});

	it('refuses more than one item: a callback takes one answer', async () => {
		const result = await answer({ items: [{ json: BEFORE }, { json: BEFORE }] });
		expect(result.error?.message).toMatch(/one answer, but 2 items arrived/);
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
		const result = await answer({ parameters: { ...BLOCK, operation: 'build' }, upstream: null, mode: 'manual' });
		expect(result.responses).toEqual([]);
		expect(result.items[0][0].json).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' });
	});
});
