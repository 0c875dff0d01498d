/**
 * The trigger over real HTTP (test/helpers/webhook.ts serves webhook() the way n8n's production
 * endpoint does), fed by the emulator's callback sender.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { TencentCloudImApi } from '../../../credentials/TencentCloudImApi.credentials';
import { TencentCloudImTrigger } from '../../../nodes/TencentCloudIm/TencentCloudImTrigger.node';
import { clearTriggerCaches } from '../../../nodes/shared/webhook';
import { sendTimCallback, timFixture } from '../../emulator';
import type { WebhookServer } from '../../helpers/webhook';
import { startWebhookServer } from '../../helpers/webhook';

const ALLOW = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
const credentials = (extra: Partial<ICredentialDataDecryptedObject> = {}): ICredentialDataDecryptedObject => ({
	sdkAppId: timFixture.sdkAppId,
	secretKey: timFixture.secretKey,
	identifier: timFixture.admin,
	dataCenter: 'console.tim.qq.com',
	callbackToken: timFixture.callbackToken,
	baseUrl: '',
	...extra,
});

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

let server: WebhookServer | undefined;

async function serve(parameters: INodeParameters = {}, extra: Partial<ICredentialDataDecryptedObject> = {}) {
	await server?.close();
	server = await startWebhookServer({
		node: TencentCloudImTrigger,
		parameters,
		credentialTypes: [TencentCloudImApi],
		credentials: { tencentCloudImApi: credentials(extra) },
	});
	return server;
}

const send = (command: string, body: Record<string, unknown> | string, options: Record<string, unknown> = {}) =>
	sendTimCallback({ url: server!.webhookUrl, sdkAppId: timFixture.sdkAppId, token: timFixture.callbackToken, command, body, ...options });

beforeEach(() => clearTriggerCaches());
afterAll(async () => await server?.close());

describe('Tencent Cloud IM Trigger', () => {
	it('acknowledges a signed after-send callback with the OK body and emits it', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter);
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(result.body)).toEqual(ALLOW);
		expect(server!.executions).toHaveLength(1);
		expect(server!.executions[0].items[0][0].json).toEqual({
			...c2cAfter,
			CallbackCommand: 'C2C.CallbackAfterSendMsg',
			SdkAppid: timFixture.sdkAppId,
			ClientIP: '203.0.113.7',
			OptPlatform: 'iOS',
			text: 'hello\nworld',
		});
		expect(server!.warnings).toEqual([]);
	});

	it('accepts unsigned callbacks when the credential has no Callback Token', async () => {
		await serve({}, { callbackToken: '' });
		const result = await send('Group.CallbackAfterNewMemberJoin', { GroupId: '@TGS#1', NewMemberList: [{ Member_Account: 'bob' }] }, { token: undefined });
		expect(result.json).toEqual(ALLOW);
		expect(server!.executions[0].items[0][0].json).toMatchObject({ GroupId: '@TGS#1', CallbackCommand: 'Group.CallbackAfterNewMemberJoin' });
	});

	// Options are built when each test runs: the table itself is evaluated when the file loads,
	// seconds earlier, which would age a RequestTime "ahead" into the allowed window.
	it.each([
		['a wrong Sign', () => ({ forge: 'sign' }), 401],
		['a missing Sign', () => ({ forge: 'unsigned' }), 401],
		['no Sign at all', () => ({ token: undefined }), 401],
		['a RequestTime 10 minutes old', () => ({ forge: 'stale' }), 401],
		// floor() can lose up to a second: +62 keeps the time more than 60 s ahead when it is checked.
		['a RequestTime more than 60 s ahead', () => ({ requestTime: Math.floor(Date.now() / 1000) + 62 }), 401],
		['another SdkAppid', () => ({ forge: 'sdkAppId' }), 403],
	] as const)('refuses %s without starting an execution', async (_what, makeOptions, status) => {
		const options = makeOptions();
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter, options);
		expect(result.status).toBe(status);
		expect(result.body).not.toContain('ActionStatus');
		expect(server!.executions).toHaveLength(0);
	});

	it('takes a RequestTime within the minute', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter, { requestTime: Math.floor(Date.now() / 1000) - 50 });
		expect(result.status).toBe(200);
	});

	it('answers a malformed body 4xx without an execution', async () => {
		await serve();
		const asText = await sendTimCallback({
			url: server!.webhookUrl,
			sdkAppId: timFixture.sdkAppId,
			token: timFixture.callbackToken,
			command: 'C2C.CallbackAfterSendMsg',
			body: '{"From_Account": ',
		});
		// n8n itself answers 422 for a JSON content type it cannot parse: also no execution.
		expect([400, 422]).toContain(asText.status);
		const plain = await server!.request(
			'POST',
			`${new URL(asText.request.url).pathname}${new URL(asText.request.url).search}`,
			'{"From_Account": ',
			{ 'content-type': 'text/plain' },
		);
		expect(plain.status).toBe(400);
		expect(server!.executions).toHaveLength(0);
	});

	it('refuses a body over 1 MB', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', { ...c2cAfter, CloudCustomData: 'x'.repeat(1024 * 1024 + 10) });
		expect(result.status).toBe(413);
		expect(server!.executions).toHaveLength(0);
	});

	it('answers "allow" to callbacks it was not asked for, without an execution', async () => {
		await serve({ commands: ['C2C.CallbackBeforeSendMsg'] });
		const result = await send('Group.CallbackAfterMemberExit', { GroupId: '@TGS#1' });
		expect(result.json).toEqual(ALLOW);
		expect(server!.executions).toHaveLength(0);
		await send('C2C.CallbackBeforeSendMsg', c2cBefore);
		expect(server!.executions).toHaveLength(1);
	});

	it('"Other Commands" takes what the list does not name', async () => {
		await serve({ commands: ['*'] });
		await send('Sns.CallbackFriendAdd', { PairList: [] });
		await send('C2C.CallbackAfterSendMsg', c2cAfter);
		expect(server!.executions.map((e) => e.items[0][0].json.CallbackCommand)).toEqual(['Sns.CallbackFriendAdd']);
	});

	it('starts one execution for a resent after-event', async () => {
		await serve();
		const result = await send('C2C.CallbackAfterSendMsg', c2cAfter, { times: 3 });
		expect(result.deliveries!.map((d) => d.json)).toEqual([ALLOW, ALLOW, ALLOW]);
		expect(server!.executions).toHaveLength(1);
		await send('Group.CallbackAfterSendMsg', { GroupId: '@TGS#1', From_Account: 'a', MsgSeq: 7, Random: 1, MsgTime: 1, MsgBody: [] }, { times: 2 });
		expect(server!.executions).toHaveLength(2);
	});

	it('in "Allow at Once" mode answers a before-send callback at once and still emits it', async () => {
		await serve({ replyMode: 'acknowledge' });
		const result = await send('C2C.CallbackBeforeSendMsg', c2cBefore);
		expect(result.json).toEqual(ALLOW);
		expect(result.elapsedMs).toBeLessThan(1000);
		expect(server!.executions[0].items[0][0].json).toMatchObject({ From_Account: 'alice', text: 'hello\nworld' });
	});

	it('in "Workflow Decides" mode leaves a before-send callback to the workflow, and answers after-events itself', async () => {
		await serve({ replyMode: 'workflow' });
		// The test server stands in for n8n without the Respond to Webhook node (see moderation.test.ts):
		// what matters here is that the trigger does not answer itself.
		const before = await send('C2C.CallbackBeforeSendMsg', c2cBefore);
		expect(before.body).toBe('');
		expect(server!.executions[0].response).not.toHaveProperty('noWebhookResponse');
		const after = await send('C2C.CallbackAfterSendMsg', c2cAfter);
		expect(after.json).toEqual(ALLOW);
		expect(server!.executions[1].response.noWebhookResponse).toBe(true);
	});
});
