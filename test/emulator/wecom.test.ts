import { createHash } from 'crypto';
import { startEmulator, type Emulator } from './server';
import { wecomFixture } from './fixtures';
import { getJson, postJson, upload, wecomToken, wecomUrl, type Json } from './testUtils';

const AGENT = wecomFixture.agentId;
const CORP = wecomFixture.corpId;

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
	token = await wecomToken(emu);
});

const send = (body: Json, t = token) => postJson(wecomUrl(emu, '/cgi-bin/message/send', t), body);
const text = (content: string, extra: Json = {}) => ({ touser: 'user01', msgtype: 'text', agentid: AGENT, text: { content }, ...extra });

async function uploadMedia(type: string, data: Buffer = Buffer.from('some media bytes'), filename = 'a.bin'): Promise<string> {
	const answer = await upload(wecomUrl(emu, '/cgi-bin/media/upload', token, { type }), data, filename);
	expect(answer.errcode).toBe(0);
	return answer.media_id as string;
}

describe('gettoken', () => {
	const gettoken = (query: string) => getJson(`${emu.url}/wecom/cgi-bin/gettoken?${query}`);

	it('issues a token with expires_in 7200 and counts the call per corp and per secret', async () => {
		emu.reset();
		const answer = await gettoken(`corpid=${CORP}&corpsecret=${wecomFixture.corpSecret}`);
		expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
		expect(typeof answer.access_token).toBe('string');
		expect(emu.tokenCalls('wecom', CORP)).toBe(1);
		expect(emu.tokenCalls('wecom', `${CORP}/${wecomFixture.corpSecret}`)).toBe(1);
		expect(emu.tokenCalls('wecom')).toBe(1);
	});

	it.each([
		['corpsecret=x', 41002],
		[`corpid=nope&corpsecret=${wecomFixture.corpSecret}`, 40013],
		[`corpid=${CORP}`, 41004],
		[`corpid=${CORP}&corpsecret=wrong`, 40001],
	])('%s answers errcode %d with HTTP 200', async (query, code) => {
		const res = await fetch(`${emu.url}/wecom/cgi-bin/gettoken?${query}`);
		expect(res.status).toBe(200);
		const answer = (await res.json()) as Json;
		expect(answer.errcode).toBe(code);
		expect(answer.access_token).toBeUndefined();
		expect(answer.errmsg).toContain(`devtool/query?e=${code}`);
	});

	it('keeps the previous token valid when a new one is issued', async () => {
		const second = await wecomToken(emu);
		expect(second).not.toBe(token);
		for (const t of [token, second]) {
			expect((await getJson(wecomUrl(emu, '/cgi-bin/agent/get', t, { agentid: String(AGENT) }))).errcode).toBe(0);
		}
	});

	it('rejects a token after expires_in with 42001, and the app TTL is configurable', async () => {
		emu.advanceClock(7199);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', token))).errcode).toBe(0);
		emu.advanceClock(2);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', token))).errcode).toBe(42001);

		emu.wecom.addApp({ corpId: 'ww_short', corpSecret: 's', agentId: 7, token: 't', encodingAesKey: wecomFixture.encodingAesKey, tokenTtl: 2 });
		const answer = await getJson(`${emu.url}/wecom/cgi-bin/gettoken?corpid=ww_short&corpsecret=s`);
		expect(answer.expires_in).toBe(2);
		emu.advanceClock(2);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', answer.access_token))).errcode).toBe(42001);
	});

	it('answers 41001 without a token and 40014 for an unknown or revoked one', async () => {
		expect((await getJson(`${emu.url}/wecom/cgi-bin/tag/list`)).errcode).toBe(41001);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', 'made-up'))).errcode).toBe(40014);
		expect(emu.revokeTokens('wecom')).toBeGreaterThan(0);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', token))).errcode).toBe(40014);
		const fresh = await wecomToken(emu);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', fresh))).errcode).toBe(0);
	});

	it('expireTokens makes live tokens answer 42001', async () => {
		emu.expireTokens('wecom');
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/list', token))).errcode).toBe(42001);
	});

	it('does not accept a WeCom token on the Official Account API', async () => {
		const answer = await getJson(`${emu.url}/oa/cgi-bin/get_api_domain_ip?access_token=${token}`);
		expect(answer.errcode).toBe(40001);
	});
});

