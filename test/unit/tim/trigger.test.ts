/**
 * The Tencent Cloud IM Trigger over real HTTP (test/helpers/webhook.ts serves webhook() the way
 * n8n's production endpoint does), fed by the emulator's callback sender; in "Workflow Decides",
 * the deadline that answers "allow" for a late workflow (the workflow played by test/helpers/responseNode.ts).
 */
import type { IExecuteResponsePromiseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { timFixture } from '../../emulator';
import { logRecords } from '../../helpers';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('tim');
const ALLOW = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

const c2cBefore = {
	From_Account: 'alice',
	To_Account: 'bob',
	MsgSeq: 48374,
	MsgRandom: 2837546,
	MsgTime: 1557481126,
	MsgKey: '48374_2837546_1557481126',
	OnlineOnlyFlag: 0,
	MsgBody: [
		{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } },
		{ MsgType: 'TIMTextElem', MsgContent: { Text: 'world' } },
	],
	CloudCustomData: '',
};
const c2cAfter = { ...c2cBefore, SendMsgResult: 0, ErrorInfo: '', UnreadMsgNum: 1 };

const serve = t.serve;
const send = t.send;

describe('Tencent Cloud IM Trigger', () => {
	it('acknowledges a signed after-send callback with the OK body and emits it', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter);
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(result.body)).toEqual(ALLOW);
		expect(t.server.executions).toHaveLength(1);
		expect(t.server.executions[0].items[0][0].json).toEqual({
			...c2cAfter,
			CallbackCommand: 'C2C.CallbackAfterSendMsg',
			SdkAppid: timFixture.sdkAppId,
			ClientIP: '203.0.113.7',
			OptPlatform: 'iOS',
			text: 'hello\nworld',
		});
		expect(t.server.warnings).toEqual([]);
	});

	it('accepts unsigned callbacks when the credential has no Callback Token', async () => {
		await serve({}, { credentials: { callbackToken: '' } });
		const result = await send('Group.CallbackAfterNewMemberJoin', { GroupId: '@TGS#1', NewMemberList: [{ Member_Account: 'bob' }] }, { token: undefined });
		expect(result.json).toEqual(ALLOW);
		expect(t.server.executions[0].items[0][0].json).toMatchObject({ GroupId: '@TGS#1', CallbackCommand: 'Group.CallbackAfterNewMemberJoin' });
	});

	// Options are built when each test runs: the table itself is evaluated when the file loads,
	// seconds earlier, which would age a RequestTime "ahead" into the allowed window.
	it.each([
		['a wrong Sign', () => ({ forge: 'sign' as const }), 401],
		['a missing Sign', () => ({ forge: 'unsigned' as const }), 401],
		['no Sign at all', () => ({ token: undefined }), 401],
		['a RequestTime 10 minutes old', () => ({ forge: 'stale' as const }), 401],
		// floor() can lose up to a second: +62 keeps the time more than 60 s ahead when it is checked.
		['a RequestTime more than 60 s ahead', () => ({ requestTime: Math.floor(Date.now() / 1000) + 62 }), 401],
		['another SdkAppid', () => ({ forge: 'sdkAppId' as const }), 403],
	] as const)('refuses %s without starting an execution', async (_what, makeOptions, status) => {
		const options = makeOptions();
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter, options);
		expect(result.status).toBe(status);
		expect(result.body).not.toContain('ActionStatus');
		expect(t.server.executions).toHaveLength(0);
	});

	it('takes a RequestTime within the minute', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter, { requestTime: Math.floor(Date.now() / 1000) - 50 });
		expect(result.status).toBe(200);
	});

	it('answers a malformed body 4xx without an execution', async () => {
		await serve();
		const asText = await send('C2C.CallbackAfterSendMsg', '{"From_Account": ');
		// n8n itself answers 422 for a JSON content type it cannot parse: also no execution.
		expect([400, 422]).toContain(asText.status);
		const plain = await t.server.request(
			'POST',
			`${new URL(asText.request.url).pathname}${new URL(asText.request.url).search}`,
			'{"From_Account": ',
			{ 'content-type': 'text/plain' },
		);
		expect(plain.status).toBe(400);
		expect(t.server.executions).toHaveLength(0);
	});

	it.each(['application/json', 'text/plain'])('refuses a body that is not valid UTF-8 (%s) with 400, not as U+FFFD', async (type) => {
		await serve();
		const signed = await send('C2C.CallbackAfterSendMsg', c2cAfter);
		const url = new URL(signed.request.url);
		// "你" with its last byte cut, inside the text of the message.
		const [head, tail] = JSON.stringify({ ...c2cAfter, CloudCustomData: 'MARK' }).split('MARK');
		const body = Buffer.concat([Buffer.from(head), Buffer.from('你').subarray(0, 2), Buffer.from(tail)]);
		const result = await t.server.request('POST', `${url.pathname}${url.search}`, body, { 'content-type': type });
		expect(result.status).toBe(400);
		expect(t.server.executions).toHaveLength(1);
	});

	it('refuses a body over 1 MB', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', { ...c2cAfter, CloudCustomData: 'x'.repeat(1024 * 1024 + 10) });
		expect(result.status).toBe(413);
		expect(t.server.executions).toHaveLength(0);
	});

	it('answers "allow" to callbacks it was not asked for, without an execution', async () => {
		await serve({ commands: ['C2C.CallbackBeforeSendMsg'] });
		const result = await send('Group.CallbackAfterMemberExit', { GroupId: '@TGS#1' });
		expect(result.json).toEqual(ALLOW);
		expect(t.server.executions).toHaveLength(0);
		await send('C2C.CallbackBeforeSendMsg', c2cBefore);
		expect(t.server.executions).toHaveLength(1);
	});

	it('"Other Commands" takes what the list does not name', async () => {
		await serve({ commands: ['*'] });
		await send('Sns.CallbackFriendAdd', { PairList: [] });
		await send('C2C.CallbackAfterSendMsg', c2cAfter);
		expect(t.server.executions.map((e) => e.items[0][0].json.CallbackCommand)).toEqual(['Sns.CallbackFriendAdd']);
	});

	it('starts one execution for a resent after-event', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter, { times: 3 });
		expect(result.deliveries!.map((d) => d.json)).toEqual([ALLOW, ALLOW, ALLOW]);
		expect(t.server.executions).toHaveLength(1);
		await send('Group.CallbackAfterSendMsg', { GroupId: '@TGS#1', From_Account: 'a', MsgSeq: 7, Random: 1, MsgTime: 1, MsgBody: [] }, { times: 2 });
		expect(t.server.executions).toHaveLength(2);
	});

	it('in "Allow at Once" mode answers a before-send callback at once and still emits it', async () => {
		await serve({ replyMode: 'acknowledge' });
		const result = await send('C2C.CallbackBeforeSendMsg', c2cBefore);
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(1000);
		expect(t.server.executions[0].items[0][0].json).toMatchObject({ From_Account: 'alice', text: 'hello\nworld' });
	});

	it('in "Workflow Decides" mode leaves a before-send callback to the workflow, and answers after-events itself', async () => {
		await serve({ replyMode: 'workflow' });
		// Without a workflow behind it the test server answers an empty 200, as n8n does for a workflow
		// that ends without answering: what matters here is that the trigger does not answer itself.
		const before = await send('C2C.CallbackBeforeSendMsg', c2cBefore);
		expect(before.body).toBe('');
		expect(t.server.executions[0].response).not.toHaveProperty('noWebhookResponse');
		const after = await send('C2C.CallbackAfterSendMsg', c2cAfter);
		expect(after.json).toEqual(ALLOW);
		expect(t.server.executions[1].response.noWebhookResponse).toBe(true);
	});
});

