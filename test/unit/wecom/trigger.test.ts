/**
 * WeCom Trigger over real HTTP: n8n-core's WebhookContext in front of the node, the emulator's
 * callback sender (signed and encrypted exactly as WeCom does) behind the requests.
 */
import { wxDecrypt, wxEncrypt, wxSignature } from '../../../nodes/shared/crypto';
import { wecomFixture } from '../../emulator';
import { triggerHarness } from '../../helpers/trigger';

const t = triggerHarness('wecom');
const serve = t.serve;
let msgCounter = 1000;

function text(content: string, extra: Record<string, string | number> = {}) {
	return {
		FromUserName: 'user01',
		MsgType: 'text',
		Content: content,
		MsgId: String(++msgCounter),
		AgentID: wecomFixture.agentId,
		...extra,
	};
}

describe('URL verification (GET)', () => {
	it('answers the decrypted echostr exactly, as text/plain', async () => {
		const s = await serve();
		const result = await t.emulator.wecom.sendUrlVerification({ url: s.webhookUrl, echoPlain: '5927782489442352469' });
		expect(result.status).toBe(200);
		expect(result.body).toBe('5927782489442352469');
		expect(String(result.headers['content-type'])).toMatch(/^text\/plain/);
		expect(s.executions).toHaveLength(0);
	});

	it('restores a "+" that arrived as a space in an unencoded query', async () => {
		const s = await serve();
		let echostr = '';
		for (let i = 0; !echostr.includes('+'); i++) {
			echostr = wxEncrypt(wecomFixture.encodingAesKey, wecomFixture.corpId, `echo-${i}`);
		}
		const plain = wxDecrypt(wecomFixture.encodingAesKey, echostr).message;
		const signature = wxSignature(wecomFixture.token, '1700000000', 'n1', echostr);
		// The raw "+" in the query string is what a sloppy sender produces; URL decoding makes it a space.
		const response = await s.request('GET', `/?msg_signature=${signature}&timestamp=1700000000&nonce=n1&echostr=${echostr}`);
		expect(response.status).toBe(200);
		expect(response.text).toBe(plain);
	});

	it('refuses a forged signature with 401 and no body detail', async () => {
		const s = await serve();
		const result = await t.emulator.wecom.sendUrlVerification({ url: s.webhookUrl, forge: 'signature' });
		expect(result.status).toBe(401);
		expect(result.body).toBe('Forbidden');
	});
});

