/**
 * The WeChat KF emulator over HTTP: gettoken with the KF Secret, sync_msg paging (cursors,
 * has_more, empty pages, the 3-day window, the 10-minute callback Token), send_msg's session,
 * 48-hour and 5-message rules, single-use welcome codes, session states, accounts, servicers,
 * customers, media and the kf_msg_or_event callback it sends.
 */
import { createServer, type IncomingMessage } from 'http';
import type { AddressInfo } from 'net';
import { wxDecrypt, wxSignature } from '../../nodes/shared/crypto';
import { kfFixture } from './fixtures';
import { startEmulator, type Emulator } from './server';
import { getJson, postJson, upload, type Json } from './testUtils';
import { parseFlatXml } from './xml';

const KF = kfFixture.openKfId;
const USER = kfFixture.externalUserId;
let emu: Emulator;
let token: string;

beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(async () => {
	emu.reset();
	token = await kfToken();
});

async function kfToken(secret: string = kfFixture.secret): Promise<string> {
	const answer = await getJson(`${emu.url}/kf/cgi-bin/gettoken?corpid=${kfFixture.corpId}&corpsecret=${encodeURIComponent(secret)}`);
	if (answer.errcode !== 0) throw new Error(JSON.stringify(answer));
	return answer.access_token as string;
}

const url = (path: string, query: Record<string, string> = {}) =>
	`${emu.url}/kf${path}?${new URLSearchParams({ access_token: token, ...query })}`;
const post = (path: string, body: unknown) => postJson(url(path), body);
const sync = (body: Json = {}) => post('/cgi-bin/kf/sync_msg', { open_kfid: KF, ...body });
const sendText = (content: string, extra: Json = {}) =>
	post('/cgi-bin/kf/send_msg', { touser: USER, open_kfid: KF, msgtype: 'text', text: { content }, ...extra });

/** A callback Token as the platform hands it out with kf_msg_or_event. */
function callbackToken(): string {
	const t = `ENCtest${Math.random().toString(36).slice(2)}`;
	emu.kf.corp().callbackTokens.set(t, { expiresAt: emu.core.now() + 10 * 60 * 1000, open_kfid: KF });
	return t;
}

describe('gettoken', () => {
	it('issues a token for the KF Secret and refuses another', async () => {
		expect(emu.tokenCalls('kf', `${kfFixture.corpId}/${kfFixture.secret}`)).toBe(1);
		const wrong = await getJson(`${emu.url}/kf/cgi-bin/gettoken?corpid=${kfFixture.corpId}&corpsecret=nope`);
		expect(wrong.errcode).toBe(40001);
		const other = await getJson(`${emu.url}/kf/cgi-bin/gettoken?corpid=ww_other&corpsecret=x`);
		expect(other.errcode).toBe(40013);
	});

	it('answers 40014 without a valid access token', async () => {
		const answer = await postJson(`${emu.url}/kf/cgi-bin/kf/account/list?access_token=forged`, {});
		expect(answer.errcode).toBe(40014);
	});
});

