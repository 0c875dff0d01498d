import { startEmulator, type Emulator } from './server';
import { officialAccountFixture, wecomFixture } from './fixtures';
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