describe('messages (POST)', () => {
	it('acknowledges at once with an empty body and emits readable fields', async () => {
		const s = await serve();
		const result = await t.send(text('你好 <n8n> & co'));
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(s.executions).toHaveLength(1);
		const item = s.executions[0].items[0][0].json;
		expect(item).toMatchObject({
			type: 'text',
			fromUser: 'user01',
			toUser: wecomFixture.corpId,
			content: '你好 <n8n> & co',
			msgId: String(msgCounter),
			agentId: wecomFixture.agentId,
		});
		expect(typeof item.createTime).toBe('number');
		expect(item.createdAt).toBe(new Date((item.createTime as number) * 1000).toISOString());
		expect(String(item.rawXml)).toContain('<MsgType><![CDATA[text]]></MsgType>');
		expect((item.message as Record<string, unknown>).Content).toBe('你好 <n8n> & co');
	});

	it('starts one execution when WeCom delivers the same message three times', async () => {
		const s = await serve();
		const result = await t.send(text('again'), { times: 3 });
		expect(result.status).toBe(200);
		for (const delivery of result.deliveries ?? []) expect(delivery.status).toBe(200);
		expect(result.deliveries).toHaveLength(3);
		expect(s.executions).toHaveLength(1);
	});

	it('dedupes events without MsgId by sender, time and event', async () => {
		const s = await serve();
		const event = { FromUserName: 'user02', MsgType: 'event', Event: 'enter_agent', EventKey: '', CreateTime: 1700000100, AgentID: wecomFixture.agentId };
		await t.send(event, { times: 2 });
		await t.send({ ...event, CreateTime: 1700000101 });
		expect(s.executions).toHaveLength(2);
		expect(s.executions[0].items[0][0].json).toMatchObject({ type: 'event', event: 'enter_agent', fromUser: 'user02' });
	});

	it('keeps apart two events of one bulk change that share sender, second and event', async () => {
		const s = await serve();
		const change = (userId: string) => ({
			FromUserName: 'sys',
			MsgType: 'event',
			Event: 'change_contact',
			ChangeType: 'update_user',
			UserID: userId,
			CreateTime: 1700000200,
			AgentID: wecomFixture.agentId,
		});
		await t.send(change('user05'), { times: 3 });
		await t.send(change('user06'), { times: 3 });
		expect(s.executions.map((e) => (e.items[0][0].json.message as { UserID: string }).UserID)).toEqual(['user05', 'user06']);
	});

	it.each([
		['signature', 401],
		['receiveId', 403],
		['key', 403],
	] as const)('refuses a callback forged by %s with %i and starts nothing', async (forge, status) => {
		const s = await serve();
		const result = await t.send(text('forged'), { forge });
		expect(result.status).toBe(status);
		expect(s.executions).toHaveLength(0);
		expect(result.body).not.toContain(wecomFixture.token);
	});

	it('refuses a replayed callback whose timestamp is stale, unless the check is off', async () => {
		const stale = Math.floor(Date.now() / 1000) - 3600;
		const s = await serve();
		const refused = await t.send(text('old'), { timestamp: stale });
		expect(refused.status).toBe(403);
		expect(s.executions).toHaveLength(0);
		await s.close();
		const lenient = await serve({ options: { maxAge: 0 } });
		const accepted = await t.send(text('old'), { timestamp: stale });
		expect(accepted.status).toBe(200);
		expect(lenient.executions).toHaveLength(1);
	});

	it('answers 400 to a malformed body and 401 to a missing signature', async () => {
		const s = await serve();
		const signature = wxSignature(wecomFixture.token, Math.floor(Date.now() / 1000), 'n', 'x');
		const query = `/?msg_signature=${signature}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=n`;
		// n8n's own XML body parser answers 422 before the node runs; sent as text/plain, the node answers 400.
		expect((await s.request('POST', query, '<xml><Encrypt>unterminated', { 'content-type': 'text/xml' })).status).toBe(422);
		expect((await s.request('POST', query, '<xml><Encrypt>unterminated', { 'content-type': 'text/plain' })).status).toBe(400);
		expect((await s.request('POST', query, '<xml><Other>1</Other></xml>', { 'content-type': 'text/xml' })).status).toBe(400);
		expect((await s.request('POST', '/', '<xml><Encrypt>abc</Encrypt></xml>', { 'content-type': 'text/xml' })).status).toBe(401);
		const dtd = '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>';
		expect((await s.request('POST', query, dtd, { 'content-type': 'text/plain' })).status).toBe(400);
		expect(s.executions).toHaveLength(0);
	});

	it('refuses an oversized body with 413', async () => {
		const s = await serve();
		const huge = `<xml><Encrypt>${'A'.repeat(1024 * 1024 + 10)}</Encrypt></xml>`;
		const response = await s.request('POST', '/?msg_signature=a&timestamp=1&nonce=b', huge, { 'content-type': 'text/xml' });
		expect(response.status).toBe(413);
		expect(s.executions).toHaveLength(0);
	});

	it('emits only the chosen message types but still acknowledges the rest', async () => {
		const s = await serve({ messageTypes: ['text', 'event:click'] });
		const image = { FromUserName: 'user01', MsgType: 'image', PicUrl: 'http://x/p.jpg', MediaId: 'm1', MsgId: String(++msgCounter), AgentID: 1 };
		expect((await t.send(image)).status).toBe(200);
		const click = { FromUserName: 'user01', MsgType: 'event', Event: 'click', EventKey: 'MENU_1', AgentID: 1 };
		await t.send(click);
		const view = { FromUserName: 'user01', MsgType: 'event', Event: 'view', EventKey: 'http://x', AgentID: 1 };
		await t.send(view);
		expect(s.executions).toHaveLength(1);
		expect(s.executions[0].items[0][0].json).toMatchObject({ event: 'click', eventKey: 'MENU_1' });
	});

	it('reads the credential once for many callbacks (the ack path stays cheap)', async () => {
		const s = await serve();
		for (let i = 0; i < 5; i++) await t.send(text(`m${i}`));
		expect(s.executions).toHaveLength(5);
		expect(s.credentialsHelper.reads.filter((r) => (typeof r === 'string' ? r : (r as { type: string }).type) === 'weComApi')).toHaveLength(1);
	});
});
