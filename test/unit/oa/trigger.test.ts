/**
 * WeChat Official Account Trigger over real HTTP: n8n-core's WebhookContext in front of the node,
 * the emulator's callback sender (test/emulator/platforms/officialAccount/callback.ts: the three
 * modes of 消息加解密方式, signed as WeChat signs) behind the requests.
 */
import { wxSignature } from '../../../nodes/shared/crypto';
import { officialAccountFixture as OA } from '../../emulator';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('oa');
const MODES = ['plaintext', 'compatible', 'safe'] as const;
let msgId = 7_000_000_000;

const now = () => Math.floor(Date.now() / 1000);
const openid = () => t.emulator.oa.followers()[0].openid;
const text = (content: string, extra: Record<string, string | number> = {}) => ({
	MsgType: 'text',
	Content: content,
	MsgId: String(++msgId),
	...extra,
});
/** The trigger with a credential in `mode`. */
const serve = (mode: (typeof MODES)[number], parameters = {}, credentials = {}) =>
	t.serve(parameters, { credentials: { messageEncryption: mode, ...credentials } });

describe('URL verification (GET)', () => {
	it.each(MODES)('echoes echostr exactly, as text/plain, in %s mode', async (mode) => {
		const s = await serve(mode);
		const result = await t.emulator.oa.sendUrlVerification({ url: s.webhookUrl, echostr: '5927782489442352469' });
		expect(result.verified).toBe(true);
		expect(result.body).toBe('5927782489442352469');
		expect(String(result.headers['content-type'])).toMatch(/^text\/plain/);
		expect(s.executions).toHaveLength(0);
	});

	it('refuses a wrong signature with 401 and a bare body', async () => {
		const s = await serve('safe');
		const result = await t.emulator.oa.sendUrlVerification({ url: s.webhookUrl, forge: 'signature' });
		expect(result.status).toBe(401);
		expect(result.body).toBe('Forbidden');
	});

	it('needs no EncodingAESKey in plaintext mode', async () => {
		const s = await serve('plaintext', {}, { encodingAesKey: '' });
		expect((await t.emulator.oa.sendUrlVerification({ url: s.webhookUrl })).verified).toBe(true);
		expect((await t.send(text('hi'), { mode: 'plaintext' })).status).toBe(200);
		expect(s.executions).toHaveLength(1);
	});
});

describe.each(MODES)('a %s-mode callback', (mode) => {
	it('is answered "success" at once and emits readable fields', async () => {
		const s = await serve(mode);
		const result = await t.send(text('你好 <n8n> & co'), { mode });
		expect(result.status).toBe(200);
		expect(result.body).toBe('success');
		expect(s.executions).toHaveLength(1);
		const item = s.executions[0].items[0][0].json;
		expect(item).toMatchObject({
			type: 'text',
			fromUser: openid(),
			toUser: t.emulator.oa.app()!.originalId,
			content: '你好 <n8n> & co',
			msgId: String(msgId),
			encrypted: mode !== 'plaintext',
		});
		expect(item.createdAt).toBe(new Date((item.createTime as number) * 1000).toISOString());
		expect(String(item.rawXml)).toContain('<Content><![CDATA[你好 <n8n> & co]]></Content>');
		expect(String(item.rawXml)).not.toContain('<Encrypt>');
		expect(Object.keys(item).slice(-2)).toEqual(['message', 'rawXml']);
	});

	it('starts one execution when WeChat delivers it three times', async () => {
		const s = await serve(mode);
		const result = await t.send(text('again'), { mode, times: 3 });
		expect(result.deliveries?.map((d) => [d.status, d.body])).toEqual([
			[200, 'success'],
			[200, 'success'],
			[200, 'success'],
		]);
		expect(s.executions).toHaveLength(1);
	});

	it.each([
		['signature', 401],
		...(mode === 'plaintext' ? [] : ([['receiveId', 403], ['key', 403]] as const)),
	] as const)('forged by %s: %i and no execution', async (forge, status) => {
		const s = await serve(mode);
		const result = await t.send(text('forged'), { mode, forge });
		expect(result.status).toBe(status);
		expect(result.body).toBe('Forbidden');
		expect(s.executions).toHaveLength(0);
	});

	it('stale (timestamp an hour old): 403, unless the check is off', async () => {
		const s = await serve(mode);
		expect((await t.send(text('old'), { mode, timestamp: now() - 3600 })).status).toBe(403);
		expect(s.executions).toHaveLength(0);
		const lenient = await serve(mode, { options: { maxAge: 0 } });
		expect((await t.send(text('old'), { mode, timestamp: now() - 3600 })).status).toBe(200);
		expect(lenient.executions).toHaveLength(1);
	});
});

