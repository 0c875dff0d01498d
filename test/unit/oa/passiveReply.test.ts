/**
 * WeChat Official Account → Passive Reply answering the trigger's open callback itself
 * (this.sendResponse, no Respond to Webhook node), plain or encrypted as the credential's mode
 * says, read back the way WeChat reads it (the emulator's readReply: signature checked, decrypted
 * with receiveId = AppID); Build Only; the refusals; and the trigger's Answer Deadline.
 * The real thing runs in test/e2e/wechat-oa.e2e.test.ts.
 */
import type { INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { wxDecrypt, wxSignature } from '../../../nodes/shared/crypto';
import { parseXml } from '../../../nodes/shared/xml';
import { officialAccountFixture as OA } from '../../emulator';
import { logRecords } from '../../helpers';
import type { AfterTriggerOptions } from '../../helpers/trigger';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('oa');
/** What the node panel gives: resource and text; To User and From Account default to the trigger's fields. */
const PANEL_REPLY = { resource: 'passiveReply', content: '=Echo: {{ $json.content }}' };
const MODES = ['plaintext', 'compatible', 'safe'] as const;
let msgId = 9_000_000;

const text = (content: string) => ({ MsgType: 'text', Content: content, MsgId: String(++msgId) });
const follower = () => t.emulator.oa.followers()[0].openid;
const originalId = () => t.emulator.oa.app()!.originalId;

/** The reply node after a passive trigger, on an item as the trigger makes it. */
const reply = (options: Partial<AfterTriggerOptions>) =>
	t.runAfterTrigger({
		parameters: { ...PANEL_REPLY, content: 'hi' },
		items: [{ json: { fromUser: 'oUser', toUser: 'gh_account', encrypted: true } }],
		...options,
	});

/** The trigger in passive mode (a 1.5 s deadline, so each test waits less for it to settle) and the reply node behind it. */
const servePassive = (mode: (typeof MODES)[number], parameters: INodeParameters = PANEL_REPLY, trigger: INodeParameters = {}, before?: () => Promise<void>) =>
	t.serveAnswering(parameters, { trigger: { options: { deadlineMs: 1500 }, ...trigger }, before, credentials: { messageEncryption: mode } });

describe('Passive Reply → Reply answers the waiting callback', () => {
	it.each(MODES)('%s mode: WeChat reads the reply the workflow built', async (mode) => {
		const { server: s, outputs } = await servePassive(mode);
		const result = await t.send(text('你好 & <hi>'), { mode });
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('text/xml; charset=utf-8');
		expect(result.replyError).toBeUndefined();
		expect(result.replyEncrypted).toBe(mode !== 'plaintext');
		expect(result.replyFields).toEqual({
			ToUserName: follower(),
			FromUserName: originalId(),
			CreateTime: expect.stringMatching(/^\d{10}$/),
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
			toUser: follower(),
			encrypted: mode !== 'plaintext',
			replyXml: result.reply,
		});
		expect(JSON.stringify(out.json)).not.toContain(OA.encodingAesKey);
		await expect(t.deadlines.mock.results[0].value).resolves.toBe(false);
	});

	it('compatible mode answers an unmarked plaintext callback in plaintext', async () => {
		await servePassive('compatible');
		const result = await t.send(text('plain in'), { mode: 'plaintext' });
		expect(result.replyEncrypted).toBe(false);
		expect(result.replyFields?.Content).toBe('Echo: plain in');
	});

	it('subscribe → a welcome text (the example workflow\'s reply)', async () => {
		await servePassive('safe', { resource: 'passiveReply', content: 'Welcome! 欢迎关注' }, { messageTypes: ['event:subscribe'] });
		const result = await t.send({ MsgType: 'event', Event: 'subscribe' });
		expect(result.replyFields).toMatchObject({ ToUserName: follower(), FromUserName: originalId(), MsgType: 'text', Content: 'Welcome! 欢迎关注' });
	});

	it('a workflow slower than the deadline: the trigger answers "success" in time, the late reply is dropped', async () => {
		const { server: s } = await servePassive('safe', PANEL_REPLY, { options: { deadlineMs: 500 } }, () => sleep(1200));
		const result = await t.send(text('slow'));
		expect(result.status).toBe(200);
		expect(result.body).toBe('success');
		expect(result.elapsedMs).toBeGreaterThanOrEqual(450);
		expect(result.elapsedMs).toBeLessThan(1200);
		await expect(t.deadlines.mock.results[0].value).resolves.toBe(true);
		await s.idle();
		expect(s.executions[0].workflow?.answers.map((a) => a.outcome)).toEqual(['failed']);
		expect(logRecords.some((r) => /did not answer within \d+ ms, so WeChat got "success"/.test(r.message))).toBe(true);
	});

	it('hands n8n one answer of the encrypted envelope, signed with the Token', async () => {
		const result = await reply({});
		expect(result.error).toBeUndefined();
		expect(result.responses).toHaveLength(1);
		const response = result.responses[0] as { statusCode: number; headers: Record<string, string>; body: string };
		expect(response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
		const envelope = parseXml(response.body);
		expect(envelope.MsgSignature).toBe(wxSignature(OA.token, String(envelope.TimeStamp), String(envelope.Nonce), String(envelope.Encrypt)));
		const opened = wxDecrypt(OA.encodingAesKey, String(envelope.Encrypt));
		expect(opened.receiveId).toBe(OA.appId);
		expect(parseXml(opened.message)).toMatchObject({ ToUserName: 'oUser', FromUserName: 'gh_account', MsgType: 'text', Content: 'hi' });
	});

	it.each([
		['there is no trigger before it', null, /No WeChat Official Account Trigger comes before this node.*Build Only/],
		['the trigger acknowledges at once', { replyMode: 'acknowledge' }, /answers every callback at once.*"Passive Reply".*Customer Service Message → Send/],
	])('refuses with a clear error when %s, and answers nothing', async (_, trigger, message) => {
		const result = await reply({ trigger });
		expect(result.error?.message).toMatch(message);
		expect(result.responses).toEqual([]);
	});

	it('refuses two items: a callback takes one answer', async () => {
		const result = await reply({ items: [{ json: { fromUser: 'a', toUser: 'gh' } }, { json: { fromUser: 'b', toUser: 'gh' } }] });
		expect(result.error?.message).toMatch(/one answer, but 2 items arrived/);
		expect(result.responses).toEqual([]);
	});

	it('without the trigger fields (To User, From Account) fails and says which', async () => {
		const result = await reply({ items: [{ json: { toUser: 'gh' } }] });
		expect(result.error?.message).toMatch(/To User: required/);
		const noFrom = await reply({ items: [{ json: { fromUser: 'oUser' } }] });
		expect(noFrom.error?.message).toMatch(/From Account: required.*gh_/);
	});

	it('in an execution no caller waits for answers nothing and says so', async () => {
		const result = await reply({ mode: 'retry' });
		expect(result.error).toBeUndefined();
		expect(result.responses).toEqual([]);
		expect(result.items[0][0].json).toMatchObject({ answered: false, replyType: 'text', toUser: 'oUser' });
	});
});

describe('Passive Reply → Build Only', () => {
	const build = (parameters: INodeParameters, credentials = {}) =>
		reply({ parameters: { resource: 'passiveReply', operation: 'build', ...parameters }, trigger: null, mode: 'manual', credentials });

	it('plaintext mode builds the XML itself', async () => {
		const result = await build({ content: '收到' }, { messageEncryption: 'plaintext' });
		const out = result.items[0][0].json;
		expect(result.responses).toEqual([]);
		expect(out).toMatchObject({ contentType: 'text/xml', replyType: 'text', toUser: 'oUser', encrypted: false });
		expect(out.body).toBe(out.replyXml);
		expect(parseXml(String(out.body))).toMatchObject({ ToUserName: 'oUser', FromUserName: 'gh_account', MsgType: 'text', Content: '收到' });
	});

	it.each([
		[
			{ replyType: 'image', mediaId: 'MEDIA_1' },
			{ MsgType: 'image', Image: { MediaId: 'MEDIA_1' } },
		],
		[
			{ replyType: 'voice', mediaId: 'V1' },
			{ MsgType: 'voice', Voice: { MediaId: 'V1' } },
		],
		[
			{ replyType: 'video', mediaId: 'VD', title: '标题', videoDescription: '描述' },
			{ MsgType: 'video', Video: { MediaId: 'VD', Title: '标题', Description: '描述' } },
		],
		[
			{ replyType: 'music', title: 'Song', videoDescription: 'd', musicUrl: 'http://m/a.mp3', hqMusicUrl: 'http://m/hq.mp3', thumbMediaId: 'TH' },
			{ MsgType: 'music', Music: { Title: 'Song', Description: 'd', MusicUrl: 'http://m/a.mp3', HQMusicUrl: 'http://m/hq.mp3', ThumbMediaId: 'TH' } },
		],
		[
			{ replyType: 'news', articles: { article: [{ title: 'T', description: 'D', url: 'https://x', picUrl: 'https://p' }] } },
			{ MsgType: 'news', ArticleCount: '1', Articles: { item: { Title: 'T', Description: 'D', PicUrl: 'https://p', Url: 'https://x' } } },
		],
	])('%j', async (parameters, expected) => {
		const result = await build(parameters, { messageEncryption: 'plaintext' });
		expect(result.error).toBeUndefined();
		expect(parseXml(String(result.items[0][0].json.replyXml))).toMatchObject(expected);
	});

	// Expressions that come out empty: an empty field is n8n's own "required" issue, before the node runs.
	it.each([
		['an empty text', { replyType: 'text', content: '={{ "" }}' }, /Content/],
		['a text over 2048 bytes', { replyType: 'text', content: '字'.repeat(683) }, /at most 2048 bytes/],
		['an image without media', { replyType: 'image', mediaId: '={{ " " }}' }, /Media ID/],
		['music without a thumb', { replyType: 'music', musicUrl: 'u', thumbMediaId: '={{ "" }}' }, /Thumb Media ID/],
		['news without articles', { replyType: 'news' }, /1 to 8 articles/],
	])('refuses %s before answering anything', async (_, parameters, message) => {
		const result = await build(parameters);
		expect(result.error?.message).toMatch(message);
	});

	it('Safe mode without an EncodingAESKey fails and says what is missing', async () => {
		const result = await build({ content: 'x' }, { encodingAesKey: '' });
		expect(result.error?.message).toMatch(/server configuration is incomplete/);
		expect(result.error?.description).toMatch(/EncodingAESKey/);
	});
});