describe('agent/get', () => {
	it('describes the app of the token', async () => {
		const answer = await getJson(wecomUrl(emu, '/cgi-bin/agent/get', token, { agentid: String(AGENT) }));
		expect(answer).toMatchObject({ errcode: 0, agentid: AGENT, name: wecomFixture.name, close: 0 });
		expect(answer.allow_userinfos.user).toHaveLength(25);
	});

	it('answers 40056 for an unknown agent, 301002 for another app of the corp, 41011 without one', async () => {
		expect((await getJson(wecomUrl(emu, '/cgi-bin/agent/get', token, { agentid: '999' }))).errcode).toBe(40056);
		emu.wecom.addApp({ corpId: CORP, corpSecret: 'other', agentId: 1000009, token: 't', encodingAesKey: wecomFixture.encodingAesKey });
		expect((await getJson(wecomUrl(emu, '/cgi-bin/agent/get', token, { agentid: '1000009' }))).errcode).toBe(301002);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/agent/get', token))).errcode).toBe(41011);
	});
});

describe('message/send', () => {
	it('sends text, reports unknown recipients lower-cased and records the message', async () => {
		const answer = await send(text('hello', { touser: 'user01|Ghost|USER02', toparty: '3|77', totag: '1|42' }));
		expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok', invaliduser: 'ghost', invalidparty: '77', invalidtag: '42', unlicenseduser: '' });
		expect(typeof answer.msgid).toBe('string');
		const [message] = emu.wecom.messages;
		expect(message).toMatchObject({ kind: 'app', agentid: AGENT, msgtype: 'text', msgid: answer.msgid, payload: { content: 'hello' } });
		expect(message.to).toEqual({ touser: 'user01|Ghost|USER02', toparty: '3|77', totag: '1|42' });
		// Party 3 has user16..user25 and user01; tag 1 adds user02 and party 3 again.
		expect(new Set(message.recipients)).toEqual(new Set(['user01', 'user02', ...Array.from({ length: 10 }, (_, i) => `user${16 + i}`)]));
	});

	it('expands @all to every member and ignores toparty/totag then', async () => {
		const answer = await send(text('all', { touser: '@all', toparty: '999' }));
		expect(answer.invalidparty).toBe('');
		expect(emu.wecom.messages[0].recipients).toHaveLength(25);
	});

	it('expands a department to its sub-departments', async () => {
		await send(text('dev', { touser: undefined, toparty: '2' }));
		// Department 4 is under 2: user01..user15.
		expect(emu.wecom.messages[0].recipients).toHaveLength(15);
	});

	it('answers 81013 when no recipient is valid and 82001 when none is given', async () => {
		expect((await send(text('x', { touser: 'ghost' }))).errcode).toBe(81013);
		expect((await send({ msgtype: 'text', agentid: AGENT, text: { content: 'x' } })).errcode).toBe(82001);
		expect(emu.wecom.messages).toHaveLength(0);
	});

	it('checks agentid against the token', async () => {
		expect((await send(text('x', { agentid: undefined }))).errcode).toBe(41011);
		expect((await send(text('x', { agentid: 1 }))).errcode).toBe(40056);
		expect((await send(text('x', { agentid: String(AGENT) }))).errcode).toBe(0);
	});

	it('truncates text over 2048 bytes at a character boundary and flags it', async () => {
		const content = '中'.repeat(700); // 2100 bytes
		expect((await send(text(content))).errcode).toBe(0);
		const message = emu.wecom.messages[0];
		expect(message.truncated).toBe(true);
		expect(message.payload.content).toBe('中'.repeat(682));
	});

	it('refuses empty text, unknown msgtypes and over-long markdown', async () => {
		expect((await send(text(''))).errcode).toBe(44004);
		expect((await send({ touser: 'user01', msgtype: 'fax', agentid: AGENT, fax: {} })).errcode).toBe(40008);
		const markdown = (content: string) => ({ touser: 'user01', msgtype: 'markdown', agentid: AGENT, markdown: { content } });
		expect((await send(markdown('a'.repeat(2048)))).errcode).toBe(0);
		expect((await send(markdown('a'.repeat(2049)))).errcode).toBe(45002);
	});

	it('needs an uploaded media id of the right type for image, voice, video and file', async () => {
		const image = await uploadMedia('image');
		const voice = await uploadMedia('voice');
		const media = (msgtype: string, mediaId?: string) => ({ touser: 'user01', msgtype, agentid: AGENT, [msgtype]: { media_id: mediaId } });
		expect((await send(media('image', image))).errcode).toBe(0);
		expect((await send(media('voice', voice))).errcode).toBe(0);
		expect((await send(media('image', voice))).errcode).toBe(40007);
		expect((await send(media('file', 'never-uploaded'))).errcode).toBe(40007);
		expect((await send(media('video'))).errcode).toBe(41006);
	});

	it('validates textcard fields', async () => {
		const card = (textcard: Json) => ({ touser: 'user01', msgtype: 'textcard', agentid: AGENT, textcard });
		expect((await send(card({ description: 'd', url: 'https://x' }))).errcode).toBe(41016);
		expect((await send(card({ title: 't', url: 'https://x' }))).errcode).toBe(41033);
		expect((await send(card({ title: 't', description: 'd' }))).errcode).toBe(41010);
		expect((await send(card({ title: 't', description: 'd', url: 'https://x', btntxt: 'More' }))).errcode).toBe(0);
	});

	it('allows 1..8 news articles', async () => {
		const article = { title: 't', url: 'https://example.com' };
		const news = (n: number) => ({ touser: 'user01', msgtype: 'news', agentid: AGENT, news: { articles: Array(n).fill(article) } });
		expect((await send(news(8))).errcode).toBe(0);
		expect((await send(news(9))).errcode).toBe(45008);
		expect((await send(news(0))).errcode).toBe(41016);
		expect((await send({ ...news(1), news: { articles: [{ title: 't' }] } })).errcode).toBe(41010);
	});

	it('checks mpnews articles and their thumb_media_id', async () => {
		const thumb = await uploadMedia('image');
		const mpnews = (articles: Json[]) => ({ touser: 'user01', msgtype: 'mpnews', agentid: AGENT, mpnews: { articles } });
		expect((await send(mpnews([{ title: 't', thumb_media_id: thumb, content: '<p>x</p>' }]))).errcode).toBe(0);
		expect((await send(mpnews([{ title: 't', thumb_media_id: 'nope', content: 'x' }]))).errcode).toBe(40007);
		expect((await send(mpnews(Array(9).fill({ title: 't', thumb_media_id: thumb, content: 'x' })))).errcode).toBe(45008);
	});

	it('checks miniprogram_notice and template_card, returning response_code for interactive cards', async () => {
		const notice = (n: Json) => ({ touser: 'user01', msgtype: 'miniprogram_notice', agentid: AGENT, miniprogram_notice: n });
		expect((await send(notice({ title: 't' }))).errcode).toBe(90200);
		expect((await send(notice({ appid: 'wx1', title: 't', content_item: Array(11).fill({ key: 'k', value: 'v' }) }))).errcode).toBe(90201);
		expect((await send(notice({ appid: 'wx1', title: 't' }))).errcode).toBe(0);

		const card = (c: Json) => ({ touser: 'user01', msgtype: 'template_card', agentid: AGENT, template_card: c });
		expect((await send(card({ card_type: 'bogus' }))).errcode).toBe(40058);
		const textNotice = await send(card({ card_type: 'text_notice', main_title: { title: 'hi' }, card_action: { type: 1, url: 'https://x' } }));
		expect(textNotice.errcode).toBe(0);
		expect(textNotice.response_code).toBeUndefined();
		const buttons = await send(card({ card_type: 'button_interaction', task_id: 'task1', main_title: { title: 'hi' }, button_list: [{ text: 'ok', key: 'k' }] }));
		expect(buttons.errcode).toBe(0);
		expect(typeof buttons.response_code).toBe('string');
		expect(emu.wecom.messages.at(-1)?.response_code).toBe(buttons.response_code);
	});

	it('recalls a sent message once', async () => {
		const { msgid } = await send(text('oops'));
		const recall = () => postJson(wecomUrl(emu, '/cgi-bin/message/recall', token), { msgid });
		expect((await recall()).errcode).toBe(0);
		expect(emu.wecom.messages[0].recalledAt).toBeDefined();
		expect((await recall()).errcode).toBe(40058);
		expect((await postJson(wecomUrl(emu, '/cgi-bin/message/recall', token), { msgid: 'unknown' })).errcode).toBe(40058);
	});

	it('will not recall a message older than 24 hours', async () => {
		const { msgid } = await send(text('old'));
		emu.advanceClock(24 * 3600 + 1);
		const fresh = await wecomToken(emu);
		expect((await postJson(wecomUrl(emu, '/cgi-bin/message/recall', fresh), { msgid })).errcode).toBe(40058);
		expect(emu.wecom.messages[0].recalledAt).toBeUndefined();
	});

	it('answers a malformed JSON body with 40058 and the wrong-json warning', async () => {
		const answer = await postJson(wecomUrl(emu, '/cgi-bin/message/send', token), '{"touser": ');
		expect(answer.errcode).toBe(40058);
		expect(answer.errmsg).toContain('wrong json format');
	});
});

