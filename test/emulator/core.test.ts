import { timUserSig } from '../../nodes/shared/crypto';
import { countDeliveries, seededRandom } from './core';
import { startEmulator, type Emulator } from './server';
import { officialAccountFixture, timFixture, wecomFixture } from './fixtures';
import { getJson, postJson, wecomToken, wecomUrl, type Json } from './testUtils';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => emu.reset());

const tagList = (token: string) => getJson(wecomUrl(emu, '/cgi-bin/tag/list', token));
const SEND = '/cgi-bin/message/send';
const sendText = (token: string, content: string, touser = 'user01', init: RequestInit = {}) =>
	fetch(wecomUrl(emu, SEND, token), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ touser, msgtype: 'text', agentid: wecomFixture.agentId, text: { content } }),
		...init,
	});
const sendJson = async (token: string, content: string, touser?: string) => (await (await sendText(token, content, touser)).json()) as Json;
const timSend = async (to: string, text: string) => {
	const q = new URLSearchParams({
		sdkappid: timFixture.sdkAppId,
		identifier: timFixture.admin,
		usersig: timUserSig(timFixture.sdkAppId, timFixture.secretKey, timFixture.admin, 86400),
		random: '12345',
		contenttype: 'json',
	});
	const body = { To_Account: to, MsgRandom: 7, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] };
	const res = await fetch(`${emu.baseUrl('tim')}/v4/openim/sendmsg?${q}`, { method: 'POST', body: JSON.stringify(body) });
	return (await res.json()) as Json;
};
const sentContents = () => emu.wecom.messages.map((m) => (m.payload as { content: string }).content);
const control = (path: string) => `${emu.url}/__emulator${path}`;

describe('startEmulator', () => {
	it('listens on an ephemeral loopback port and mounts each platform under its prefix', async () => {
		expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emu.port).toBeGreaterThan(0);
		expect(emu.baseUrl('wecom')).toBe(`${emu.url}/wecom`);
		expect(emu.baseUrl('oa')).toBe(`${emu.url}/oa`);
		// Other platforms join the registry over time; these two must be where credentials expect them.
		const health = await getJson(control('/health'));
		expect(health.ok).toBe(true);
		expect(health.platforms).toMatchObject({ wecom: '/wecom', oa: '/oa' });
	});

	it('starts bare with fixtures: false, and two emulators do not share state', async () => {
		const bare = await startEmulator({ fixtures: false });
		try {
			expect(bare.port).not.toBe(emu.port);
			const answer = await getJson(`${bare.url}/wecom/cgi-bin/gettoken?corpid=${wecomFixture.corpId}&corpsecret=${wecomFixture.corpSecret}`);
			expect(answer.errcode).toBe(40013);
			expect(emu.requests()).toHaveLength(0);
		} finally {
			await bare.close();
		}
	});

	it('answers 404 outside any platform and for unknown paths, and the platform error for a wrong method', async () => {
		const outside = await fetch(`${emu.url}/elsewhere`);
		expect(outside.status).toBe(404);
		const unknown = await fetch(`${emu.url}/wecom/cgi-bin/nope`);
		expect(unknown.status).toBe(404);
		expect(((await unknown.json()) as Json).errmsg).toContain('no wecom route');
		const token = await wecomToken(emu);
		const wrong = await getJson(wecomUrl(emu, '/cgi-bin/message/send', token));
		expect(wrong.errcode).toBe(43002);
	});
});