describe('sync_msg', () => {
	it('pages with cursor and has_more, and returns what the customer wrote in order', async () => {
		for (let i = 0; i < 5; i++) emu.kf.customerSays({ content: `m${i}` });
		emu.kf.pageSize(2);
		const t = callbackToken();
		const contents: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		for (;;) {
			const page = await sync({ token: t, ...(cursor ? { cursor } : {}) });
			expect(page.errcode).toBe(0);
			pages++;
			contents.push(...(page.msg_list as Json[]).map((m) => m.text.content));
			cursor = page.next_cursor;
			if (!page.has_more) break;
		}
		expect(contents).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
		expect(pages).toBe(3);
		expect((await sync({ token: t, cursor })).msg_list).toEqual([]);
	});

	it('answers empty pages that still say has_more, with a new cursor each', async () => {
		emu.kf.customerSays({ content: 'after the empty pages' });
		emu.kf.emptyPages(2);
		const t = callbackToken();
		const first = await sync({ token: t });
		const second = await sync({ token: t, cursor: first.next_cursor });
		expect([first.msg_list, first.has_more, second.msg_list, second.has_more]).toEqual([[], 1, [], 1]);
		expect(second.next_cursor).not.toBe(first.next_cursor);
		const third = await sync({ token: t, cursor: second.next_cursor });
		expect(third.msg_list.map((m: Json) => m.text.content)).toEqual(['after the empty pages']);
		expect(third.has_more).toBe(0);
	});

	it('keeps only the last 3 days without a cursor, and filters by open_kfid', async () => {
		emu.kf.customerSays({ content: 'old', sendTime: Math.floor(Date.now() / 1000) - 4 * 24 * 3600 });
		emu.kf.customerSays({ content: 'here' });
		emu.kf.customerSays({ content: 'other account', openKfId: kfFixture.secondOpenKfId });
		const page = await sync({ token: callbackToken() });
		expect(page.msg_list.map((m: Json) => m.text.content)).toEqual(['here']);
		expect(page.msg_list[0]).toMatchObject({ open_kfid: KF, external_userid: USER, origin: 3, msgtype: 'text' });
	});

	it('refuses an expired callback Token, a forged cursor and an unknown account', async () => {
		const t = callbackToken();
		emu.advanceClock(11 * 60);
		expect((await sync({ token: t })).errcode).toBe(40058);
		expect((await sync({ token: 'ENCnever-issued' })).errcode).toBe(40058);
		expect((await sync({ cursor: 'not-a-cursor' })).errcode).toBe(40058);
		expect((await sync({ open_kfid: 'wkUnknownAccount0000' })).errcode).toBe(95004);
		expect((await sync({ open_kfid: 'x' })).errcode).toBe(95000);
	});

	it('limits calls without a Token strictly (45009 after 30 a minute)', async () => {
		for (let i = 0; i < 30; i++) expect((await sync()).errcode).toBe(0);
		expect((await sync()).errcode).toBe(45009);
		expect((await sync({ token: callbackToken() })).errcode).toBe(0);
	});
});