describe('appchat', () => {
	const create = (body: Json) => postJson(wecomUrl(emu, '/cgi-bin/appchat/create', token), body);

	it('creates, reads, updates and sends to a chat', async () => {
		const created = await create({ name: '项目群', owner: 'user02', userlist: ['user01', 'user02', 'user03'], chatid: 'chat01' });
		expect(created).toMatchObject({ errcode: 0, chatid: 'chat01' });
		const got = await getJson(wecomUrl(emu, '/cgi-bin/appchat/get', token, { chatid: 'chat01' }));
		expect(got.chat_info).toMatchObject({ chatid: 'chat01', name: '项目群', owner: 'user02', userlist: ['user01', 'user02', 'user03'] });

		const updated = await postJson(wecomUrl(emu, '/cgi-bin/appchat/update', token), {
			chatid: 'chat01',
			name: '新名字',
			owner: 'user04',
			add_user_list: ['user04'],
			del_user_list: ['user01'],
		});
		expect(updated.errcode).toBe(0);
		const after = await getJson(wecomUrl(emu, '/cgi-bin/appchat/get', token, { chatid: 'chat01' }));
		expect(after.chat_info).toMatchObject({ name: '新名字', owner: 'user04', userlist: ['user02', 'user03', 'user04'] });

		const sent = await postJson(wecomUrl(emu, '/cgi-bin/appchat/send', token), { chatid: 'chat01', msgtype: 'text', text: { content: 'hi' } });
		expect(sent.errcode).toBe(0);
		expect(emu.wecom.messages[0]).toMatchObject({ kind: 'appchat', chatid: 'chat01', recipients: ['user02', 'user03', 'user04'] });
	});

	it('generates a chatid when none is given', async () => {
		const created = await create({ userlist: ['user01', 'user02'] });
		expect(created.chatid).toMatch(/^[0-9a-zA-Z]{1,32}$/);
		expect(emu.wecom.chat(CORP, created.chatid)?.owner).toBe('user01');
	});

	it('validates members, owner and chatid', async () => {
		expect((await create({ userlist: ['user01'] })).errcode).toBe(86006);
		expect((await create({ userlist: ['user01', 'ghost'] })).errcode).toBe(86216);
		expect((await create({ userlist: ['user01', 'user02'], owner: 'user03' })).errcode).toBe(86207);
		expect((await create({ userlist: ['user01', 'user02'], chatid: 'bad-id!' })).errcode).toBe(86001);
		expect((await create({ userlist: ['user01', 'user02'], chatid: 'dup' })).errcode).toBe(0);
		expect((await create({ userlist: ['user01', 'user02'], chatid: 'dup' })).errcode).toBe(86215);
	});

	it('answers 86003 for an unknown chat and 86008 for another app’s chat', async () => {
		expect((await getJson(wecomUrl(emu, '/cgi-bin/appchat/get', token, { chatid: 'nope' }))).errcode).toBe(86003);
		const send = await postJson(wecomUrl(emu, '/cgi-bin/appchat/send', token), { chatid: 'nope', msgtype: 'text', text: { content: 'x' } });
		expect(send.errcode).toBe(86003);
		await create({ userlist: ['user01', 'user02'], chatid: 'mine' });
		emu.wecom.addApp({ corpId: CORP, corpSecret: 'second', agentId: 1000010, token: 't', encodingAesKey: wecomFixture.encodingAesKey });
		const other = await wecomToken(emu, CORP, 'second');
		expect((await getJson(wecomUrl(emu, '/cgi-bin/appchat/get', other, { chatid: 'mine' }))).errcode).toBe(86008);
	});

	it('refuses card types and over-long text in a chat', async () => {
		await create({ userlist: ['user01', 'user02'], chatid: 'c1' });
		const chatSend = (body: Json) => postJson(wecomUrl(emu, '/cgi-bin/appchat/send', token), { chatid: 'c1', ...body });
		expect((await chatSend({ msgtype: 'template_card', template_card: { card_type: 'text_notice' } })).errcode).toBe(40008);
		expect((await chatSend({ msgtype: 'text', text: { content: 'a'.repeat(2049) } })).errcode).toBe(45002);
	});
});