describe('request log', () => {
	it('records platform, method, path without prefix, query, headers, body, JSON and the answer', async () => {
		const token = await wecomToken(emu);
		await fetch(wecomUrl(emu, '/cgi-bin/tag/create', token), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
			body: JSON.stringify({ tagname: 'logged' }),
		});
		const [gettoken, create] = emu.requests();
		expect(gettoken).toMatchObject({ platform: 'wecom', method: 'GET', path: '/cgi-bin/gettoken', status: 200 });
		expect(gettoken.query).toEqual({ corpid: wecomFixture.corpId, corpsecret: wecomFixture.corpSecret });
		expect(create.id).toBeGreaterThan(gettoken.id);
		expect(create.headers['x-trace']).toBe('abc');
		expect(create.rawBody.toString()).toBe('{"tagname":"logged"}');
		expect(create.json).toEqual({ tagname: 'logged' });
		expect(create.responseBody).toMatchObject({ errcode: 0, errmsg: 'created' });
		expect(typeof create.time).toBe('number');
	});

	it('filters by platform, path (string or RegExp), method and id', async () => {
		const token = await wecomToken(emu);
		await tagList(token);
		await getJson(`${emu.url}/oa/cgi-bin/token?grant_type=client_credential&appid=x&secret=y`);
		expect(emu.requests({ platform: 'oa' })).toHaveLength(1);
		expect(emu.requests({ path: '/cgi-bin/tag/list' })).toHaveLength(1);
		expect(emu.requests({ path: /token$/ })).toHaveLength(2);
		expect(emu.requests({ method: 'post' })).toHaveLength(0);
		const first = emu.requests()[0];
		expect(emu.requests({ sinceId: first.id })).toHaveLength(2);
	});

	it('counts calls per path, whatever answered them', async () => {
		const token = await wecomToken(emu);
		emu.rateLimit('wecom', 1, { path: '/cgi-bin/tag/list' });
		await tagList(token);
		await tagList(token);
		expect(emu.pathCalls('wecom', '/cgi-bin/tag/list')).toBe(2);
		expect(emu.pathCalls('wecom', '/cgi-bin/tag/list', 'GET')).toBe(2);
		expect(emu.pathCalls('wecom', '/cgi-bin/tag/list', 'POST')).toBe(0);
		expect(emu.counters().paths['wecom GET /cgi-bin/tag/list']).toBe(2);
	});

	it('reset forgets requests, counters, faults, messages, clock and (unless kept) tokens', async () => {
		const token = await wecomToken(emu);
		await postJson(`${emu.url}/wecom/cgi-bin/webhook/send?key=${wecomFixture.robotKey}`, { msgtype: 'text', text: { content: 'x' } });
		emu.serverError('wecom', 5);
		emu.advanceClock(100);
		expect(emu.messages()).toHaveLength(1);
		const before = emu.now();
		emu.reset({ keepTokens: true });
		expect(emu.requests()).toHaveLength(0);
		expect(emu.counters()).toEqual({ tokenCalls: {}, paths: {} });
		expect(emu.faults()).toEqual([]);
		expect(emu.messages()).toEqual([]);
		expect(emu.now()).toBeLessThan(before - 50_000);
		expect((await tagList(token)).errcode).toBe(0);
		emu.reset();
		expect((await tagList(token)).errcode).toBe(40014);
	});
});

