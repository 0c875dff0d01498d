/**
 * The Meituan emulator over HTTP, called by hand (no package code): it refuses calls whose app_id,
 * timestamp or signature is wrong, decrypts msgSend's msg_content (openssl CLI vectors), delivers a
 * msg_id once, and its push sender signs over the URL it posts to.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { createServer, type IncomingMessage } from 'http';
import type { AddressInfo } from 'net';
import { meituanFixture } from './fixtures';
import { startEmulator, type Emulator } from './server';

const { appId, appSecret } = meituanFixture;
const keyHex = Buffer.from(appSecret.slice(0, 16)).toString('hex');
let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const opensslEncrypt = (text: string) =>
	execFileSync('openssl', ['enc', '-aes-128-cbc', '-K', keyHex, '-iv', keyHex, '-base64', '-A'], { input: Buffer.from(text) }).toString().trim();

/** A call signed by hand as the documentation says. */
async function call(path: string, form: Record<string, string>, options: { method?: 'GET' | 'POST'; secret?: string; timestamp?: number; app?: string } = {}) {
	const method = options.method ?? 'POST';
	const url = `${emu.baseUrl('meituan')}/${path}`;
	const system = { app_id: options.app ?? appId, timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)) };
	const all: Record<string, string> = { ...form, ...system };
	const signed = Object.keys(all).sort().map((k) => `${k}=${all[k]}`).join('&');
	const sig = md5(`${url}?${signed}${options.secret ?? appSecret}`);
	const query = new URLSearchParams(method === 'GET' ? { ...all, sig } : { ...system, sig });
	const response = await fetch(`${url}?${query}`, {
		method,
		...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : {}),
	});
	return (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const push = (fields: Record<string, unknown> = {}) =>
	JSON.stringify({ app_id: Number(appId), app_poi_code: 't_Store0001', msg_id: 777, msg_source: 1, msg_type: 1, open_user_id: 100001, cts: 1, msg_content: opensslEncrypt('你好 & = +'), ...fields });

describe('signature checks', () => {
	it('accepts a correctly signed call and refuses a wrong secret, a stale timestamp and an unknown app', async () => {
		expect(await call('poi/getids', {}, { method: 'GET' })).toEqual({ data: meituanFixture.stores });
		expect(await call('poi/getids', {}, { method: 'GET', secret: 'x'.repeat(32) })).toMatchObject({ error: { code: 703 } });
		expect(await call('poi/getids', {}, { method: 'GET', timestamp: Math.floor(Date.now() / 1000) - 3600 })).toMatchObject({ error: { code: 703 } });
		expect(await call('poi/getids', {}, { method: 'GET', app: '1' })).toMatchObject({ error: { code: 702 } });
		expect(emu.meituan.calls().map((c) => Boolean(c.refused))).toEqual([false, true, true, true]);
	});

	it('signs form parameters of a POST too', async () => {
		const response = await fetch(`${emu.baseUrl('meituan')}/wm/IM/setPoiIMStatus?app_id=${appId}&timestamp=${Math.floor(Date.now() / 1000)}&sig=${'0'.repeat(32)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'app_poi_code=t_Store0001&im_status=0',
		});
		expect(await response.json()).toMatchObject({ error: { code: 703 } });
		expect(await call('wm/IM/setPoiIMStatus', { app_poi_code: 't_Store0001', im_status: '0' })).toEqual({ data: 'ok' });
		expect(emu.meituan.imStatus('t_Store0001')).toBe(0);
	});
});

describe('msgSend', () => {
	it('decrypts msg_content encrypted by the openssl CLI and delivers a msg_id once', async () => {
		expect(await call('ecommerce/IM/msgSend', { push_content: push() })).toEqual({ data: 'ok', result_code: 1, error_list: [] });
		expect(await call('ecommerce/IM/msgSend', { push_content: push() })).toMatchObject({ result_code: 1 });
		expect(emu.meituan.messages.map((m) => [m.msgId, m.text])).toEqual([['777', '你好 & = +']]);
	});

	it('answers result_code 3 with error_list for content that does not decrypt, an unknown store or too many SPU codes', async () => {
		for (const fields of [{ msg_content: Buffer.alloc(16).toString('base64') }, { app_poi_code: 'nope' }, { msg_type: 4, app_spu_codes: 'a,b,c,d,e,f,g,h' }]) {
			expect(await call('ecommerce/IM/msgSend', { push_content: push(fields) })).toMatchObject({ result_code: 3, error_list: [{ code: 701 }] });
		}
		expect(emu.meituan.messages).toHaveLength(0);
	});
});

describe('push sender', () => {
	it('posts a form signed over the URL, with msg_content AES-128-CBC (key = IV) as openssl decrypts it', async () => {
		let received: { url: string; body: string; type: string } | undefined;
		const server = createServer((req: IncomingMessage, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received = { url: String(req.url), body, type: String(req.headers['content-type']) };
				res.end('{"data":"ok"}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/webhook`;
		const result = await emu.meituan.sendPush({ url, message: { text: '到了吗', msg_id: 42 } });
		server.close();
		expect(result.body).toBe('{"data":"ok"}');
		expect(received!.type).toBe('application/x-www-form-urlencoded');
		const form = Object.fromEntries(new URLSearchParams(received!.body));
		const { sig, ...rest } = form;
		const signed = Object.keys(rest).sort().map((k) => `${k}=${rest[k]}`).join('&');
		expect(sig).toBe(md5(`${url}?${signed}${appSecret}`));
		const content = JSON.parse(form.push_content) as { msg_content: string; msg_id: number; msg_source: number };
		expect([content.msg_id, content.msg_source]).toEqual([42, 2]);
		const plain = execFileSync('openssl', ['enc', '-d', '-aes-128-cbc', '-K', keyHex, '-iv', keyHex, '-base64', '-A'], { input: content.msg_content }).toString();
		expect(plain).toBe('到了吗');
	});
});