describe('no downgrade, no confusion between modes', () => {
	it('a Safe-mode credential refuses a plaintext callback, though it is signed', async () => {
		const s = await serve('safe');
		const result = await t.send(text('downgraded'), { mode: 'plaintext' });
		expect(result.status).toBe(403);
		expect(s.executions).toHaveLength(0);
	});

	it('a Safe-mode credential reads the Encrypt element only: plaintext fields beside it are ignored', async () => {
		const s = await serve('safe');
		const result = await t.send(text('the real one'), { mode: 'compatible' });
		expect(result.status).toBe(200);
		expect(s.executions[0].items[0][0].json).toMatchObject({ content: 'the real one', encrypted: true });
	});

	it('a Compatible-mode credential also takes an unmarked plaintext callback (as the mode allows)', async () => {
		const s = await serve('compatible');
		expect((await t.send(text('plain'), { mode: 'plaintext' })).status).toBe(200);
		expect(s.executions[0].items[0][0].json).toMatchObject({ content: 'plain', encrypted: false });
	});

	it('a Plaintext-mode credential finds no message in a safe-mode body: 400', async () => {
		const s = await serve('plaintext');
		expect((await t.send(text('ciphertext'), { mode: 'safe' })).status).toBe(400);
		expect(s.executions).toHaveLength(0);
	});

	it('an unknown mode in the credential is read as Safe', async () => {
		const s = await serve('safe', {}, { messageEncryption: 'Plaintext ' });
		expect((await t.send(text('x'), { mode: 'plaintext' })).status).toBe(403);
		expect((await t.send(text('y'), { mode: 'safe' })).status).toBe(200);
		expect(s.executions).toHaveLength(1);
	});

	it('answers 403 when the credential lacks the keys its mode needs', async () => {
		const s = await serve('safe', {}, { encodingAesKey: '' });
		expect((await t.send(text('x'), { mode: 'safe' })).status).toBe(403);
		expect(s.executions).toHaveLength(0);
	});
});

describe('malformed and oversized', () => {
	it('answers 400 to a body that is not a message and 401 without a signature', async () => {
		const s = await serve('plaintext');
		const ts = String(now());
		const query = `/?signature=${wxSignature(OA.token, ts, 'n')}&timestamp=${ts}&nonce=n`;
		expect((await s.request('POST', query, '<xml><Content>unterminated', { 'content-type': 'text/plain' })).status).toBe(400);
		expect((await s.request('POST', query, '<xml><Other>1</Other></xml>', { 'content-type': 'text/xml' })).status).toBe(400);
		const dtd = '<!DOCTYPE x [<!ENTITY a "b">]><xml><MsgType>&a;</MsgType></xml>';
		expect((await s.request('POST', query, dtd, { 'content-type': 'text/plain' })).status).toBe(400);
		expect((await s.request('POST', '/', '<xml><MsgType>text</MsgType></xml>', { 'content-type': 'text/xml' })).status).toBe(401);
		expect(s.executions).toHaveLength(0);
	});

	it('answers 400 to an encrypted callback without Encrypt', async () => {
		const s = await serve('safe');
		const ts = String(now());
		const query = `/?signature=x&timestamp=${ts}&nonce=n&encrypt_type=aes&msg_signature=${wxSignature(OA.token, ts, 'n', '')}`;
		expect((await s.request('POST', query, '<xml><ToUserName>gh</ToUserName></xml>', { 'content-type': 'text/xml' })).status).toBe(400);
		expect(s.executions).toHaveLength(0);
	});

	it('refuses a body over 1 MB with 413', async () => {
		const s = await serve('plaintext');
		const huge = `<xml><MsgType>text</MsgType><Content>${'A'.repeat(1024 * 1024 + 10)}</Content></xml>`;
		expect((await s.request('POST', '/?signature=a&timestamp=1&nonce=b', huge, { 'content-type': 'text/xml' })).status).toBe(413);
		expect(s.executions).toHaveLength(0);
	});
});