describe('faults', () => {
	it('rateLimit answers the WeCom rate-limit code n times, then the route again', async () => {
		const token = await wecomToken(emu);
		emu.rateLimit('wecom', 2);
		expect((await tagList(token)).errcode).toBe(45009);
		expect((await tagList(token)).errcode).toBe(45009);
		expect((await tagList(token)).errcode).toBe(0);
		expect(emu.requests({ path: '/cgi-bin/tag/list' }).map((r) => r.fault)).toEqual(['rateLimit', 'rateLimit', undefined]);
	});

	it('rateLimit can answer -1 system busy, and the OA code is 45011', async () => {
		const token = await wecomToken(emu);
		emu.rateLimit('wecom', 1, { code: -1 });
		const busy = await tagList(token);
		expect(busy.errcode).toBe(-1);
		expect(busy.errmsg).toContain('system busy');
		emu.rateLimit('oa', 1);
		const oa = await getJson(`${emu.url}/oa/cgi-bin/token?grant_type=client_credential&appid=${officialAccountFixture.appId}&secret=${officialAccountFixture.appSecret}`);
		expect(oa.errcode).toBe(45011);
	});

	it('a fault scoped to a path leaves other paths alone, and faults of one platform leave others alone', async () => {
		emu.rateLimit('wecom', 1, { path: '/cgi-bin/tag/list' });
		emu.serverError('oa', 1);
		const token = await wecomToken(emu);
		expect(emu.tokenCalls('wecom')).toBe(1);
		expect((await tagList(token)).errcode).toBe(45009);
	});

	it('serverError answers a bare gateway page with the given status', async () => {
		emu.serverError('wecom', 1);
		emu.serverError('wecom', 1, 503);
		const first = await fetch(`${emu.url}/wecom/cgi-bin/gettoken`);
		expect(first.status).toBe(502);
		expect(first.headers.get('content-type')).toContain('text/html');
		expect(await first.text()).toContain('502 Bad Gateway');
		expect((await fetch(`${emu.url}/wecom/cgi-bin/gettoken`)).status).toBe(503);
		expect((await fetch(`${emu.url}/wecom/cgi-bin/gettoken`)).status).toBe(200);
		// Token calls count only requests that reached the endpoint.
		expect(emu.tokenCalls('wecom')).toBe(1);
	});

	it('latency delays answers until cleared', async () => {
		// A wide gap between the delay and the bound: a busy 2-core CI machine can take tens of ms per fetch.
		emu.latency('wecom', 400);
		const started = Date.now();
		await fetch(`${emu.url}/wecom/cgi-bin/gettoken`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		emu.clearFaults();
		const again = Date.now();
		await fetch(`${emu.url}/wecom/cgi-bin/gettoken`);
		expect(Date.now() - again).toBeLessThan(300);
	});

	it('connectionReset drops the connection without an answer', async () => {
		emu.connectionReset('wecom', 1);
		await expect(fetch(`${emu.url}/wecom/cgi-bin/gettoken`)).rejects.toThrow();
		expect((await fetch(`${emu.url}/wecom/cgi-bin/gettoken`)).status).toBe(200);
		expect(emu.requests()[0].fault).toBe('connectionReset');
	});

	it('rejects faults for unknown platforms', () => {
		expect(() => emu.rateLimit('nope', 1)).toThrow(/Unknown platform/);
	});
});


describe('throughput and delivery faults', () => {
	it('rateLimitPerSecond lets `limit` calls a second through and answers 45009 to the rest, which deliver nothing', async () => {
		const token = await wecomToken(emu);
		emu.rateLimitPerSecond('wecom', 3, { path: SEND });
		const answers = [];
		for (let i = 0; i < 5; i++) answers.push((await sendJson(token, `m${i}`)).errcode);
		expect(answers).toEqual([0, 0, 0, 45009, 45009]);
		expect(sentContents()).toEqual(['m0', 'm1', 'm2']);
		// Other paths are not limited; a second later the window is free again.
		expect((await tagList(token)).errcode).toBe(0);
		emu.advanceClock(1.001);
		expect((await sendJson(token, 'm5')).errcode).toBe(0);
		expect(emu.requests({ path: SEND }).map((r) => r.fault)).toEqual([undefined, undefined, undefined, 'rateLimitPerSecond', 'rateLimitPerSecond', undefined]);
		expect(emu.faults()[0]).toMatchObject({ kind: 'rateLimitPerSecond', limit: 3, seen: 6, fired: 2 });
	});

	it('rateLimitPerSecond slides: a call is refused only while `limit` others passed in the last 1000 ms', async () => {
		const token = await wecomToken(emu);
		emu.rateLimitPerSecond('wecom', 2, { path: SEND });
		expect((await sendJson(token, 'a')).errcode).toBe(0);
		emu.advanceClock(0.6);
		expect((await sendJson(token, 'b')).errcode).toBe(0);
		expect((await sendJson(token, 'c')).errcode).toBe(45009);
		emu.advanceClock(0.45); // 'a' is now more than a second old, 'b' is not
		expect((await sendJson(token, 'd')).errcode).toBe(0);
		expect((await sendJson(token, 'e')).errcode).toBe(45009);
	});

	it('rateLimitPerSecond answers Tencent Cloud IM 60007 and records no message', async () => {
		emu.rateLimitPerSecond('tim', 1);
		expect((await timSend('alice', 'one')).ErrorCode).toBe(0);
		expect(await timSend('bob', 'two')).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 60007 });
		expect(emu.tim.messages.map((m) => m.text)).toEqual(['one']);
	});

	it('randomRateLimit hits a seeded fraction of calls, the same ones for the same seed', async () => {
		const token = await wecomToken(emu);
		const pattern = async (seed: number) => {
			emu.clearFaults();
			emu.randomRateLimit('wecom', 0.3, { path: SEND, seed });
			const codes: number[] = [];
			for (let i = 0; i < 40; i++) codes.push((await sendJson(token, `s${seed}-${i}`)).errcode);
			return codes;
		};
		const first = await pattern(11);
		const delivered = emu.messages().length;
		expect(await pattern(11)).toEqual(first);
		expect(await pattern(12)).not.toEqual(first);
		const limited = first.filter((c) => c === 45009).length;
		// A draw with p = 0.3 over 40 calls: the exact count is fixed by the seed; bound it loosely.
		expect(limited).toBeGreaterThan(3);
		expect(limited).toBeLessThan(25);
		expect(first.every((c) => c === 0 || c === 45009)).toBe(true);
		expect(delivered).toBe(40 - limited);
		// The same draws as seededRandom(11) itself.
		const rnd = seededRandom(11);
		expect(first).toEqual(first.map(() => (rnd() < 0.3 ? 45009 : 0)));
	});

	it('randomRateLimit answers Tencent 60007, or the given code', async () => {
		emu.randomRateLimit('tim', 1, { code: 10006 });
		expect((await timSend('alice', 'x')).ErrorCode).toBe(10006);
		emu.clearFaults();
		emu.randomRateLimit('tim', 1);
		expect((await timSend('alice', 'x')).ErrorCode).toBe(60007);
		emu.clearFaults();
		emu.randomRateLimit('tim', 0);
		expect((await timSend('alice', 'x')).ErrorCode).toBe(0);
	});

	it('errorAfterDelivery delivers every k-th call but answers it 502, so a resend duplicates it', async () => {
		const token = await wecomToken(emu);
		emu.errorAfterDelivery('wecom', { path: SEND, every: 3 });
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			let res = await sendText(token, `e${i}`);
			statuses.push(res.status);
			if (res.status === 502) {
				expect(res.headers.get('content-type')).toContain('text/html');
				expect(await res.text()).toContain('502 Bad Gateway');
				res = await sendText(token, `e${i}`); // what a retrying client does
				statuses.push(res.status);
			}
		}
		// Calls 3 and 6 are hit; the resends count as calls too.
		expect(statuses).toEqual([200, 200, 502, 200, 200, 502, 200, 200]);
		expect(sentContents()).toEqual(['e0', 'e1', 'e2', 'e2', 'e3', 'e4', 'e4', 'e5']);
		const hit = emu.requests({ path: SEND }).filter((r) => r.fault === 'errorAfterDelivery');
		expect(hit).toHaveLength(2);
		expect(hit[0]).toMatchObject({ status: 502, routeResponseBody: expect.objectContaining({ errcode: 0, msgid: expect.any(String) }) });
		expect(emu.deliveries({ platform: 'wecom' })).toMatchObject({
			messages: 8,
			deliveries: 8,
			recipients: { user01: 8 },
			duplicateDeliveries: 2,
			duplicates: [
				{ recipient: 'user01', count: 2, content: expect.stringContaining('e2') },
				{ recipient: 'user01', count: 2, content: expect.stringContaining('e4') },
			],
		});
	});

	it('errorAfterDelivery with a seeded fraction, a status and a count', async () => {
		const token = await wecomToken(emu);
		emu.errorAfterDelivery('wecom', { path: SEND, p: 0.5, seed: 3, status: 504, count: 2 });
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++) statuses.push((await sendText(token, `p${i}`)).status);
		expect(statuses.filter((s) => s === 504)).toHaveLength(2);
		expect(statuses.filter((s) => s === 200)).toHaveLength(10);
		expect(emu.messages()).toHaveLength(12);
		expect(emu.faults()).toEqual([]);
	});

	it('errorAfterDelivery on Tencent Cloud IM records the message and answers 502', async () => {
		emu.errorAfterDelivery('tim', { every: 1, count: 1 });
		await expect(timSend('alice', 'gw')).rejects.toThrow(); // an HTML page, not JSON
		expect(emu.tim.messages.map((m) => m.text)).toEqual(['gw']);
		expect((await timSend('alice', 'ok')).ErrorCode).toBe(0);
	});

	it('an answering fault that fires first leaves errorAfterDelivery unconsulted', async () => {
		const token = await wecomToken(emu);
		emu.rateLimit('wecom', 1, { path: SEND });
		emu.errorAfterDelivery('wecom', { path: SEND, every: 1 });
		expect((await sendJson(token, 'limited')).errcode).toBe(45009);
		expect((await sendText(token, 'gw')).status).toBe(502);
		expect(sentContents()).toEqual(['gw']);
		expect(emu.faults()[0]).toMatchObject({ kind: 'errorAfterDelivery', seen: 1, fired: 1 });
	});

	it('hang never answers the call, delivers nothing, and holds the socket until the client gives up', async () => {
		const token = await wecomToken(emu);
		emu.hang('wecom', 1, { path: SEND, after: 1 });
		expect((await sendJson(token, 'before')).errcode).toBe(0);
		const started = Date.now();
		await expect(sendText(token, 'hung', 'user01', { signal: AbortSignal.timeout(400) })).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		expect((await sendJson(token, 'after')).errcode).toBe(0);
		expect(sentContents()).toEqual(['before', 'after']);
		const hung = emu.requests({ path: SEND })[1];
		expect(hung).toMatchObject({ fault: 'hang', status: 0, responseBody: undefined });
		// The record gets its duration when the client's socket closes.
		for (let i = 0; i < 50 && hung.durationMs === 0; i++) await new Promise((r) => setTimeout(r, 10));
		expect(hung.durationMs).toBeGreaterThanOrEqual(300);
		expect(emu.hungCalls()).toBe(0);
	});

	it('releaseHungCalls drops held calls, and close() does not wait for them', async () => {
		const token = await wecomToken(emu);
		emu.hang('wecom', 2, { path: SEND });
		const a = sendText(token, 'a').then(() => 'answered', () => 'dropped');
		const b = sendText(token, 'b').then(() => 'answered', () => 'dropped');
		for (let i = 0; i < 100 && emu.hungCalls() < 2; i++) await new Promise((r) => setTimeout(r, 10));
		expect(emu.hungCalls()).toBe(2);
		expect(emu.releaseHungCalls()).toBe(2);
		expect(await Promise.all([a, b])).toEqual(['dropped', 'dropped']);
		expect(emu.messages()).toHaveLength(0);

		const other = await startEmulator();
		other.hang('wecom', 1);
		const pending = fetch(`${other.url}/wecom/cgi-bin/gettoken`).then(() => 'answered', () => 'dropped');
		for (let i = 0; i < 100 && other.hungCalls() < 1; i++) await new Promise((r) => setTimeout(r, 10));
		await other.close();
		expect(await pending).toBe('dropped');
	});

	it('after lets calls through before a counted fault fires', async () => {
		const token = await wecomToken(emu);
		emu.serverError('wecom', 1, { path: SEND, after: 2 });
		emu.rateLimit('wecom', 1, { path: '/cgi-bin/tag/list', after: 1 });
		expect([(await sendText(token, '1')).status, (await sendText(token, '2')).status, (await sendText(token, '3')).status]).toEqual([200, 200, 502]);
		expect([(await tagList(token)).errcode, (await tagList(token)).errcode, (await tagList(token)).errcode]).toEqual([0, 45009, 0]);
	});

	it('rejects fault parameters that make no sense', () => {
		expect(() => emu.randomRateLimit('wecom', 1.5)).toThrow(/p must lie/);
		expect(() => emu.errorAfterDelivery('wecom', {})).toThrow(/every/);
		expect(() => emu.rateLimitPerSecond('wecom', Number.NaN)).toThrow(/limit/);
	});
});

