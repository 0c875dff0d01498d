import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { wxDecrypt, wxEncrypt, wxSignature } from '../../nodes/shared/crypto';
import { startEmulator, type Emulator } from './server';
import { wecomFixture } from './fixtures';
import { buildFlatXml, parseFlatXml } from './xml';
import { postJson } from './testUtils';

const CORP = wecomFixture.corpId;

interface Received {
	method: string;
	url: URL;
	headers: IncomingMessage['headers'];
	body: string;
}

/** A stand-in receiver; each test decides what it answers. */
let target: Server;
let targetUrl: string;
let received: Received[] = [];
let respond: (req: Received, res: ServerResponse) => unknown;
let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
	target = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const entry = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://target'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			received.push(entry);
			void respond(entry, res);
		});
	});
	await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
	targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/webhook/wecom`;
});

afterAll(async () => {
	target.closeAllConnections();
	await new Promise((resolve) => target.close(resolve));
	await emu.close();
});

beforeEach(() => {
	received = [];
	respond = (_req, res) => res.end('');
});

/** What a correct receiver does with a POSTed callback, step by step, so tests can see where a forgery fails. */
function openEnvelope(entry: Received) {
	const q = entry.url.searchParams;
	const envelope = parseFlatXml(entry.body);
	const signatureOk = wxSignature(wecomFixture.token, q.get('timestamp') ?? '', q.get('nonce') ?? '', envelope.Encrypt) === q.get('msg_signature');
	let decrypted: { message: string; receiveId: string } | undefined;
	let decryptError: string | undefined;
	try {
		decrypted = wxDecrypt(wecomFixture.encodingAesKey, envelope.Encrypt);
	} catch (error) {
		decryptError = (error as Error).message;
	}
	return { envelope, signatureOk, decrypted, decryptError };
}

describe('sendCallback', () => {
	it('POSTs a signed, encrypted envelope that decrypts to the message', async () => {
		const result = await emu.wecom.sendCallback({
			url: targetUrl,
			message: { FromUserName: 'user01', MsgType: 'text', Content: '你好 <b>&amp;]]>', MsgId: '123456789' },
			timestamp: 1700000000,
			nonce: 'n0nce',
		});
		expect(result.status).toBe(200);
		expect(received).toHaveLength(1);
		const [entry] = received;
		expect(entry.method).toBe('POST');
		expect(entry.url.pathname).toBe('/webhook/wecom');
		expect(entry.url.searchParams.get('timestamp')).toBe('1700000000');
		expect(entry.url.searchParams.get('nonce')).toBe('n0nce');
		const opened = openEnvelope(entry);
		expect(opened.envelope).toMatchObject({ ToUserName: CORP, AgentID: String(wecomFixture.agentId) });
		expect(opened.signatureOk).toBe(true);
		expect(opened.decrypted?.receiveId).toBe(CORP);
		const fields = parseFlatXml(opened.decrypted?.message ?? '');
		expect(fields).toEqual({
			ToUserName: CORP,
			CreateTime: expect.stringMatching(/^\d+$/),
			FromUserName: 'user01',
			MsgType: 'text',
			Content: '你好 <b>&amp;]]>',
			MsgId: '123456789',
			AgentID: String(wecomFixture.agentId),
		});
		expect(result.request.plaintext).toBe(opened.decrypted?.message);
	});

	it('URL-encodes the query so base64-looking values survive', async () => {
		// The signature is hex, but a caller-chosen nonce may hold reserved characters.
		await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'event', Event: 'enter_agent' }, nonce: 'a+b/c=&d' });
		expect(received[0].url.searchParams.get('nonce')).toBe('a+b/c=&d');
		expect(openEnvelope(received[0]).signatureOk).toBe(true);
	});

	it.each([
		['signature', { signatureOk: false, receiveIdOk: true }],
		['receiveId', { signatureOk: true, receiveIdOk: false }],
	] as const)('forge %s breaks exactly that check', async (forge, expected) => {
		await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'text', Content: 'x' }, forge });
		const opened = openEnvelope(received[0]);
		expect(opened.signatureOk).toBe(expected.signatureOk);
		expect(opened.decrypted).toBeDefined();
		expect(opened.decrypted?.receiveId === CORP).toBe(expected.receiveIdOk);
	});

	it('forge key keeps a valid signature but the payload does not decrypt to the message', async () => {
		const result = await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'text', Content: 'secret text' }, forge: 'key' });
		const opened = openEnvelope(received[0]);
		expect(opened.signatureOk).toBe(true);
		// Decrypting with the wrong key fails on padding or length most of the time; when it does
		// not, it yields garbage, never the plaintext.
		expect(opened.decrypted?.message).not.toBe(result.request.plaintext);
	});

	it('verifies and decrypts an encrypted passive reply', async () => {
		respond = (entry, res) => {
			const inner = buildFlatXml({ ToUserName: 'user01', FromUserName: CORP, CreateTime: 1700000001, MsgType: 'text', Content: '已收到' });
			const encrypt = wxEncrypt(wecomFixture.encodingAesKey, CORP, inner);
			const ts = '1700000002';
			const nonce = entry.url.searchParams.get('nonce') ?? '';
			res.setHeader('content-type', 'text/xml');
			res.end(buildFlatXml({ Encrypt: encrypt, MsgSignature: wxSignature(wecomFixture.token, ts, nonce, encrypt), TimeStamp: ts, Nonce: nonce }));
		};
		const result = await emu.wecom.sendCallback({ url: targetUrl, message: { FromUserName: 'user01', MsgType: 'text', Content: 'hi' } });
		expect(result.replyError).toBeUndefined();
		expect(result.replyFields).toMatchObject({ ToUserName: 'user01', MsgType: 'text', Content: '已收到' });
		expect(result.reply).toContain('<Content><![CDATA[已收到]]></Content>');
	});

	it.each([
		['a wrong signature', (encrypt: string) => ({ MsgSignature: 'f'.repeat(40), encrypt }), 'MsgSignature does not match'],
		['another receiveId', () => ({ encrypt: wxEncrypt(wecomFixture.encodingAesKey, 'ww_other', '<xml></xml>') }), 'does not decrypt'],
	])('rejects a passive reply with %s', async (_name, tamper, error) => {
		respond = (entry, res) => {
			const ts = '1700000002';
			const nonce = entry.url.searchParams.get('nonce') ?? '';
			const good = wxEncrypt(wecomFixture.encodingAesKey, CORP, '<xml><MsgType><![CDATA[text]]></MsgType></xml>');
			const changed = tamper(good) as { MsgSignature?: string; encrypt: string };
			const signature = changed.MsgSignature ?? wxSignature(wecomFixture.token, ts, nonce, changed.encrypt);
			res.end(buildFlatXml({ Encrypt: changed.encrypt, MsgSignature: signature, TimeStamp: ts, Nonce: nonce }));
		};
		const result = await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'text', Content: 'hi' } });
		expect(result.reply).toBeUndefined();
		expect(result.replyError).toContain(error);
	});

	it('leaves reply empty for a plain "success" or empty answer', async () => {
		respond = (_req, res) => res.end('success');
		const result = await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'text', Content: 'hi' } });
		expect(result.body).toBe('success');
		expect(result.reply).toBeUndefined();
		expect(result.replyError).toBeUndefined();
	});

	it('delivers the identical request N times, as WeCom retries', async () => {
		const result = await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'text', Content: 'dup', MsgId: '42' }, times: 3 });
		expect(received).toHaveLength(3);
		expect(new Set(received.map((r) => r.url.search)).size).toBe(1);
		expect(new Set(received.map((r) => r.body)).size).toBe(1);
		expect(result.deliveries).toHaveLength(3);
	});

	it('reports a receiver slower than the timeout', async () => {
		respond = (_req, res) => void setTimeout(() => res.end(''), 400);
		const result = await emu.wecom.sendCallback({ url: targetUrl, message: { MsgType: 'text', Content: 'slow' }, timeoutMs: 100 });
		expect(result.timedOut).toBe(true);
		expect(result.status).toBe(0);
		expect(result.elapsedMs).toBeGreaterThanOrEqual(90);
	});

	it('omits AgentID for WeChat KF style events and signs with an explicit token/key', async () => {
		const key = 'KfEncodingAesKey00000000000000000000000000a';
		await emu.wecom.sendCallback({
			url: targetUrl,
			corpId: CORP,
			token: 'kf-token',
			encodingAesKey: key,
			omitAgentId: true,
			message: { MsgType: 'event', Event: 'kf_msg_or_event', Token: 'sync-token', OpenKfId: 'wkEMU' },
		});
		const q = received[0].url.searchParams;
		const envelope = parseFlatXml(received[0].body);
		expect(envelope.AgentID).toBeUndefined();
		expect(wxSignature('kf-token', q.get('timestamp') ?? '', q.get('nonce') ?? '', envelope.Encrypt)).toBe(q.get('msg_signature'));
		const fields = parseFlatXml(wxDecrypt(key, envelope.Encrypt, CORP).message);
		expect(fields.AgentID).toBeUndefined();
		expect(fields.Event).toBe('kf_msg_or_event');
	});

	it('is reachable through the control API', async () => {
		const result = await postJson(`${emu.url}/__emulator/callback`, {
			platform: 'wecom',
			url: targetUrl,
			app: { corpId: CORP, agentId: wecomFixture.agentId },
			message: { MsgType: 'text', Content: 'via control' },
		});
		expect(result.status).toBe(200);
		expect(parseFlatXml(openEnvelope(received[0]).decrypted?.message ?? '').Content).toBe('via control');
		expect(result.request.plaintext).toContain('via control');
	});
});

describe('sendUrlVerification', () => {
	/** A receiver that does what the docs ask: check the signature, decrypt echostr, answer it. */
	const honestReceiver = (entry: Received, res: ServerResponse) => {
		const q = entry.url.searchParams;
		const echostr = q.get('echostr') ?? '';
		if (wxSignature(wecomFixture.token, q.get('timestamp') ?? '', q.get('nonce') ?? '', echostr) !== q.get('msg_signature')) {
			res.statusCode = 403;
			res.end('bad signature');
			return;
		}
		try {
			res.end(wxDecrypt(wecomFixture.encodingAesKey, echostr, CORP).message);
		} catch {
			res.statusCode = 400;
			res.end('bad echostr');
		}
	};

	it('GETs an encrypted echostr and checks the answer is its plaintext', async () => {
		respond = honestReceiver;
		const result = await emu.wecom.sendUrlVerification({ url: targetUrl, echoPlain: '1616140317555161061' });
		expect(received[0].method).toBe('GET');
		expect(received[0].url.searchParams.get('echostr')).toBe(result.echostr);
		expect(result.body).toBe('1616140317555161061');
		expect(result.verified).toBe(true);
	});

	it('does not count an answer with a trailing newline or quotes as verified', async () => {
		respond = (entry, res) => res.end(`"${wxDecrypt(wecomFixture.encodingAesKey, entry.url.searchParams.get('echostr') ?? '').message}"\n`);
		const result = await emu.wecom.sendUrlVerification({ url: targetUrl });
		expect(result.status).toBe(200);
		expect(result.verified).toBe(false);
	});

	it.each([
		['signature', 403],
		['receiveId', 400],
		['key', 400],
	] as const)('forge %s is refused by an honest receiver (%d)', async (forge, status) => {
		respond = honestReceiver;
		const result = await emu.wecom.sendUrlVerification({ url: targetUrl, forge });
		expect(result.status).toBe(status);
		expect(result.verified).toBe(false);
	});

	it('is reachable through the control API', async () => {
		respond = honestReceiver;
		const result = await postJson(`${emu.url}/__emulator/url-verification`, { url: targetUrl, echoPlain: 'abc123' });
		expect(result).toMatchObject({ status: 200, body: 'abc123', verified: true });
	});
});