describe('send_msg', () => {
	it('sends while the session is new, records it, and returns the msgid given', async () => {
		emu.kf.customerSays({ content: 'hi' });
		const answer = await sendText('hello', { msgid: 'my-msg-1' });
		expect(answer).toMatchObject({ errcode: 0, msgid: 'my-msg-1' });
		expect(emu.kf.messages).toMatchObject([{ kind: 'send', open_kfid: KF, to: USER, msgtype: 'text', payload: { content: 'hello' } }]);
		expect((await sendText('again', { msgid: 'my-msg-1' })).errcode).toBe(40058);
		expect(emu.kf.messages).toHaveLength(1);
	});

	it('allows 5 messages after a customer message, then 95001 until the customer writes again', async () => {
		emu.kf.customerSays({ content: 'hi' });
		for (let i = 0; i < 5; i++) expect((await sendText(`r${i}`)).errcode).toBe(0);
		expect((await sendText('sixth')).errcode).toBe(95001);
		emu.kf.customerSays({ content: 'more' });
		expect((await sendText('allowed again')).errcode).toBe(0);
	});

	it('refuses after 48 hours, or reports it as msg_send_fail with fail_type 4 and 6', async () => {
		const second = kfFixture.customers[1].external_userid;
		emu.kf.customerSays({ content: 'hi' });
		emu.advanceClock(48 * 3600 + 1);
		token = await kfToken();
		expect((await sendText('late')).errcode).toBe(95001);
		emu.kf.sendLimits('event');
		const late = await sendText('late, accepted');
		expect(late.errcode).toBe(0);
		emu.kf.customerSays({ content: 'again', externalUserId: second });
		for (let i = 0; i < 5; i++) expect((await sendText(`r${i}`, { touser: second })).errcode).toBe(0);
		const over = await sendText('sixth', { touser: second });
		const page = await post('/cgi-bin/kf/sync_msg', { token: callbackToken() });
		const events = page.msg_list.filter((m: Json) => m.msgtype === 'event');
		expect(events.map((m: Json) => [m.origin, m.event.event_type, m.event.external_userid, m.event.fail_type, m.event.fail_msgid])).toEqual([
			[4, 'msg_send_fail', USER, 4, late.msgid],
			[4, 'msg_send_fail', second, 6, over.msgid],
		]);
		expect(emu.kf.messages.map((m) => (m.payload as Json).content)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
	});

	it('answers 95018 while a servicer has the session, and checks ids and content', async () => {
		emu.kf.customerSays({ content: 'hi' });
		expect((await post('/cgi-bin/kf/service_state/trans', { open_kfid: KF, external_userid: USER, service_state: 3, servicer_userid: 'user01' })).errcode).toBe(0);
		expect((await sendText('bot reply')).errcode).toBe(95018);
		expect((await sendText('x', { open_kfid: 'wkUnknownAccount0000' })).errcode).toBe(95004);
		expect((await sendText('x', { touser: 'wmNobody' })).errcode).toBe(40096);
		expect((await sendText('x'.repeat(2049))).errcode).toBe(45002);
		expect((await post('/cgi-bin/kf/send_msg', { touser: USER, open_kfid: KF, msgtype: 'news', news: {} })).errcode).toBe(95007);
		const menu = (list: unknown[]) => post('/cgi-bin/kf/send_msg', { touser: USER, open_kfid: KF, msgtype: 'msgmenu', msgmenu: { list } });
		expect((await menu([])).errcode).toBe(95008);
		expect((await menu([{ type: 'bogus' }])).errcode).toBe(95009);
	});
});

describe('send_msg_on_event', () => {
	it('takes a welcome code once, within 20 seconds', async () => {
		const event = emu.kf.enterSession({ scene: 'spring' });
		const code = (event.event as Json).welcome_code as string;
		const send = () => post('/cgi-bin/kf/send_msg_on_event', { code, msgtype: 'text', text: { content: '欢迎' } });
		expect(await send()).toMatchObject({ errcode: 0, msgid: expect.any(String) });
		expect((await send()).errcode).toBe(40058);
		expect(emu.kf.messages).toMatchObject([{ kind: 'event', to: USER, code, payload: { content: '欢迎' } }]);
		const late = (emu.kf.enterSession({}).event as Json).welcome_code;
		emu.advanceClock(21);
		expect((await post('/cgi-bin/kf/send_msg_on_event', { code: late, msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40058);
		expect((await post('/cgi-bin/kf/send_msg_on_event', { code: 'forged', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40058);
	});
});

describe('session state', () => {
	const trans = (service_state: number, extra: Json = {}) =>
		post('/cgi-bin/kf/service_state/trans', { open_kfid: KF, external_userid: USER, service_state, ...extra });
	const get = () => post('/cgi-bin/kf/service_state/get', { open_kfid: KF, external_userid: USER });

	it('moves new → bot → servicer → ended, with msg_codes, and refuses what the table forbids', async () => {
		expect((await get()).service_state).toBe(4);
		expect((await trans(1)).errcode).toBe(95016);
		emu.kf.customerSays({ content: 'hi' });
		expect((await get()).service_state).toBe(0);
		expect(await trans(1)).toEqual({ errcode: 0, errmsg: 'ok' });
		expect((await trans(3, { servicer_userid: 'user05' })).errcode).toBe(95014);
		const toServicer = await trans(3, { servicer_userid: 'user01' });
		expect(toServicer.msg_code).toEqual(expect.any(String));
		expect(await get()).toMatchObject({ service_state: 3, servicer_userid: 'user01' });
		expect((await trans(1)).errcode).toBe(95016);
		const ended = await trans(4);
		expect(ended.msg_code).toEqual(expect.any(String));
		const reply = await post('/cgi-bin/kf/send_msg_on_event', { code: ended.msg_code, msgtype: 'text', text: { content: '再见' } });
		expect(reply.errcode).toBe(0);
		// The servicer's code was for state 3: the session has moved on.
		expect((await post('/cgi-bin/kf/send_msg_on_event', { code: toServicer.msg_code, msgtype: 'text', text: { content: 'x' } })).errcode).toBe(95018);
	});
});

describe('accounts, servicers, customers, media', () => {
	async function image(): Promise<string> {
		const answer = await upload(url('/cgi-bin/media/upload', { type: 'image' }), Buffer.from('png bytes here'), 'a.png', 'image/png');
		expect(answer.errcode).toBe(0);
		return answer.media_id as string;
	}

	it('adds, lists, updates and deletes accounts; gives a contact link', async () => {
		const media_id = await image();
		expect((await post('/cgi-bin/kf/account/add', { name: '一二三四五六七八九十一二三四五六七', media_id })).errcode).toBe(95006);
		const added = await post('/cgi-bin/kf/account/add', { name: '新客服', media_id });
		expect(added.open_kfid).toMatch(/^wk/);
		const list = await post('/cgi-bin/kf/account/list', { offset: 0, limit: 100 });
		expect(list.account_list.map((a: Json) => a.name)).toEqual(['模拟客服', '售后客服', '新客服']);
		expect((await post('/cgi-bin/kf/account/list', { offset: 0, limit: 101 })).errcode).toBe(40058);
		expect((await post('/cgi-bin/kf/account/update', { open_kfid: added.open_kfid, name: '改名' })).errcode).toBe(0);
		const link = await post('/cgi-bin/kf/add_contact_way', { open_kfid: KF, scene: 'spring_sale' });
		expect(link.url).toMatch(/^https:\/\/work\.weixin\.qq\.com\/kfid\/kfc\w+\?enc_scene=/);
		expect((await post('/cgi-bin/kf/add_contact_way', { open_kfid: KF, scene: 'no spaces' })).errcode).toBe(40058);
		expect((await post('/cgi-bin/kf/account/del', { open_kfid: added.open_kfid })).errcode).toBe(0);
		expect((await post('/cgi-bin/kf/account/del', { open_kfid: added.open_kfid })).errcode).toBe(95004);
	});

	it('adds and removes servicers with a result per user', async () => {
		const added = await post('/cgi-bin/kf/servicer/add', { open_kfid: KF, userid_list: ['user03', 'ghost'], department_id_list: [1] });
		expect(added.result_list).toEqual([
			{ userid: 'user03', errcode: 0, errmsg: 'success' },
			{ userid: 'ghost', errcode: 60111, errmsg: 'userid not found' },
			{ department_id: 1, errcode: 0, errmsg: 'success' },
		]);
		const list = await getJson(url('/cgi-bin/kf/servicer/list', { open_kfid: KF }));
		expect(list.servicer_list).toEqual([
			{ userid: 'user01', status: 0 },
			{ userid: 'user02', status: 0 },
			{ userid: 'user03', status: 0 },
			{ department_id: 1 },
		]);
		const removed = await post('/cgi-bin/kf/servicer/del', { open_kfid: KF, userid_list: ['user03', 'user04'] });
		expect(removed.result_list.map((r: Json) => r.errcode)).toEqual([0, 95014]);
	});

	it('gets customers in batches and names the unknown ones', async () => {
		emu.kf.enterSession({ scene: 'qr', sceneParam: 'shop=1' });
		const answer = await post('/cgi-bin/kf/customer/batchget', { external_userid_list: [USER, 'wmNobody'], need_enter_session_context: 1 });
		expect(answer.customer_list).toEqual([
			expect.objectContaining({ external_userid: USER, nickname: '微信客户1', enter_session_context: { scene: 'qr', scene_param: 'shop=1' } }),
		]);
		expect(answer.invalid_external_userid).toEqual(['wmNobody']);
	});

	it('stores media for the KF token and gives it back', async () => {
		const media_id = await image();
		const response = await fetch(url('/cgi-bin/media/get', { media_id }));
		expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('png bytes here');
		expect(response.headers.get('content-disposition')).toBe('attachment; filename="a.png"');
	});
});

describe('the kf_msg_or_event callback', () => {
	it('is encrypted for the corp, signed, and carries a Token sync_msg accepts', async () => {
		const received: Array<{ query: URLSearchParams; body: string }> = [];
		const server = createServer((req: IncomingMessage, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ query: new URL(req.url ?? '/', 'http://x').searchParams, body });
				res.end('');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		try {
			emu.kf.customerSays({ content: 'ping' });
			const result = await emu.kf.sendCallback({ url: target });
			expect(result.status).toBe(200);
			const [{ query, body }] = received;
			const envelope = parseFlatXml(body);
			expect(wxSignature(kfFixture.token, query.get('timestamp')!, query.get('nonce')!, envelope.Encrypt)).toBe(query.get('msg_signature'));
			const plain = parseFlatXml(wxDecrypt(kfFixture.encodingAesKey, envelope.Encrypt, kfFixture.corpId).message);
			expect(plain).toMatchObject({ ToUserName: kfFixture.corpId, MsgType: 'event', Event: 'kf_msg_or_event', OpenKfId: KF, Token: result.token });
			const page = await sync({ token: plain.Token });
			expect(page.msg_list.map((m: Json) => m.text.content)).toEqual(['ping']);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