describe('deliveries', () => {
	it('counts deliveries per recipient, expanding parties, and duplicates per recipient and content', async () => {
		const token = await wecomToken(emu);
		await sendJson(token, 'hello', 'user01|user02');
		await sendJson(token, 'hello', 'user02');
		await sendJson(token, 'other', 'user02');
		await new Promise((r) => setTimeout(r, 3)); // `since` is inclusive, in milliseconds
		const since = emu.now();
		await timSend('alice', 'hi');
		await timSend('alice', 'hi');
		const wecom = emu.deliveries({ platform: 'wecom' });
		expect(wecom).toMatchObject({ messages: 3, deliveries: 4, recipients: { user01: 1, user02: 3 }, duplicateDeliveries: 1 });
		expect(wecom.duplicates).toEqual([{ recipient: 'user02', count: 2, content: '{"msgtype":"text","payload":{"content":"hello"}}' }]);
		expect(emu.deliveries({ platform: 'tim' })).toMatchObject({ messages: 2, recipients: { alice: 2 }, duplicateDeliveries: 1 });
		expect(emu.deliveries({ since }).messages).toBe(2);
		expect(emu.deliveries({ kind: 'app' }).messages).toBe(3);
	});

	it('names chats, groups and robots, and ignores ids and randoms when comparing content', () => {
		const base = { platform: 'x', time: 0 };
		const report = countDeliveries([
			{ ...base, kind: 'appchat', chatid: 'c1', msgtype: 'text', payload: { content: 'a' }, msgid: '1' },
			{ ...base, kind: 'appchat', chatid: 'c1', msgtype: 'text', payload: { content: 'a' }, msgid: '2' },
			{ ...base, kind: 'group', groupId: 'g1', MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 't' } }], body: { Random: 1 } },
			{ ...base, kind: 'group', groupId: 'g1', MsgBody: [{ MsgContent: { Text: 't' }, MsgType: 'TIMTextElem' }], body: { Random: 2 } },
			{ ...base, kind: 'robot', robotKey: 'k', msgtype: 'text', payload: { content: 'r' } },
		]);
		expect(report.recipients).toEqual({ 'chat:c1': 2, 'group:g1': 2, 'robot:k': 1 });
		expect(report.duplicateDeliveries).toBe(2);
	});
});

