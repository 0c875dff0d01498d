/**
 * The trigger factory is generic: a second, tiny product built with it (its own credential type,
 * the Official Account's signed URL check and message modes, "success" as its received answer,
 * and an items hook) runs in n8n's webhook context like the WeCom Trigger does.
 */
import * as wecom from '@wecom/crypto';
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeParameters } from 'n8n-workflow';
import { wxSignature } from '../../../../nodes/shared/crypto';
import * as webhookModule from '../../../../nodes/shared/webhook';
import { clearTriggerCaches } from '../../../../nodes/shared/webhook';
import type { WxCallback } from '../../../../nodes/shared/wechat/trigger';
import { typeFilter, wxCallbackTrigger } from '../../../../nodes/shared/wechat/trigger';
import type { WebhookServer } from '../../../helpers';
import { startWebhookServer } from '../../../helpers';

class TestCallbackApi implements ICredentialType {
	name = 'testCallbackApi';
	displayName = 'Test Callback';
	properties: ICredentialType['properties'] = [
		{ displayName: 'App ID', name: 'appId', type: 'string', default: '' },
		{ displayName: 'Push Token', name: 'pushToken', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'AES Key', name: 'aesKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Mode', name: 'messageMode', type: 'string', default: 'plaintext' },
	];
}

const MESSAGE_TYPES = [
	{ name: 'Event: Subscribe', value: 'event:subscribe' },
	{ name: 'Other Events', value: 'event:*' },
	{ name: 'Text', value: 'text' },
];

const hookCalls: WxCallback[] = [];
let failNext = false;

/** Two items per text, none for "skip": what a product that fetches its messages would do. */
async function items(callback: WxCallback, credentials: ICredentialDataDecryptedObject): Promise<IDataObject[]> {
	hookCalls.push(callback);
	if (failNext) {
		failNext = false;
		throw new Error('the messages could not be fetched');
	}
	const content = String(callback.fields.Content ?? callback.fields.Event ?? '');
	if (content === 'skip') return [];
	return [
		{ part: 1, content, app: credentials.appId, encrypted: callback.encrypted },
		{ part: 2, content },
	];
}

class TestTrigger extends wxCallbackTrigger({
	displayName: 'Test Account Trigger',
	name: 'testAccountTrigger',
	icon: 'file:test.svg',
	description: 'A second product on the factory',
	documentationUrl: 'https://example.com/docs#test-account-trigger',
	credentialType: 'testCallbackApi',
	keys: { token: 'pushToken', encodingAesKey: 'aesKey', receiveId: 'appId' },
	keysLabel: 'Push Token, AES Key or App ID',
	modeField: 'messageMode',
	urlVerification: 'signed',
	marksEncryption: true,
	setupNotice: 'Paste the URL.',
	messageTypes: MESSAGE_TYPES,
	replyModes: { acknowledge: 'Answer at once', passive: 'Wait for a reply' },
	deadlineNotice: 'Answer within 5 s.',
	deadline: { default: 3000, max: 4500 },
	received: { body: 'success', outcome: 'so the platform got "success"' },
	items,
}) {}