describe('messages and events, with readable fields', () => {
	const item = async (message: Record<string, string | number>) => {
		const s = await serve('safe');
		expect((await t.send(message)).status).toBe(200);
		return s.executions[0].items[0][0].json;
	};

	it.each([
		[{ MsgType: 'image', PicUrl: 'http://mmbiz/p.jpg', MediaId: 'm1', MsgId: '1' }, { type: 'image', picUrl: 'http://mmbiz/p.jpg', mediaId: 'm1' }],
		[
			{ MsgType: 'voice', MediaId: 'v1', Format: 'amr', Recognition: '腾讯微信团队', MsgId: '2' },
			{ type: 'voice', mediaId: 'v1', format: 'amr', recognition: '腾讯微信团队' },
		],
		[{ MsgType: 'video', MediaId: 'vd', ThumbMediaId: 'th', MsgId: '3' }, { type: 'video', mediaId: 'vd', thumbMediaId: 'th' }],
		[{ MsgType: 'shortvideo', MediaId: 'sv', ThumbMediaId: 'th', MsgId: '4' }, { type: 'shortvideo', mediaId: 'sv' }],
		[
			{ MsgType: 'location', Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '位置信息', MsgId: '5' },
			{ type: 'location', location: { latitude: 23.134521, longitude: 113.358803, scale: 20, label: '位置信息' } },
		],
		[
			{ MsgType: 'link', Title: '公众平台官网链接', Description: '描述', Url: 'https://mp.weixin.qq.com', MsgId: '6' },
			{ type: 'link', link: { title: '公众平台官网链接', description: '描述', url: 'https://mp.weixin.qq.com' } },
		],
		[{ MsgType: 'event', Event: 'subscribe' }, { type: 'event', event: 'subscribe' }],
		[
			{ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_123123', Ticket: 'TICKET' },
			{ event: 'subscribe', eventKey: 'qrscene_123123', qrScene: '123123', ticket: 'TICKET' },
		],
		[{ MsgType: 'event', Event: 'SCAN', EventKey: 'shop-7', Ticket: 'T2' }, { event: 'SCAN', qrScene: 'shop-7', ticket: 'T2' }],
		[{ MsgType: 'event', Event: 'unsubscribe' }, { event: 'unsubscribe' }],
		[
			{ MsgType: 'event', Event: 'LOCATION', Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' },
			{ event: 'LOCATION', location: { latitude: 23.137466, longitude: 113.352425, precision: 119.38504 } },
		],
		[{ MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_HELP' }, { event: 'CLICK', eventKey: 'MENU_HELP' }],
		[
			{ MsgType: 'event', Event: 'VIEW', EventKey: 'https://example.com', MenuId: '42' },
			{ event: 'VIEW', eventKey: 'https://example.com', menuId: '42' },
		],
		[
			{ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'success' },
			{ event: 'TEMPLATESENDJOBFINISH', templateMsgId: '200163836', status: 'success' },
		],
	])('%j', async (message, expected) => {
		expect(await item(message)).toMatchObject({ fromUser: openid(), ...expected });
	});

	it('subscription-notice events list their entries', async () => {
		const s = await serve('safe');
		const xml =
			`<xml><ToUserName><![CDATA[${t.emulator.oa.app()!.originalId}]]></ToUserName><FromUserName><![CDATA[${openid()}]]></FromUserName>` +
			`<CreateTime>${now()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>` +
			'<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>' +
			'<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>' +
			'<List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId>' +
			'<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>';
		expect((await t.send({}, { plaintext: xml })).status).toBe(200);
		expect(s.executions[0].items[0][0].json).toMatchObject({
			event: 'subscribe_msg_popup_event',
			subscribeMessages: [
				{ templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', status: 'accept', popupScene: '2' },
				{ templateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', status: 'reject', popupScene: '2' },
			],
		});
	});
});

describe('one execution per message or event', () => {
	it('events without MsgId: one per sender, time and event', async () => {
		const s = await serve('safe');
		const at = now();
		await t.send({ MsgType: 'event', Event: 'subscribe', CreateTime: at }, { times: 3 });
		await t.send({ MsgType: 'event', Event: 'CLICK', EventKey: 'A', CreateTime: at }, { times: 2 });
		await t.send({ MsgType: 'event', Event: 'CLICK', EventKey: 'B', CreateTime: at });
		await t.send({ MsgType: 'event', Event: 'subscribe', CreateTime: at + 1 });
		expect(s.executions.map((e) => [e.items[0][0].json.event, e.items[0][0].json.eventKey ?? ''])).toEqual([
			['subscribe', ''],
			['CLICK', 'A'],
			['CLICK', 'B'],
			['subscribe', ''],
		]);
	});

	it('a retry re-encrypted with a new nonce and IV is still the same message', async () => {
		const s = await serve('safe');
		const message = text('retried by a fresh seal', { CreateTime: now() });
		await t.send(message);
		await t.send(message);
		expect(s.executions).toHaveLength(1);
	});

	it('emits only the chosen message types, and answers the others "success"', async () => {
		const s = await serve('safe', { messageTypes: ['text', 'event:subscribe'] });
		expect((await t.send({ MsgType: 'image', PicUrl: 'p', MediaId: 'm', MsgId: String(++msgId) })).body).toBe('success');
		expect((await t.send({ MsgType: 'event', Event: 'CLICK', EventKey: 'K' })).body).toBe('success');
		await t.send({ MsgType: 'event', Event: 'subscribe' });
		await t.send(text('yes'));
		expect(s.executions.map((e) => e.items[0][0].json.type)).toEqual(['event', 'text']);
	});

	it('"Other Events" takes events not in the list', async () => {
		const s = await serve('safe', { messageTypes: ['event:*'] });
		await t.send({ MsgType: 'event', Event: 'PUBLISHJOBFINISH' });
		await t.send({ MsgType: 'event', Event: 'CLICK', EventKey: 'K' });
		expect(s.executions.map((e) => e.items[0][0].json.event)).toEqual(['PUBLISHJOBFINISH']);
	});

	it('reads the credential once for many callbacks', async () => {
		const s = await serve('safe');
		for (let k = 0; k < 5; k++) await t.send(text(`m${k}`));
		expect(s.executions).toHaveLength(5);
		expect(s.credentialsHelper.reads.filter((r) => r === 'weChatOfficialAccountApi')).toHaveLength(1);
	});
});