describe('control API', () => {
	it('serves requests, counters and messages as JSON', async () => {
		const token = await wecomToken(emu);
		await postJson(wecomUrl(emu, '/cgi-bin/message/send', token), { touser: 'user01', msgtype: 'text', agentid: wecomFixture.agentId, text: { content: 'hey' } });
		const { requests } = await getJson(control('/requests?platform=wecom&path=/cgi-bin/message/send'));
		expect(requests).toHaveLength(1);
		expect(requests[0].bodyText).toContain('"hey"');
		expect(Buffer.from(requests[0].rawBody, 'base64').toString()).toBe(requests[0].bodyText);
		expect(requests[0].responseBody.errcode).toBe(0);

		const counters = await getJson(control('/counters'));
		expect(counters.tokenCalls.wecom[wecomFixture.corpId]).toBe(1);
		expect(counters.paths['wecom POST /cgi-bin/message/send']).toBe(1);

		const { messages } = await getJson(control('/messages?platform=wecom'));
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatchObject({ kind: 'app', msgtype: 'text', payload: { content: 'hey' } });
	});

	it('encodes binary answers as base64', async () => {
		const token = await wecomToken(emu);
		const form = new FormData();
		form.append('media', new Blob([Buffer.from([0, 1, 2, 3, 255, 254])]), 'b.bin');
		const { media_id } = (await (await fetch(wecomUrl(emu, '/cgi-bin/media/upload', token, { type: 'file' }), { method: 'POST', body: form })).json()) as Json;
		await fetch(wecomUrl(emu, '/cgi-bin/media/get', token, { media_id }));
		const { requests } = await getJson(control('/requests?path=/cgi-bin/media/get'));
		expect(Buffer.from(requests[0].responseBody.base64, 'base64')).toEqual(Buffer.from([0, 1, 2, 3, 255, 254]));
	});

	it('adds every fault kind and clears them', async () => {
		const token = await wecomToken(emu);
		expect((await postJson(control('/faults'), { kind: 'rateLimit', platform: 'wecom', count: 1, code: -1 })).ok).toBe(true);
		expect((await tagList(token)).errcode).toBe(-1);

		await postJson(control('/faults'), { kind: 'serverError', platform: 'wecom', status: 504 });
		expect((await fetch(wecomUrl(emu, '/cgi-bin/tag/list', token))).status).toBe(504);

		await postJson(control('/faults'), { kind: 'connectionReset', platform: 'wecom', path: '/cgi-bin/tag/list' });
		await expect(fetch(wecomUrl(emu, '/cgi-bin/tag/list', token))).rejects.toThrow();

		await postJson(control('/faults'), { kind: 'latency', platform: 'wecom', ms: 5 });
		expect((await getJson(control('/faults'))).faults).toEqual([expect.objectContaining({ kind: 'latency', ms: 5 })]);
		await postJson(control('/faults/clear'), {});
		expect((await getJson(control('/faults'))).faults).toEqual([]);

		expect((await postJson(control('/faults'), { kind: 'expireTokens', platform: 'wecom' })).affected).toBe(1);
		expect((await tagList(token)).errcode).toBe(42001);
		const fresh = await wecomToken(emu);
		expect((await postJson(control('/faults'), { kind: 'revokeTokens', platform: 'wecom' })).affected).toBeGreaterThanOrEqual(1);
		expect((await tagList(fresh)).errcode).toBe(40014);

		const bad = await fetch(control('/faults'), { method: 'POST', body: JSON.stringify({ kind: 'meteor', platform: 'wecom' }) });
		expect(bad.status).toBe(400);
	});

	it('adds the throughput and delivery faults, serves deliveries and releases hung calls', async () => {
		const token = await wecomToken(emu);
		const added = await postJson(control('/faults'), { kind: 'rateLimitPerSecond', platform: 'wecom', path: SEND, limit: 1 });
		expect(added.fault).toMatchObject({ kind: 'rateLimitPerSecond', limit: 1, path: SEND });
		expect((await sendJson(token, 'r1')).errcode).toBe(0);
		expect((await sendJson(token, 'r2')).errcode).toBe(45009);
		await postJson(control('/faults/clear'), { kind: 'rateLimitPerSecond' });

		await postJson(control('/faults'), { kind: 'randomRateLimit', platform: 'wecom', path: SEND, p: 1, seed: 5, count: 1 });
		expect((await sendJson(token, 'x')).errcode).toBe(45009);
		expect((await sendJson(token, 'x')).errcode).toBe(0);

		await postJson(control('/faults'), { kind: 'errorAfterDelivery', platform: 'wecom', path: SEND, every: 2 });
		expect((await sendText(token, 'y')).status).toBe(200);
		expect((await sendText(token, 'y')).status).toBe(502);
		await postJson(control('/faults/clear'), {});

		expect((await postJson(control('/faults'), { kind: 'hang', platform: 'wecom', path: SEND })).fault).toMatchObject({ kind: 'hang', remaining: 1 });
		const pending = sendText(token, 'z').then(() => 'answered', () => 'dropped');
		for (let i = 0; i < 100 && emu.hungCalls() < 1; i++) await new Promise((r) => setTimeout(r, 10));
		expect((await getJson(control('/hung'))).hung).toBe(1);
		expect((await postJson(control('/hung/release'), {})).released).toBe(1);
		expect(await pending).toBe('dropped');

		const report = await getJson(control('/deliveries?platform=wecom'));
		expect(report).toMatchObject({ messages: 4, recipients: { user01: 4 }, duplicateDeliveries: 1 });
		expect((await getJson(control(`/deliveries?since=${emu.now() + 1000}`))).messages).toBe(0);

		for (const body of [{ kind: 'rateLimitPerSecond', platform: 'wecom' }, { kind: 'randomRateLimit', platform: 'wecom' }, { kind: 'errorAfterDelivery', platform: 'wecom' }]) {
			expect((await fetch(control('/faults'), { method: 'POST', body: JSON.stringify(body) })).status).toBe(400);
		}
	});

	it('advances the clock and resets', async () => {
		const token = await wecomToken(emu);
		await postJson(control('/clock'), { advanceSeconds: 7200 });
		expect((await tagList(token)).errcode).toBe(42001);
		await postJson(control('/reset'), {});
		expect(emu.requests()).toHaveLength(0);
		expect(emu.tokenCalls('wecom')).toBe(0);
	});

	it('answers 404 for an unknown control route and 400 for a non-JSON body', async () => {
		expect((await fetch(control('/nope'))).status).toBe(404);
		expect((await fetch(control('/faults'), { method: 'POST', body: 'x' })).status).toBe(400);
		// Control calls are not platform traffic.
		expect(emu.requests()).toHaveLength(0);
	});
});
