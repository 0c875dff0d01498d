import { wxDecrypt, wxSignature } from '../../nodes/shared/crypto';
import { encryptReply } from '../../nodes/shared/wechat/passiveReply';
import { readReply } from './platforms/officialAccount/callback';
import { startEmulator, type Emulator } from './server';
import { officialAccountFixture as OA } from './fixtures';
import { getJson, postJson, upload, type Json } from './testUtils';
import { parseFlatXml } from './xml';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => emu.reset());

const getToken = (query: Record<string, string> = {}) =>
	getJson(`${emu.url}/oa/cgi-bin/token?${new URLSearchParams({ grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret, ...query })}`);
const stable = (body: Json = {}) =>
	postJson(`${emu.url}/oa/cgi-bin/stable_token`, { grant_type: 'client_credential', appid: OA.appId, secret: OA.appSecret, ...body });
const domainIp = (token: string) => getJson(`${emu.url}/oa/cgi-bin/get_api_domain_ip?access_token=${encodeURIComponent(token)}`);

describe('GET /cgi-bin/token', () => {
	it('issues a token without errcode and counts the call', async () => {
		const answer = await getToken();
		expect(Object.keys(answer).sort()).toEqual(['access_token', 'expires_in']);
		expect(answer.expires_in).toBe(7200);
		expect(emu.tokenCalls('oa', OA.appId)).toBe(1);
		const ips = await domainIp(answer.access_token);
		expect(ips.errcode).toBeUndefined();
		expect(Array.isArray(ips.ip_list) && ips.ip_list.length > 0).toBe(true);
	});

	it.each([
		[{ grant_type: 'password' }, 40002],
		[{ appid: '' }, 41002],
		[{ secret: '' }, 41004],
		[{ appid: 'wx_unknown' }, 40013],
		[{ secret: 'ffffffffffffffffffffffffffffffff' }, 40001],
		[{ secret: 'short' }, 40125],
	])('%j answers errcode %d', async (query, code) => {
		const answer = await getToken(query);
		expect(answer.errcode).toBe(code);
		expect(answer.access_token).toBeUndefined();
		expect(answer.errmsg).toMatch(/ rid: /);
	});

	it('replaces the previous token, which stays usable for five minutes only', async () => {
		const first = (await getToken()).access_token;
		const second = (await getToken()).access_token;
		expect(second).not.toBe(first);
		expect((await domainIp(first)).ip_list).toBeDefined();
		emu.advanceClock(301);
		const stale = await domainIp(first);
		expect(stale.errcode).toBe(40001);
		expect(stale.errmsg).toContain('not latest');
		expect((await domainIp(second)).ip_list).toBeDefined();
	});

	it('expires a token after expires_in with 42001', async () => {
		const token = (await getToken()).access_token;
		emu.advanceClock(7200);
		expect((await domainIp(token)).errcode).toBe(42001);
	});
});

describe('POST /cgi-bin/stable_token', () => {
	it('returns the same token in normal mode with the remaining lifetime', async () => {
		const first = await stable();
		emu.advanceClock(1000);
		const again = await stable({ force_refresh: false });
		expect(again.access_token).toBe(first.access_token);
		// Whole seconds left; a few milliseconds pass between the calls.
		expect(again.expires_in).toBeGreaterThanOrEqual(6199);
		expect(again.expires_in).toBeLessThanOrEqual(6200);
		expect(emu.tokenCalls('oa', OA.appId)).toBe(2);
	});

	it('is isolated from getAccessToken', async () => {
		const stableToken = (await stable()).access_token;
		await getToken();
		await getToken();
		emu.advanceClock(301);
		expect((await domainIp(stableToken)).ip_list).toBeDefined();
	});

	it('hands out a new token in the last five minutes while the old one lives out its time', async () => {
		const first = await stable();
		emu.advanceClock(7200 - 299);
		const renewed = await stable();
		expect(renewed.access_token).not.toBe(first.access_token);
		expect(renewed.expires_in).toBe(7200);
		expect((await domainIp(first.access_token)).ip_list).toBeDefined();
		emu.advanceClock(300);
		expect((await domainIp(first.access_token)).errcode).toBe(42001);
	});

	it('force_refresh invalidates the previous token at once, but not twice within 30 s', async () => {
		const first = (await stable()).access_token;
		const forced = (await stable({ force_refresh: true })).access_token;
		expect(forced).not.toBe(first);
		expect((await domainIp(first)).errcode).toBe(40001);
		expect((await stable({ force_refresh: true })).access_token).toBe(forced);
		emu.advanceClock(31);
		const later = (await stable({ force_refresh: true })).access_token;
		expect(later).not.toBe(forced);
	});

	it('allows 20 forced refreshes a day, then 45009', async () => {
		for (let i = 0; i < 20; i++) {
			expect((await stable({ force_refresh: true })).access_token).toBeDefined();
			emu.advanceClock(31);
		}
		expect((await stable({ force_refresh: true })).errcode).toBe(45009);
		expect((await stable()).access_token).toBeDefined();
	});

	it('checks credentials like getAccessToken and wants POST', async () => {
		expect((await stable({ appid: 'wx_unknown' })).errcode).toBe(40013);
		expect((await stable({ secret: 'nope' })).errcode).toBe(40125);
		expect((await getJson(`${emu.url}/oa/cgi-bin/stable_token`)).errcode).toBe(43002);
		expect((await postJson(`${emu.url}/oa/cgi-bin/stable_token`, '{not json')).errcode).toBe(47001);
	});
});