const APP = { appId: 'wx_test_app', pushToken: 'PushToken123', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
let server: WebhookServer | undefined;
let msgId = 7000;

async function serve(parameters: INodeParameters = {}, messageMode = 'plaintext'): Promise<WebhookServer> {
	server = await startWebhookServer({
		node: TestTrigger,
		parameters,
		credentials: { testCallbackApi: { ...APP, messageMode } },
		credentialTypes: [TestCallbackApi],
	});
	return server;
}

const now = () => String(Math.floor(Date.now() / 1000));
const message = (fields: Record<string, string>) =>
	`<xml>${Object.entries({ ToUserName: 'gh_test', FromUserName: 'openid-1', CreateTime: now(), ...fields })
		.map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
		.join('')}</xml>`;
const text = (content: string) => message({ MsgType: 'text', Content: content, MsgId: String(++msgId) });

/** A plaintext push, signed with signature = sha1(sort(token, timestamp, nonce)). */
function plain(s: WebhookServer, xml: string) {
	const timestamp = now();
	const signature = wxSignature(APP.pushToken, timestamp, 'n1');
	return s.request('POST', `/?signature=${signature}&timestamp=${timestamp}&nonce=n1`, xml, { 'content-type': 'text/plain' });
}

/** A safe-mode push sealed by @wecom/crypto. */
function sealed(s: WebhookServer, xml: string) {
	const timestamp = now();
	const encrypt = wecom.encrypt(APP.aesKey, xml, APP.appId);
	const query = new URLSearchParams({ msg_signature: wecom.getSignature(APP.pushToken, timestamp, 'n2', encrypt), timestamp, nonce: 'n2', encrypt_type: 'aes' });
	return s.request('POST', `/?${query}`, `<xml><ToUserName>gh_test</ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, { 'content-type': 'text/plain' });
}

beforeEach(() => {
	clearTriggerCaches();
	hookCalls.length = 0;
	failNext = false;
});
afterEach(async () => {
	jest.restoreAllMocks();
	await server?.close();
	server = undefined;
});

it('describes the product: its credential, its types, its deadline, the two webhooks', () => {
	const { description } = new TestTrigger();
	expect(description).toMatchObject({
		name: 'testAccountTrigger',
		defaults: { name: 'Test Account Trigger' },
		credentials: [{ name: 'testCallbackApi', required: true }],
		webhooks: [expect.objectContaining({ httpMethod: 'GET' }), expect.objectContaining({ httpMethod: 'POST' })],
	});
	const byName = Object.fromEntries(description.properties.map((p) => [p.name, p]));
	expect(byName.messageTypes.options).toEqual(MESSAGE_TYPES);
	expect(byName.setupNotice.displayName).toBe('Paste the URL.');
	expect((byName.options.options as Array<{ name: string; default: unknown; typeOptions?: IDataObject }>)[0]).toMatchObject({
		name: 'deadlineMs',
		default: 3000,
		typeOptions: { maxValue: 4500 },
	});
});

it('answers the signed URL check by echoing echostr', async () => {
	const s = await serve();
	const signature = wxSignature(APP.pushToken, '1700000000', 'n');
	const response = await s.request('GET', `/?signature=${signature}&timestamp=1700000000&nonce=n&echostr=echo-123`);
	expect(response).toMatchObject({ status: 200, text: 'echo-123' });
	expect(s.executions).toHaveLength(0);
});

it('starts the workflow with the hook\'s items and answers the product\'s "success"', async () => {
	const s = await serve();
	const response = await plain(s, text('hello'));
	expect(response).toMatchObject({ status: 200, text: 'success' });
	expect(s.executions).toHaveLength(1);
	expect(s.executions[0].items[0].map((item) => item.json)).toEqual([
		{ part: 1, content: 'hello', app: APP.appId, encrypted: false },
		{ part: 2, content: 'hello' },
	]);
	expect(hookCalls[0].fields).toMatchObject({ MsgType: 'text', Content: 'hello' });
});

it('starts nothing when the hook returns no items, and once per callback the platform resends', async () => {
	const s = await serve();
	expect(await plain(s, text('skip'))).toMatchObject({ status: 200, text: 'success' });
	const again = text('twice');
	await plain(s, again);
	await plain(s, again);
	expect(s.executions).toHaveLength(1);
	expect(hookCalls).toHaveLength(2);
});

it('lets the resent callback through when the hook failed', async () => {
	const s = await serve();
	const once = text('retry me');
	failNext = true;
	await plain(s, once);
	expect(s.executions).toHaveLength(0);
	await plain(s, once);
	expect(s.executions).toHaveLength(1);
});

it('in safe mode opens an encrypted push and refuses a plaintext one (no downgrade)', async () => {
	const s = await serve({}, 'safe');
	expect((await plain(s, text('downgrade'))).status).toBe(403);
	expect(await sealed(s, text('secret'))).toMatchObject({ status: 200, text: 'success' });
	expect(s.executions).toHaveLength(1);
	expect(s.executions[0].items[0][0].json).toMatchObject({ content: 'secret', encrypted: true });
});

it('reads an unknown mode as safe mode', async () => {
	const s = await serve({}, 'plain-ish');
	expect((await plain(s, text('downgrade'))).status).toBe(403);
});

it('in passive mode leaves the answer to the workflow, with the product\'s fallback after its deadline', async () => {
	const deadline = jest.spyOn(webhookModule, 'answerUnlessAnswered').mockResolvedValue(false);
	const s = await serve({ replyMode: 'passive', options: { deadlineMs: 9000 } });
	await plain(s, text('wait'));
	expect(deadline).toHaveBeenCalledWith(expect.anything(), 4500, expect.objectContaining({ status: 200, body: 'success', outcome: 'so the platform got "success"' }));
	expect(s.executions).toHaveLength(1);
});

it('filters by the chosen types before the hook runs', async () => {
	const s = await serve({ messageTypes: ['event:subscribe'] });
	expect(await plain(s, text('not chosen'))).toMatchObject({ status: 200, text: 'success' });
	await plain(s, message({ MsgType: 'event', Event: 'subscribe' }));
	expect(hookCalls.map((c) => c.fields.MsgType)).toEqual(['event']);
	expect(s.executions).toHaveLength(1);
});

it.each<[string[], Record<string, string>, boolean]>([
	[[], { MsgType: 'image' }, true],
	[['text'], { MsgType: 'text' }, true],
	[['text'], { MsgType: 'image' }, false],
	[['event:subscribe'], { MsgType: 'event', Event: 'subscribe' }, true],
	[['event:*'], { MsgType: 'event', Event: 'scan' }, true],
	[['event:*'], { MsgType: 'event', Event: 'subscribe' }, false],
	[['event:*'], { MsgType: 'text' }, false],
])('typeFilter: chosen %j takes %j: %s', (chosen, fields, expected) => {
	expect(typeFilter(MESSAGE_TYPES)(chosen, fields)).toBe(expected);
});

describe('a product without passive replies or Message Types (WeChat KF)', () => {
	const created: string[] = [];
	class AckOnlyTrigger extends wxCallbackTrigger({
		displayName: 'Ack Only Trigger',
		name: 'ackOnlyTrigger',
		icon: 'file:test.svg',
		description: 'Acknowledges, then filters what its hook fetches',
		documentationUrl: 'https://example.com/docs#ack-only-trigger',
		credentialType: 'testCallbackApi',
		keys: { token: 'pushToken', encodingAesKey: 'aesKey', receiveId: 'appId' },
		keysLabel: 'Push Token, AES Key or App ID',
		modeField: 'messageMode',
		urlVerification: 'signed',
		marksEncryption: true,
		setupNotice: 'Paste the URL.',
		properties: [{ displayName: 'Own Filter', name: 'ownFilter', type: 'string', default: 'all' }],
		received: { body: 'success', outcome: 'so the platform got "success"' },
		webhookMethods: {
			default: {
				checkExists: async () => false,
				create: async () => (created.push('create'), true),
				delete: async () => true,
			},
		},
		items: async (callback) => [{ type: String(callback.fields.MsgType ?? '') }],
	}) {}

	it('has no Reply Mode, deadline or Message Types, its own properties, and a static onReceived POST', async () => {
		const trigger = new AckOnlyTrigger();
		const names = trigger.description.properties.map((p) => p.name);
		expect(names).toEqual(['setupNotice', 'ownFilter', 'options']);
		const options = trigger.description.properties.find((p) => p.name === 'options')!.options as Array<{ name: string }>;
		expect(options.map((o) => o.name)).toEqual(['maxAge']);
		expect(trigger.description.subtitle).toBeUndefined();
		expect(trigger.description.webhooks?.find((w) => w.httpMethod === 'POST')).toEqual({
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			path: 'webhook',
			// n8n answers the trigger's own webhookResponse, not its default text "firstEntryJson".
			responseData: '',
		});
		await trigger.webhookMethods!.default!.create.call({} as never);
		expect(created).toEqual(['create']);
	});

	it('hands every callback to its hook (no type filter of its own) and answers at once', async () => {
		server = await startWebhookServer({
			node: AckOnlyTrigger,
			parameters: { messageTypes: ['text'], replyMode: 'passive' },
			credentials: { testCallbackApi: { ...APP, messageMode: 'plaintext' } },
			credentialTypes: [TestCallbackApi],
		});
		const deadline = jest.spyOn(webhookModule, 'answerUnlessAnswered');
		expect(await plain(server, message({ MsgType: 'event', Event: 'anything' }))).toMatchObject({ status: 200, text: 'success' });
		expect(server.executions.map((e) => e.items[0][0].json)).toEqual([{ type: 'event' }]);
		expect(deadline).not.toHaveBeenCalled();
	});
});
