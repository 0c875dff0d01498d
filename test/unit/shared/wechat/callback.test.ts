/**
 * The WeChat family's callback protocol, on the published samples: URL verification in both
 * forms, and opening a POST in plaintext, compatible and safe mode. Vectors come from the
 * official WXBizMsgCrypt samples (WeCom document/path/90968; the Official Account's Sample.py),
 * wechatpy's signature test, the openssl CLI and @wecom/crypto, never from our own output.
 */
import { execFileSync } from 'child_process';
import * as wecom from '@wecom/crypto';
import type { IWebhookFunctions } from 'n8n-workflow';
import type { WxCallbackKeys, WxOpenOptions } from '../../../../nodes/shared/wechat/callback';
import { answerUrlVerification, dedupeKey, openCallback } from '../../../../nodes/shared/wechat/callback';

/** A webhook context with just what callback.ts reads, and what it answered. */
function request(method: 'GET' | 'POST', query: Record<string, string>, body: string | Buffer = '') {
	const answer = { status: 0, contentType: '', body: '', logs: [] as string[] };
	const res = {
		headersSent: false,
		status(code: number) {
			answer.status = code;
			return res;
		},
		setHeader(_name: string, value: string) {
			answer.contentType = value;
		},
		end(text: string) {
			answer.body = text;
			res.headersSent = true;
		},
	};
	const context = {
		getRequestObject: () => ({ method, rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') }),
		getQueryData: () => query,
		getResponseObject: () => res,
		getNode: () => ({ name: 'Test Trigger' }),
		logger: { debug: (message: string) => answer.logs.push(message) },
	} as unknown as IWebhookFunctions;
	return { context, answer };
}

/** The plaintext-mode signature as the openssl CLI computes it: sha1 of the sorted, joined values. */
function opensslSignature(...parts: string[]): string {
	const out = execFileSync('openssl', ['dgst', '-sha1', '-r'], { input: [...parts].sort().join('') }).toString();
	return out.split(' ')[0].trim();
}

// WeCom's WXBizMsgCrypt samples (Sample.cpp / Sample.cs, developer.work.weixin.qq.com/document/path/90968).
const WECOM: WxCallbackKeys = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' };
const WECOM_ENCRYPT =
	'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const WECOM_POST = {
	query: { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
	body: `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${WECOM_ENCRYPT}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`,
};
const SAFE: WxOpenOptions = { mode: 'safe', maxAgeSeconds: 300, nowMs: 1409659813 * 1000 };

// The Official Account's Python Sample.py (DecryptMsg, a compatible-mode request).
const OA: WxCallbackKeys = { token: 'spamtest', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiveId: 'wx2c2769f8efd9abc2' };
const OA_ENCRYPT =
	'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
const OA_TIME = '1409735669';
const OA_NONCE = '1320562132';
const OA_QUERY = { msg_signature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa', timestamp: OA_TIME, nonce: OA_NONCE };
const OA_OPTIONS = { marksEncryption: true, maxAgeSeconds: 300, nowMs: Number(OA_TIME) * 1000 };
// Plaintext fields beside Encrypt, as compatible mode sends them; these are not signed.
const OA_COMPATIBLE_BODY = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[unsigned copy]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[${OA_ENCRYPT}]]></Encrypt></xml>`;

const plainMessage = (content: string) =>
	`<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[openid-1]]></FromUserName><CreateTime>${OA_TIME}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>1001</MsgId></xml>`;
const plainQuery = (token = OA.token) => ({ signature: opensslSignature(token, OA_TIME, OA_NONCE), timestamp: OA_TIME, nonce: OA_NONCE, openid: 'openid-1' });

describe('URL verification', () => {
	it('encrypted form (WeCom, WeChat KF): answers the decrypted echostr of the VerifyURL sample exactly', () => {
		const { context, answer } = request('GET', {
			msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
			timestamp: '1409659589',
			nonce: '263014780',
			// A sender that leaves "+" unencoded makes it a space; it is put back.
			echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp 4RPcs8TgAE7OaBO FZXvnaqQ==',
		});
		answerUrlVerification(context, WECOM, 'encrypted');
		expect(answer).toMatchObject({ status: 200, body: '1616140317555161061', contentType: 'text/plain; charset=utf-8' });
	});

	it('signed form (Official Account): echoes echostr as sent, on wechatpy\'s signature vector', () => {
		const echostr = '5927782489442352469 +/=';
		const { context, answer } = request('GET', {
			signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff',
			timestamp: '1410685589',
			nonce: 'test',
			echostr,
		});
		answerUrlVerification(context, { ...OA, token: 'test' }, 'signed');
		expect(answer).toMatchObject({ status: 200, body: echostr });
	});

	it.each([
		['encrypted', { msg_signature: 'f'.repeat(40), timestamp: '1', nonce: 'n', echostr: 'abcd' }, 401],
		['encrypted', { timestamp: '1', nonce: 'n', echostr: 'abcd' }, 400],
		['signed', { signature: opensslSignature('wrong', '1', 'n'), timestamp: '1', nonce: 'n', echostr: 'e' }, 401],
		['signed', { signature: 'x', timestamp: '1', nonce: 'n' }, 400],
		// The encrypted form's signature on the signed form's parameter name: not accepted.
		['signed', { msg_signature: opensslSignature(OA.token, '1', 'n'), timestamp: '1', nonce: 'n', echostr: 'e' }, 400],
	] as const)('%s form refuses %j with %i and no detail', (form, query, status) => {
		const { context, answer } = request('GET', { ...query });
		answerUrlVerification(context, OA, form);
		expect(answer.status).toBe(status);
		expect(answer.body).toMatch(/^(Forbidden|Bad Request)$/);
		expect(answer.logs.join()).not.toContain(OA.token);
	});
});

describe('POST in safe mode (WeCom: always; no encrypt_type)', () => {
	it('opens the DecryptMsg sample', () => {
		const { context } = request('POST', WECOM_POST.query, WECOM_POST.body);
		const opened = openCallback(context, WECOM, SAFE);
		expect(opened).toMatchObject({ ok: true, encrypted: true });
		expect(opened.ok && opened.fields).toMatchObject({
			ToUserName: 'wx5823bf96d3bd56c7',
			FromUserName: 'mycreate',
			MsgType: 'text',
			Content: 'hello',
			MsgId: '4561255354251345929',
			AgentID: '218',
		});
	});

	it.each<[string, number, Record<string, string>, string, Partial<WxOpenOptions>]>([
		['another receiveId', 403, WECOM_POST.query, WECOM_POST.body, {}],
		['a forged signature', 401, { ...WECOM_POST.query, msg_signature: '0'.repeat(40) }, WECOM_POST.body, {}],
		['no msg_signature', 401, { timestamp: '1409659813', nonce: '1372623149' }, WECOM_POST.body, {}],
		['a stale timestamp', 403, WECOM_POST.query, WECOM_POST.body, { nowMs: (1409659813 + 301) * 1000 }],
		['no Encrypt', 400, WECOM_POST.query, '<xml><ToUserName>x</ToUserName></xml>', {}],
		['a malformed body', 400, WECOM_POST.query, '<xml><Encrypt>unterminated', {}],
		['a DTD', 400, WECOM_POST.query, '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>', {}],
		['an oversized body', 413, WECOM_POST.query, `<xml><Encrypt>${'A'.repeat(1024 * 1024)}</Encrypt></xml>`, {}],
	])('refuses %s with %i', (name, status, query, body, options) => {
		const keys = name === 'another receiveId' ? { ...WECOM, receiveId: 'ww_other' } : WECOM;
		const { context, answer } = request('POST', query, body);
		expect(openCallback(context, keys, { ...SAFE, ...options }).ok).toBe(false);
		expect(answer.status).toBe(status);
		expect(answer.logs.join()).not.toMatch(new RegExp(`${WECOM.token}|${WECOM_POST.query.msg_signature}`));
	});

	it('opens a stale one when the window check is off', () => {
		const { context } = request('POST', WECOM_POST.query, WECOM_POST.body);
		expect(openCallback(context, WECOM, { mode: 'safe', maxAgeSeconds: 0 }).ok).toBe(true);
	});
});

describe('POST on the Official Account (encrypt_type=aes marks encryption)', () => {
	it('compatible mode: opens the Sample.py request from its ciphertext, not from the unsigned copy beside it', () => {
		const { context } = request('POST', { ...OA_QUERY, encrypt_type: 'aes' }, OA_COMPATIBLE_BODY);
		const opened = openCallback(context, OA, { mode: 'compatible', ...OA_OPTIONS });
		expect(opened).toMatchObject({ ok: true, encrypted: true, fields: { Content: 'abcdteT', MsgId: '6054768590064713728' } });
	});

	it('compatible mode: takes a plaintext callback by its signature', () => {
		const { context } = request('POST', plainQuery(), plainMessage('hi'));
		expect(openCallback(context, OA, { mode: 'compatible', ...OA_OPTIONS })).toMatchObject({ ok: true, encrypted: false, fields: { Content: 'hi' } });
	});

	it('safe mode: opens a callback sealed by @wecom/crypto', () => {
		const encrypt = wecom.encrypt(OA.encodingAesKey, plainMessage('sealed 你好'), OA.receiveId);
		const query = { msg_signature: wecom.getSignature(OA.token, OA_TIME, OA_NONCE, encrypt), timestamp: OA_TIME, nonce: OA_NONCE, encrypt_type: 'aes' };
		const { context } = request('POST', query, `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
		expect(openCallback(context, OA, { mode: 'safe', ...OA_OPTIONS })).toMatchObject({ ok: true, fields: { Content: 'sealed 你好' } });
	});

	it('safe mode: refuses a correctly signed plaintext callback (no downgrade)', () => {
		const { context, answer } = request('POST', plainQuery(), plainMessage('downgrade'));
		expect(openCallback(context, OA, { mode: 'safe', ...OA_OPTIONS }).ok).toBe(false);
		expect(answer.status).toBe(403);
	});

	it('safe mode: refuses the compatible sample without encrypt_type', () => {
		const { context, answer } = request('POST', OA_QUERY, OA_COMPATIBLE_BODY);
		expect(openCallback(context, OA, { mode: 'safe', ...OA_OPTIONS }).ok).toBe(false);
		expect(answer.status).toBe(403);
	});

	it('plaintext mode: opens a message signed as the openssl CLI signs it', () => {
		const { context } = request('POST', plainQuery(), plainMessage('明文 & <ok>'));
		const opened = openCallback(context, { ...OA, encodingAesKey: '' }, { mode: 'plaintext', ...OA_OPTIONS });
		expect(opened).toMatchObject({ ok: true, encrypted: false, fields: { Content: '明文 & <ok>', FromUserName: 'openid-1' } });
	});

	it.each<[string, number, Record<string, string>, string]>([
		['a wrong token', 401, plainQuery('other-token'), plainMessage('x')],
		['no signature', 401, { timestamp: OA_TIME, nonce: OA_NONCE }, plainMessage('x')],
		['an encrypted-only body', 400, { ...plainQuery(), encrypt_type: 'aes' }, `<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[${OA_ENCRYPT}]]></Encrypt></xml>`],
		['a malformed body', 400, plainQuery(), '<xml><MsgType>text'],
	])('plaintext mode refuses %s with %i', (_name, status, query, body) => {
		const { context, answer } = request('POST', query, body);
		expect(openCallback(context, OA, { mode: 'plaintext', ...OA_OPTIONS }).ok).toBe(false);
		expect(answer.status).toBe(status);
	});

	it.each(['plaintext', 'compatible'] as const)('%s mode: refuses a signed body that is not valid UTF-8 with 400, not as U+FFFD', (mode) => {
		// "你" with its last byte cut: the signature (over the query) holds, the bytes do not decode.
		const [head, tail] = plainMessage('MARK').split('MARK');
		const body = Buffer.concat([Buffer.from(head), Buffer.from('你').subarray(0, 2), Buffer.from(tail)]);
		const { context, answer } = request('POST', plainQuery(), body);
		expect(openCallback(context, OA, { mode, ...OA_OPTIONS }).ok).toBe(false);
		expect(answer.status).toBe(400);
		expect(answer.logs.join()).toContain('not valid UTF-8');
	});

	it('plaintext mode: refuses a replay outside the window', () => {
		const { context, answer } = request('POST', plainQuery(), plainMessage('old'));
		expect(openCallback(context, OA, { mode: 'plaintext', ...OA_OPTIONS, nowMs: (Number(OA_TIME) + 3600) * 1000 }).ok).toBe(false);
		expect(answer.status).toBe(403);
	});
});

describe('dedupeKey', () => {
	it('keys messages by MsgId and events by their whole XML', () => {
		expect(dedupeKey({ MsgId: '42' }, '<xml/>')).toBe('msg:42');
		const a = dedupeKey({ MsgType: 'event' }, '<xml><UserID>a</UserID></xml>');
		expect(a).toMatch(/^event:[0-9a-f]{64}$/);
		expect(dedupeKey({ MsgType: 'event' }, '<xml><UserID>b</UserID></xml>')).not.toBe(a);
	});
});