describe('tags', () => {
	const tagUrl = (path: string, query?: Record<string, string>) => wecomUrl(emu, `/cgi-bin/tag/${path}`, token, query);

	it('creates, renames, lists, fills and deletes a tag', async () => {
		const created = await postJson(tagUrl('create'), { tagname: '客服' });
		expect(created).toMatchObject({ errcode: 0, errmsg: 'created', tagid: 2 });
		expect((await postJson(tagUrl('update'), { tagid: 2, tagname: '客服组' })).errmsg).toBe('updated');

		const added = await postJson(tagUrl('addtagusers'), { tagid: 2, userlist: ['user03', 'ghost'], partylist: [4, 99] });
		expect(added).toMatchObject({ errcode: 0, invalidlist: 'ghost', invalidparty: [99] });
		const got = await getJson(tagUrl('get', { tagid: '2' }));
		expect(got).toMatchObject({ errcode: 0, tagname: '客服组', userlist: [{ userid: 'user03', name: '测试成员03' }], partylist: [4] });

		const removed = await postJson(tagUrl('deltagusers'), { tagid: 2, userlist: ['user03'] });
		expect(removed).toMatchObject({ errcode: 0, errmsg: 'deleted' });
		expect(removed.invalidlist).toBeUndefined();
		expect((await getJson(tagUrl('get', { tagid: '2' }))).userlist).toEqual([]);

		const list = await getJson(tagUrl('list'));
		expect(list.taglist).toEqual([
			{ tagid: 1, tagname: '值班' },
			{ tagid: 2, tagname: '客服组' },
		]);
		expect((await getJson(tagUrl('delete', { tagid: '2' }))).errmsg).toBe('deleted');
		expect((await getJson(tagUrl('get', { tagid: '2' }))).errcode).toBe(40068);
	});

	it('validates names, ids and member lists', async () => {
		expect((await postJson(tagUrl('create'), { tagname: '值班' })).errcode).toBe(40071);
		expect((await postJson(tagUrl('create'), { tagname: 'x'.repeat(33) })).errcode).toBe(40072);
		expect((await postJson(tagUrl('create'), { tagname: 'a', tagid: 1 })).errcode).toBe(40068);
		expect((await postJson(tagUrl('create'), { tagname: 'a', tagid: 50 })).tagid).toBe(50);
		expect((await postJson(tagUrl('addtagusers'), { tagid: 50, userlist: ['ghost'] })).errcode).toBe(40070);
		expect((await postJson(tagUrl('addtagusers'), { tagid: 50 })).errcode).toBe(40035);
		expect((await postJson(tagUrl('addtagusers'), { tagid: 50, userlist: 'user01' })).errcode).toBe(40035);
		expect((await postJson(tagUrl('addtagusers'), { tagid: 404, userlist: ['user01'] })).errcode).toBe(40068);
	});

	it('lets only the creating app change an API-created tag', async () => {
		await postJson(tagUrl('create'), { tagname: 'mine', tagid: 9 });
		emu.wecom.addApp({ corpId: CORP, corpSecret: 'third', agentId: 1000011, token: 't', encodingAesKey: wecomFixture.encodingAesKey });
		const other = await wecomToken(emu, CORP, 'third');
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/delete', other, { tagid: '9' }))).errcode).toBe(81011);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/tag/get', other, { tagid: '9' }))).errcode).toBe(0);
	});

	it('reset removes API-created tags and restores the seeded ones', async () => {
		await postJson(tagUrl('create'), { tagname: 'temp' });
		await postJson(tagUrl('deltagusers'), { tagid: 1, userlist: ['user01'] });
		emu.reset();
		expect(emu.wecom.tags(CORP)).toEqual([{ tagid: 1, tagname: '值班', userlist: ['user01', 'user02'], partylist: [3] }]);
	});
});