describe('token errors on other OA calls', () => {
	it('answers 41001, 40001 and 42001', async () => {
		expect((await getJson(`${emu.url}/oa/cgi-bin/get_api_domain_ip`)).errcode).toBe(41001);
		expect((await domainIp('made-up')).errcode).toBe(40001);
		const token = (await stable()).access_token;
		emu.expireTokens('oa');
		expect((await domainIp(token)).errcode).toBe(42001);
	});

	it('answers 40001 after revokeTokens', async () => {
		const token = (await getToken()).access_token;
		emu.revokeTokens('oa');
		expect((await domainIp(token)).errcode).toBe(40001);
	});
});

/** The callback sender and the rules behind message/custom/send, read with a bare HTTP receiver. */
describe('callbacks in the three modes', () => {
	let server: import('http').Server;
	let received: Array<{ url: string; body: string }> = [];
	let answer = 'success';
	let receiver = '';

	beforeAll(async () => {
		const { createServer } = await import('http');
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ url: req.url ?? '', body });
				res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'GET' ? new URL(req.url ?? '', 'http://x').searchParams.get('echostr') : answer);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		receiver = `http://127.0.0.1:${(server.address() as import('net').AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => {
		received = [];
		answer = 'success';
	});

	const follower = () => emu.oa.followers()[0].openid;
	const query = (k = 0) => Object.fromEntries(new URL(received[k].url, 'http://x').searchParams);

	it('plaintext: the XML, signed over token, timestamp and nonce, with the openid', async () => {
		const result = await emu.oa.sendCallback({ url: receiver, mode: 'plaintext', message: { MsgType: 'text', Content: 'hi', MsgId: '1' } });
		expect(result.body).toBe('success');
		const q = query();
		expect(Object.keys(q).sort()).toEqual(['nonce', 'openid', 'signature', 'timestamp']);
		expect(q.signature).toBe(wxSignature(OA.token, q.timestamp, q.nonce));
		expect(q.openid).toBe(follower());
		expect(received[0].body).toBe(
			`<xml><ToUserName><![CDATA[${emu.oa.app()!.originalId}]]></ToUserName><FromUserName><![CDATA[${follower()}]]></FromUserName>` +
				`<CreateTime>${q.timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId><![CDATA[1]]></MsgId></xml>`,
		);
	});

	it.each(['compatible', 'safe'] as const)('%s: encrypt_type=aes, msg_signature over Encrypt, receiveId = AppID', async (mode) => {
		await emu.oa.sendCallback({ url: receiver, mode, message: { MsgType: 'text', Content: '你好', MsgId: '2' } });
		const q = query();
		expect(q.encrypt_type).toBe('aes');
		const envelope = parseFlatXml(received[0].body);
		expect(q.msg_signature).toBe(wxSignature(OA.token, q.timestamp, q.nonce, envelope.Encrypt));
		const opened = wxDecrypt(OA.encodingAesKey, envelope.Encrypt);
		expect(opened.receiveId).toBe(OA.appId);
		expect(parseFlatXml(opened.message)).toMatchObject({ MsgType: 'text', Content: '你好' });
		expect(Object.keys(envelope).sort()).toEqual(mode === 'safe' ? ['Encrypt', 'ToUserName'] : ['Content', 'CreateTime', 'Encrypt', 'FromUserName', 'MsgId', 'MsgType', 'ToUserName']);
	});

	it('reads the answer as WeChat does: plain or encrypted, and which mode takes which', async () => {
		const keys = { token: OA.token, encodingAesKey: OA.encodingAesKey, receiveId: OA.appId };
		const xml = '<xml><ToUserName><![CDATA[o1]]></ToUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ok]]></Content></xml>';
		expect(readReply(keys, 'plaintext', xml)).toEqual({ reply: xml, replyEncrypted: false, replyFields: { ToUserName: 'o1', MsgType: 'text', Content: 'ok' } });
		expect(readReply(keys, 'safe', xml).replyError).toMatch(/plaintext reply to a safe-mode account/);
		const sealed = encryptReply(keys, xml, 1700000000, 'n1');
		expect(readReply(keys, 'safe', sealed)).toMatchObject({ replyEncrypted: true, reply: xml });
		expect(readReply(keys, 'safe', sealed).replyError).toBeUndefined();
		expect(readReply(keys, 'compatible', sealed).replyError).toBeUndefined();
		expect(readReply(keys, 'plaintext', sealed).replyError).toMatch(/encrypted reply to a plaintext-mode account/);
		expect(readReply({ ...keys, token: 'other' }, 'safe', sealed).replyError).toMatch(/MsgSignature/);
		expect(readReply(keys, 'safe', 'success')).toEqual({});
		expect(readReply(keys, 'safe', '')).toEqual({});
	});

	it('forges on request, retries with the identical request, and answers the URL check', async () => {
		await emu.oa.sendCallback({ url: receiver, mode: 'safe', message: { MsgType: 'text', Content: 'x', MsgId: '3' }, forge: 'signature' });
		expect(query().msg_signature).not.toBe(wxSignature(OA.token, query().timestamp, query().nonce, parseFlatXml(received[0].body).Encrypt));
		received = [];
		const result = await emu.oa.sendCallback({ url: receiver, mode: 'safe', message: { MsgType: 'text', Content: 'x', MsgId: '4' }, times: 3 });
		expect(result.deliveries).toHaveLength(3);
		expect(new Set(received.map((r) => `${r.url} ${r.body}`)).size).toBe(1);
		const check = await emu.oa.sendUrlVerification({ url: receiver, echostr: '12345' });
		expect(check.verified).toBe(true);
		const q = Object.fromEntries(new URL(check.url).searchParams);
		expect(q.signature).toBe(wxSignature(OA.token, q.timestamp, q.nonce));
	});

	it('is sent by the control API too', async () => {
		const answered = await postJson(`${emu.url}/__emulator/callback`, { platform: 'oa', url: receiver, mode: 'plaintext', message: { MsgType: 'text', Content: 'c' } });
		expect(answered.status).toBe(200);
		expect(received).toHaveLength(1);
	});

	it('a message opens the 客服消息 window (5 in 48 h), an event a short one (3 in a minute); unsubscribe closes it', async () => {
		const openid = emu.oa.followers()[1].openid;
		await emu.oa.sendCallback({ url: receiver, message: { FromUserName: openid, MsgType: 'event', Event: 'subscribe' } });
		expect(emu.oa.allowance(openid)).toMatchObject({ remaining: 3 });
		await emu.oa.sendCallback({ url: receiver, message: { FromUserName: openid, MsgType: 'text', Content: 'hi', MsgId: '5' } });
		expect(emu.oa.allowance(openid)).toMatchObject({ remaining: 5 });
		expect(emu.oa.allowance(openid)!.until - emu.now()).toBeGreaterThan(47 * 3600 * 1000);
		await emu.oa.sendCallback({ url: receiver, message: { FromUserName: openid, MsgType: 'event', Event: 'unsubscribe' } });
		expect(emu.oa.allowance(openid)).toBeUndefined();
		expect(emu.oa.followers()[1].subscribe).toBe(0);
		// A forged callback is not WeChat's: it opens nothing.
		const other = emu.oa.followers()[2].openid;
		await emu.oa.sendCallback({ url: receiver, message: { FromUserName: other, MsgType: 'text', Content: 'x', MsgId: '6' }, forge: 'signature' });
		expect(emu.oa.allowance(other)).toBeUndefined();
	});
});

describe('the API behind the node', () => {
	const token = async () => (await stable()).access_token as string;
	const call = async (path: string, body?: Json) => {
		const url = `${emu.url}/oa${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(await token())}`;
		return body === undefined ? getJson(url) : postJson(url, body);
	};
	const follower = (k = 0) => emu.oa.followers()[k].openid;

	it('message/custom/send: 45015 without a window, 45047 after five, 40008 an unknown type', async () => {
		const text = (to = follower()) => ({ touser: to, msgtype: 'text', text: { content: 'hi' } });
		expect((await call('/cgi-bin/message/custom/send', text())).errcode).toBe(45015);
		emu.oa.interact(follower());
		for (let k = 0; k < 5; k++) expect(await call('/cgi-bin/message/custom/send', text())).toEqual({ errcode: 0, errmsg: 'ok' });
		expect((await call('/cgi-bin/message/custom/send', text())).errcode).toBe(45047);
		expect((await call('/cgi-bin/message/custom/send', { touser: follower(), msgtype: 'sticker', sticker: {} })).errcode).toBe(40008);
		expect((await call('/cgi-bin/message/custom/send', text('oNobody'))).errcode).toBe(40003);
		expect(emu.deliveries({ platform: 'oa' }).recipients).toEqual({ [follower()]: 5 });
	});

	it('message/custom/send: one news article only (45008), media of the right type (40007)', async () => {
		emu.oa.interact(follower());
		const article = { title: 't', url: 'https://x' };
		expect((await call('/cgi-bin/message/custom/send', { touser: follower(), msgtype: 'news', news: { articles: [article, article] } })).errcode).toBe(45008);
		expect((await call('/cgi-bin/message/custom/send', { touser: follower(), msgtype: 'image', image: { media_id: 'nope' } })).errcode).toBe(40007);
	});

	it('message/template/send: client_msg_id de-duplicates within 10 minutes; 43004 for a follower who left', async () => {
		const [template] = emu.oa.templates();
		const body = { touser: follower(), template_id: template.template_id, data: { first: { value: 'a' } }, client_msg_id: 'c1' };
		const first = await call('/cgi-bin/message/template/send', body);
		expect(await call('/cgi-bin/message/template/send', body)).toEqual(first);
		expect(emu.oa.messages).toHaveLength(1);
		emu.advanceClock(601);
		expect((await call('/cgi-bin/message/template/send', body)).msgid).not.toBe(first.msgid);
		await emu.oa.sendCallback({ url: 'http://127.0.0.1:9/none', message: { FromUserName: follower(3), MsgType: 'event', Event: 'unsubscribe' }, timeoutMs: 500 });
		expect((await call('/cgi-bin/message/template/send', { ...body, touser: follower(3) })).errcode).toBe(43004);
	});

	it('media/upload: a thumb answers thumb_media_id; media/get of a video answers its link', async () => {
		const url = async (type: string) => `${emu.url}/oa/cgi-bin/media/upload?access_token=${encodeURIComponent(await token())}&type=${type}`;
		const thumb = await upload(await url('thumb'), Buffer.alloc(100, 1), 't.jpg', 'image/jpeg');
		expect(Object.keys(thumb).sort()).toEqual(['created_at', 'thumb_media_id', 'type']);
		expect((await upload(await url('thumb'), Buffer.alloc(65 * 1024), 'big.jpg')).errcode).toBe(40006);
		expect((await upload(await url('sticker'), Buffer.alloc(10), 'x')).errcode).toBe(40004);
		const video = await upload(await url('video'), Buffer.alloc(100, 2), 'v.mp4', 'video/mp4');
		const got = await call(`/cgi-bin/media/get?media_id=${video.media_id}`);
		expect(got.video_url).toMatch(/\/oa\/mmvideo\/download\?id=/);
	});

	it('showqrcode: the image without a token, 404 for an unknown ticket', async () => {
		const created = await call('/cgi-bin/qrcode/create', { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 's' } } });
		expect(created.expire_seconds).toBeUndefined();
		const image = await fetch(`${emu.url}/oa/cgi-bin/showqrcode?ticket=${encodeURIComponent(created.ticket)}`);
		expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpg']);
		expect((await fetch(`${emu.url}/oa/cgi-bin/showqrcode?ticket=unknown`)).status).toBe(404);
		expect((await call('/cgi-bin/qrcode/create', { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100001 } } })).errcode).toBe(40053);
	});

	it('an IP whitelist without the caller: 40164 on the token and on API calls; 48001 where unauthorised', async () => {
		const valid = await token();
		emu.oa.setIpWhitelist(['203.0.113.9']);
		expect((await stable()).errcode).toBe(40164);
		expect((await getToken()).errcode).toBe(40164);
		expect((await domainIp(valid)).errcode).toBe(40164);
		emu.oa.setIpWhitelist(undefined);
		emu.oa.unauthorize('/cgi-bin/get_api_domain_ip');
		expect((await domainIp(valid)).errcode).toBe(48001);
		emu.reset();
		expect((await domainIp(await token())).ip_list).toBeDefined();
	});
});