describe('before-send moderation ("Workflow Decides")', () => {
	const allowed = /did not answer within \d+ ms, so the message was allowed/;
	const warnings = () => logRecords.filter((r) => r.level === 'warn').map((r) => r.message);
	const beforeSend = (text: string) =>
		send('C2C.CallbackBeforeSendMsg', { From_Account: 'alice', To_Account: 'bob', MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] });
	/** The rest of the workflow, without its nodes: once `ready` resolves it answers `answer` (or nothing), as Callback Answer would. */
	const workflow = (ready: () => Promise<unknown>, answer?: IExecuteResponsePromiseData['body']) => ({
		responseNode: async (_items: unknown, send: (response: IExecuteResponsePromiseData) => void) => {
			await ready();
			if (answer) send({ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: answer });
		},
	});
	let release: () => void;
	let released: Promise<void>;
	beforeEach(() => {
		released = new Promise<void>((resolve) => (release = resolve));
	});
	afterEach(() => release());

	it("returns the workflow's answer when it is in time, and the deadline then does nothing", async () => {
		await serve({ replyMode: 'workflow' }, workflow(() => sleep(200), { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden' }));
		const result = await beforeSend('buy gold');
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden' });
		expect(result.elapsedMs).toBeLessThan(1000);
		expect(t.server.executions[0].response).toEqual({ workflowData: [[{ json: expect.objectContaining({ text: 'buy gold' }) }]] });
		// The deadline's own verdict once it has run, rather than a sleep that hopes it has.
		expect(t.deadlines).toHaveBeenCalledTimes(1);
		await expect(t.deadlines.mock.results[0].value).resolves.toBe(false);
		expect(warnings()).toEqual([]);
	});

	it('answers "allow" by the deadline when the workflow is late, and the late answer is refused', async () => {
		// The workflow answers only once Tencent has its answer: late by construction, not by a sleep.
		await serve({ replyMode: 'workflow' }, workflow(() => released, { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'too late' }));
		const result = await beforeSend('slow');
		release();
		process.stderr.write(`[moderation] late workflow answered "allow" after ${result.elapsedMs} ms\n`);
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(1250);
		expect(result.elapsedMs).toBeLessThan(2000);
		expect(warnings()).toEqual([expect.stringMatching(allowed)]);
		// However long the late write takes on a loaded machine: wait for it, not for a guess.
		await t.server.idle();
		expect(t.server.executions[0].workflow?.answers).toEqual([expect.objectContaining({ outcome: 'failed', error: 'ERR_HTTP_HEADERS_SENT' })]);
	});

	it('honours a shorter deadline option', async () => {
		await serve({ replyMode: 'workflow', options: { deadlineMs: 400 } }, workflow(() => released));
		const result = await beforeSend('never answered');
		release();
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(350);
		expect(result.elapsedMs).toBeLessThan(900);
	});

	it('answers after-events at once even in this mode', async () => {
		await serve({ replyMode: 'workflow' }, workflow(() => released, {}));
		const result = await send('C2C.CallbackAfterSendMsg', { From_Account: 'alice', To_Account: 'bob', MsgKey: 'k1', MsgBody: [] });
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(500);
		expect(t.server.executions[0].response.noWebhookResponse).toBe(true);
	});
});