describe('users', () => {
	it('gets a member, case-insensitively, and 60111 for an unknown one', async () => {
		const user = await getJson(wecomUrl(emu, '/cgi-bin/user/get', token, { userid: 'USER01' }));
		expect(user).toMatchObject({ errcode: 0, userid: 'user01', name: '测试成员01', department: [2, 3], main_department: 2 });
		expect((await getJson(wecomUrl(emu, '/cgi-bin/user/get', token, { userid: 'ghost' }))).errcode).toBe(60111);
	});

	it('pages user/list_id with a cursor until next_cursor is empty', async () => {
		const rows: Json[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const page = await postJson(wecomUrl(emu, '/cgi-bin/user/list_id', token), { cursor, limit: 10 });
			expect(page.errcode).toBe(0);
			expect(page.dept_user.length).toBeLessThanOrEqual(10);
			rows.push(...page.dept_user);
			cursor = page.next_cursor || undefined;
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		// user01 belongs to two departments, so 25 members make 26 rows, each seen once.
		expect(rows).toHaveLength(26);
		expect(new Set(rows.map((r) => `${r.userid}/${r.department}`)).size).toBe(26);
		expect(rows.filter((r) => r.userid === 'user01').map((r) => r.department)).toEqual([2, 3]);
	});

	it('rejects a limit outside 1..10000 and a forged cursor', async () => {
		expect((await postJson(wecomUrl(emu, '/cgi-bin/user/list_id', token), { limit: 0 })).errcode).toBe(40058);
		expect((await postJson(wecomUrl(emu, '/cgi-bin/user/list_id', token), { limit: 10001 })).errcode).toBe(40058);
		expect((await postJson(wecomUrl(emu, '/cgi-bin/user/list_id', token), { cursor: 'garbage' })).errcode).toBe(50100);
		const all = await postJson(wecomUrl(emu, '/cgi-bin/user/list_id', token), {});
		expect(all.dept_user).toHaveLength(26);
		expect(all.next_cursor).toBe('');
	});

	it('converts userid to openid and back', async () => {
		const { openid, errcode } = await postJson(wecomUrl(emu, '/cgi-bin/user/convert_to_openid', token), { userid: 'user05' });
		expect(errcode).toBe(0);
		expect(openid).toBe(emu.wecom.openidOf(CORP, 'user05'));
		const back = await postJson(wecomUrl(emu, '/cgi-bin/user/convert_to_userid', token), { openid });
		expect(back).toMatchObject({ errcode: 0, userid: 'user05' });
		expect((await postJson(wecomUrl(emu, '/cgi-bin/user/convert_to_openid', token), { userid: 'ghost' })).errcode).toBe(60111);
		expect((await postJson(wecomUrl(emu, '/cgi-bin/user/convert_to_userid', token), { openid: 'o-nope' })).errcode).toBe(40073);
	});
});

describe('media', () => {
	const uploadUrl = (type: string) => wecomUrl(emu, '/cgi-bin/media/upload', token, { type });

	it('round-trips bytes, filename and content type through upload and get', async () => {
		const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
		const uploaded = await upload(uploadUrl('file'), bytes, '报告.pdf', 'application/pdf');
		expect(uploaded).toMatchObject({ errcode: 0, type: 'file' });
		expect(uploaded.created_at).toMatch(/^\d+$/);
		const res = await fetch(wecomUrl(emu, '/cgi-bin/media/get', token, { media_id: uploaded.media_id }));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const disposition = Buffer.from(res.headers.get('content-disposition') ?? '', 'latin1').toString('utf8');
		expect(disposition).toBe('attachment; filename="报告.pdf"');
		expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
	});

	it('serves a byte range with 206', async () => {
		const { media_id } = await upload(uploadUrl('file'), Buffer.from('0123456789'), 'd.txt', 'text/plain');
		const res = await fetch(wecomUrl(emu, '/cgi-bin/media/get', token, { media_id }), { headers: { range: 'bytes=2-5' } });
		expect(res.status).toBe(206);
		expect(res.headers.get('content-range')).toBe('bytes 2-5/10');
		expect(await res.text()).toBe('2345');
	});

	it('answers an unknown media_id with JSON 40007 and a missing one with 41006', async () => {
		const res = await fetch(wecomUrl(emu, '/cgi-bin/media/get', token, { media_id: 'nope' }));
		expect(res.headers.get('content-type')).toContain('application/json');
		expect(((await res.json()) as Json).errcode).toBe(40007);
		expect((await getJson(wecomUrl(emu, '/cgi-bin/media/get', token))).errcode).toBe(41006);
	});

	it.each([
		['image', 10 * 1024 * 1024, 40009],
		['voice', 2 * 1024 * 1024, 40006],
		['video', 10 * 1024 * 1024, 40011],
		['file', 20 * 1024 * 1024, 40006],
	])('accepts a %s of exactly its cap (%d bytes) and refuses one byte more with %d', async (type, cap, code) => {
		const big = Buffer.alloc(cap + 1, 1);
		expect((await upload(uploadUrl(type), big, 'big')).errcode).toBe(code);
		expect((await upload(uploadUrl(type), big.subarray(0, cap), 'cap')).errcode).toBe(0);
	});

	it('refuses files under 5 bytes, unknown types and bodies without a media part', async () => {
		expect((await upload(uploadUrl('file'), Buffer.from('1234'), 'tiny')).errcode).toBe(40006);
		expect((await upload(uploadUrl('file'), Buffer.from('12345'), 'five')).errcode).toBe(0);
		expect((await upload(uploadUrl('gif'), Buffer.from('123456'), 'x')).errcode).toBe(40005);
		expect((await upload(uploadUrl('file'), Buffer.from('123456'), 'x', 'text/plain', 'file')).errcode).toBe(44001);
		const notMultipart = await postJson(uploadUrl('file'), { media: 'x' });
		expect(notMultipart.errcode).toBe(44001);
	});
});

describe('group robot', () => {
	const KEY = wecomFixture.robotKey;
	const robot = (body: Json, key = KEY) => postJson(`${emu.url}/wecom/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, body);

	it('sends text with mentions without an access token and records it', async () => {
		const answer = await robot({ msgtype: 'text', text: { content: 'hi', mentioned_list: ['@all'], mentioned_mobile_list: ['13800001111'] } });
		expect(answer).toEqual({ errcode: 0, errmsg: 'ok' });
		expect(emu.wecom.robotMessages[0]).toMatchObject({ kind: 'robot', robotKey: KEY, msgtype: 'text', payload: { content: 'hi', mentioned_list: ['@all'] } });
		expect(emu.messages('wecom', 'robot')).toHaveLength(1);
	});

	it('answers 93000 for an unknown or missing key', async () => {
		expect((await robot({ msgtype: 'text', text: { content: 'hi' } }, 'nope')).errcode).toBe(93000);
		expect((await postJson(`${emu.url}/wecom/cgi-bin/webhook/send`, { msgtype: 'text', text: { content: 'x' } })).errcode).toBe(93000);
	});

	it('limits text to 2048 and markdown to 4096 bytes', async () => {
		expect((await robot({ msgtype: 'text', text: { content: 'a'.repeat(2048) } })).errcode).toBe(0);
		expect((await robot({ msgtype: 'text', text: { content: 'a'.repeat(2049) } })).errcode).toBe(40058);
		expect((await robot({ msgtype: 'markdown', markdown: { content: '好'.repeat(1365) } })).errcode).toBe(0);
		const tooLong = await robot({ msgtype: 'markdown', markdown: { content: '好'.repeat(1366) } });
		expect(tooLong.errcode).toBe(40058);
		expect(tooLong.errmsg).toContain('markdown.content exceed max length 4096');
	});

	it('checks the image md5 against the decoded bytes and the 2 MB cap', async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
		const md5 = createHash('md5').update(png).digest('hex');
		expect((await robot({ msgtype: 'image', image: { base64: png.toString('base64'), md5 } })).errcode).toBe(0);
		const md5OfBase64 = createHash('md5').update(png.toString('base64')).digest('hex');
		expect((await robot({ msgtype: 'image', image: { base64: png.toString('base64'), md5: md5OfBase64 } })).errcode).toBe(301019);
		const big = Buffer.alloc(2 * 1024 * 1024 + 1);
		const bigMd5 = createHash('md5').update(big).digest('hex');
		expect((await robot({ msgtype: 'image', image: { base64: big.toString('base64'), md5: bigMd5 } })).errcode).toBe(40009);
	});

	it('allows 1..8 news articles', async () => {
		const articles = (n: number) => Array(n).fill({ title: 't', url: 'https://example.com', picurl: 'https://example.com/a.png' });
		expect((await robot({ msgtype: 'news', news: { articles: articles(8) } })).errcode).toBe(0);
		expect((await robot({ msgtype: 'news', news: { articles: articles(9) } })).errcode).toBe(45008);
	});

	it('sends a file uploaded through webhook/upload_media, but not an app media id', async () => {
		const uploaded = await upload(`${emu.url}/wecom/cgi-bin/webhook/upload_media?key=${KEY}&type=file`, Buffer.from('robot file'), 'r.txt');
		expect(uploaded).toMatchObject({ errcode: 0, type: 'file' });
		expect((await robot({ msgtype: 'file', file: { media_id: uploaded.media_id } })).errcode).toBe(0);
		const appMedia = await uploadMedia('file');
		expect((await robot({ msgtype: 'file', file: { media_id: appMedia } })).errcode).toBe(40007);
		expect((await upload(`${emu.url}/wecom/cgi-bin/webhook/upload_media?key=${KEY}&type=image`, Buffer.from('123456'), 'i.png')).errcode).toBe(40005);
		expect((await upload(`${emu.url}/wecom/cgi-bin/webhook/upload_media?key=nope&type=file`, Buffer.from('123456'), 'x')).errcode).toBe(93000);
	});

	it('accepts text_notice cards only', async () => {
		const card = { card_type: 'text_notice', main_title: { title: 't' }, card_action: { type: 1, url: 'https://x' } };
		expect((await robot({ msgtype: 'template_card', template_card: card })).errcode).toBe(0);
		expect((await robot({ msgtype: 'template_card', template_card: { ...card, card_type: 'button_interaction', task_id: 'a' } })).errcode).toBe(40058);
	});

	it('enforces 20 messages per minute per robot', async () => {
		for (let i = 0; i < 20; i++) expect((await robot({ msgtype: 'text', text: { content: `m${i}` } })).errcode).toBe(0);
		expect((await robot({ msgtype: 'text', text: { content: 'one too many' } })).errcode).toBe(45009);
		emu.advanceClock(60);
		expect((await robot({ msgtype: 'text', text: { content: 'next minute' } })).errcode).toBe(0);
		expect(emu.wecom.robotMessages).toHaveLength(21);
	});
});
