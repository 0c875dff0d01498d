import { execFileSync } from 'child_process';
import { createCipheriv, createDecipheriv, createHmac } from 'crypto';
import { inflateSync } from 'zlib';
import * as wecom from '@wecom/crypto';
import {
	CryptoInputError,
	meituanDecryptContent,
	meituanEncryptContent,
	meituanSign,
	safeEqual,
	timCallbackSign,
	timUserSig,
	timUserSigHmac,
	wxDecrypt,
	wxEncrypt,
	wxSignature,
	zlibStored,
} from '../../../nodes/shared/crypto';

// tls-sig-api-v2 ships no type declarations.
const { Api: TlsSigApi } = require('tls-sig-api-v2') as {
	Api: new (sdkAppId: number | string, key: string) => { genSig(userId: string, expire: number): string };
};

/** Seeded PRNG (mulberry32) so a failing random case can be replayed exactly. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomInt(rand: () => number, min: number, max: number): number {
	return min + Math.floor(rand() * (max - min + 1));
}

function randomBuffer(rand: () => number, length: number): Buffer {
	const out = Buffer.alloc(length);
	for (let k = 0; k < length; k++) out[k] = randomInt(rand, 0, 255);
	return out;
}

function randomEncodingAesKey(rand: () => number): string {
	return randomBuffer(rand, 32).toString('base64').slice(0, 43);
}

function randomAscii(rand: () => number, length: number, alphabet = ''): string {
	const chars = alphabet || 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
	let out = '';
	for (let k = 0; k < length; k++) out += chars[randomInt(rand, 0, chars.length - 1)];
	return out;
}

/** Text mixing ASCII, XML metacharacters, CJK, other BMP scripts and astral emoji. */
function randomUnicode(rand: () => number, length: number): string {
	let out = '';
	for (let k = 0; k < length; k++) {
		const pick = rand();
		if (pick < 0.3) out += randomAscii(rand, 1);
		else if (pick < 0.4) out += ['<', '&', ']]>', '\n', '\r\n', '\t', '"'][randomInt(rand, 0, 6)];
		else if (pick < 0.7) out += String.fromCodePoint(randomInt(rand, 0x4e00, 0x9fff));
		else if (pick < 0.85) out += String.fromCodePoint(randomInt(rand, 0x1f300, 0x1f64f));
		else out += String.fromCodePoint(randomInt(rand, 0xa0, 0x2fff));
	}
	return out;
}

function randomReceiveId(rand: () => number): string {
	const pick = rand();
	if (pick < 0.45) return 'ww' + randomBuffer(rand, 8).toString('hex');
	if (pick < 0.9) return 'wx' + randomBuffer(rand, 8).toString('hex');
	if (pick < 0.95) return '';
	return '企业' + randomAscii(rand, 4);
}

/** AES-256-CBC exactly as WXBizMsgCrypt uses it (IV = first 16 key bytes), without any padding logic. */
function rawWxCipher(encodingAesKey: string, data: Buffer, decrypt = false): Buffer {
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	const cipher = decrypt
		? createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
		: createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** random(16) ‖ uint32 BE length ‖ msg ‖ receiveId, padded to 32 with pad bytes worth `pad`. */
function wxPlain(random: Buffer, declaredLength: number, message: Buffer, receiveId: string, pad?: number): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(declaredLength, 0);
	const body = Buffer.concat([random, length, message, Buffer.from(receiveId)]);
	const padding = pad ?? 32 - (body.length % 32);
	return Buffer.concat([body, Buffer.alloc(padding, padding)]);
}

function caughtInputError(fn: () => unknown, message: RegExp, secrets: string[] = []): void {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(CryptoInputError);
	const text = (caught as Error).message;
	expect((caught as Error).name).toBe('CryptoInputError');
	expect(text).toMatch(message);
	for (const secret of secrets) expect(text).not.toContain(secret);
}

function md5sum(text: string): string {
	return execFileSync('md5sum', { input: Buffer.from(text, 'utf8') }).toString('utf8').split(' ')[0];
}

/** Meituan's msg_content cipher by the openssl CLI: AES-128-CBC with the key as IV too. */
function opensslCbcEncrypt(keyBytes: Buffer, text: string): string {
	const hex = keyBytes.toString('hex');
	return execFileSync('openssl', ['enc', '-aes-128-cbc', '-K', hex, '-iv', hex, '-nosalt', '-base64', '-A'], {
		input: Buffer.from(text, 'utf8'),
	})
		.toString('utf8')
		.trim();
}

function opensslCbcDecrypt(keyBytes: Buffer, base64: string): string {
	const hex = keyBytes.toString('hex');
	return execFileSync('openssl', ['enc', '-d', '-aes-128-cbc', '-K', hex, '-iv', hex, '-nosalt', '-base64', '-A'], {
		input: base64,
	}).toString('utf8');
}

/** A UserSig back to the JSON document it carries: undo the URL-safe alphabet, base64, zlib. */
function openUserSig(sig: string): { json: string; deflate: Buffer } {
	const zlibBytes = Buffer.from(sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
	return { json: inflateSync(zlibBytes).toString('utf8'), deflate: zlibBytes };
}

describe('known-answer vectors', () => {
	// wechatpy tests/test_enterprise_crypto.py, CryptoTestCase.
	const token = '123456';
	const encodingAesKey = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
	const corpId = 'wx49f0ab532d5d035a';

	it('verifies the wechatpy URL-verification request and decrypts its echostr', () => {
		const echostr = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
		expect(wxSignature(token, '1411443780', '437374425', echostr)).toBe('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96');
		expect(wxSignature(token, 1411443780, 437374425, echostr)).toBe('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96');
		// test_check_signature_should_fail: the same request with nonce 437374424.
		expect(wxSignature(token, '1411443780', '437374424', echostr)).not.toBe('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96');
		expect(wxDecrypt(encodingAesKey, echostr, corpId)).toEqual({ message: '5927782489442352469', receiveId: corpId });
	});

	it('reproduces wechatpy encrypt_message with its fixed random string', () => {
		const reply = `<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>`;
		const expected =
			'9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3';
		const encrypted = wxEncrypt(encodingAesKey, corpId, reply, '1234567890123456');
		expect(encrypted).toBe(expected);
		expect(wxSignature(token, '1411525903', '461056294', encrypted)).toBe('407518b7649e86ef23978113f92d27afa9296533');
	});

	it('verifies and decrypts the wechatpy decrypt_message sample', () => {
		const encrypted =
			'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
		expect(wxSignature(token, '1411525903', '461056294', encrypted)).toBe('74d92dfeb87ba7c714f89d98870ae5eb62dff26d');
		const { message, receiveId } = wxDecrypt(encodingAesKey, encrypted, corpId);
		expect(receiveId).toBe(corpId);
		expect(message).toContain('<Content><![CDATA[test]]></Content>');
		expect(message).toContain('<FromUserName><![CDATA[messense]]></FromUserName>');
	});

	// wechatpy tests/test_utils.py, test_check_signature_should_ok (plaintext mode: no Encrypt).
	it('computes the plaintext-mode signature', () => {
		expect(wxSignature('test', '1410685589', 'test')).toBe('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff');
		expect(wxSignature('test', '1410685589', 'test')).not.toBe('f21891de399b4e33a1a93c9a7b8a8fffb5a443fe');
	});

	describe('WeCom official WXBizMsgCrypt samples (Sample.cpp / Sample.cs, document/path/90968)', () => {
		const weToken = 'QDG6eK';
		const weKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
		const weCorpId = 'wx5823bf96d3bd56c7';

		// VerifyURL sample; WeChat's Java WXBizMsgCryptTest.testVerifyUrl uses the same request.
		it('verifies the VerifyURL sample', () => {
			const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
			expect(wxSignature(weToken, '1409659589', '263014780', echostr)).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
			expect(wxDecrypt(weKey, echostr, weCorpId)).toEqual({ message: '1616140317555161061', receiveId: weCorpId });
		});

		it('verifies and decrypts the DecryptMsg sample', () => {
			const encrypted =
				'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
			expect(wxSignature(weToken, '1409659813', '1372623149', encrypted)).toBe('477715d11cdb4164915debcba66cb864d751f3e6');
			const { message, receiveId } = wxDecrypt(weKey, encrypted, weCorpId);
			// The documentation lists the decrypted fields; receiveid is the corpId.
			expect(receiveId).toBe(weCorpId);
			for (const field of [
				'<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>',
				'<FromUserName><![CDATA[mycreate]]></FromUserName>',
				'<CreateTime>1409659813</CreateTime>',
				'<MsgType><![CDATA[text]]></MsgType>',
				'<Content><![CDATA[hello]]></Content>',
				'<MsgId>4561255354251345929</MsgId>',
				'<AgentID>218</AgentID>',
			]) {
				expect(message).toContain(field);
			}
			expect(message).toBe(wecom.decrypt(weKey, encrypted).message);
		});
	});

	describe('WeChat Official Account WXBizMsgCrypt samples', () => {
		const oaKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

		// Java WXBizMsgCryptTest.testAesEncrypt and testAesEncrypt2 (also in WxJava's WxCryptUtilTest).
		it('reproduces testAesEncrypt / testAesEncrypt2 (fixed random, Chinese text)', () => {
			const appId = 'wxb11529c136998cb6';
			expect(wxEncrypt(oaKey, appId, '我是中文abcd123', 'aaaabbbbccccdddd')).toBe(
				'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
			);
			const replyMsg2 =
				'<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>';
			const afterAesEncrypt2 =
				'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb';
			expect(wxEncrypt(oaKey, appId, replyMsg2, 'aaaabbbbccccdddd')).toBe(afterAesEncrypt2);
			expect(wxDecrypt(oaKey, afterAesEncrypt2, appId).message).toBe(replyMsg2);
		});

		// Python Sample.py, DecryptMsg (compatibility mode: the plaintext fields sit next to Encrypt).
		it('verifies and decrypts the Sample.py DecryptMsg request', () => {
			const encrypted =
				'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
			expect(wxSignature('spamtest', '1409735669', '1320562132', encrypted)).toBe('5d197aaffba7e9b25a30732f161a50dee96bd5fa');
			const { message, receiveId } = wxDecrypt(oaKey, encrypted, 'wx2c2769f8efd9abc2');
			expect(receiveId).toBe('wx2c2769f8efd9abc2');
			expect(message).toContain('<Content><![CDATA[abcdteT]]></Content>');
			expect(message).toContain('<MsgId>6054768590064713728</MsgId>');
		});
	});

	// Tencent Cloud Chat webhook overview, "Signature algorithm sample": Sign = sha256(Token + RequestTime).
	it('computes the Tencent Cloud IM callback signature from the documentation', () => {
		const sign = '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061';
		expect(timCallbackSign('xxxxyyyy', '1669872112')).toBe(sign);
		expect(timCallbackSign('xxxxyyyy', 1669872112)).toBe(sign);
		expect(timCallbackSign('xxxxyyyy', '1669872113')).not.toBe(sign);
	});

	// 美团外卖开放平台 接入指南, 签名算法 example: the MD5 stated there is of the string with
	// app_poi_codes (the doc's sorted-parameter line says app_poi_code, and its final sig differs
	// again; the concatenated string and the MD5 below are the pair that agree).
	it('computes the Meituan documentation example signature', () => {
		const url = 'http://waimaiopen.meituan.com/api/v1/poi/mget';
		const secret = 'd31ba58fd73c71db697ab5e4946d52d';
		const params = { timestamp: 1389751221, app_poi_codes: '31', app_id: 1235123121 };
		expect(meituanSign(url, params, secret)).toBe('00934d00d0aea6f12161edfb6456143d');
		expect(meituanSign(url, { ...params, sig: 'anything' }, secret)).toBe('00934d00d0aea6f12161edfb6456143d');
	});
});

describe('wxDecrypt refuses bad input with a clear message that never contains the key', () => {
	const rand = prng(0x5eed);
	const key = randomEncodingAesKey(rand);
	const keyHex = Buffer.from(key + '=', 'base64').toString('hex');
	const secrets = [key, keyHex];
	const random = randomBuffer(rand, 16);

	it('builds valid ciphertexts with the helpers (so the failures below are the intended ones)', () => {
		const plain = wxPlain(random, 5, Buffer.from('hello'), 'wwcorp');
		expect(wxDecrypt(key, rawWxCipher(key, plain).toString('base64'), 'wwcorp')).toEqual({
			message: 'hello',
			receiveId: 'wwcorp',
		});
	});

	it.each([
		['42 characters', 'a'.repeat(42)],
		['44 characters', 'a'.repeat(44)],
		['a URL-safe - character', '-'.repeat(43)],
		['a URL-safe _ character', 'a'.repeat(42) + '_'],
		['= padding included', 'a'.repeat(42) + '='],
		['a space', 'a'.repeat(21) + ' ' + 'a'.repeat(21)],
		['non-ASCII', '密'.repeat(43)],
		['an empty string', ''],
	])('refuses an EncodingAESKey with %s', (_label, badKey) => {
		caughtInputError(() => wxDecrypt(badKey, 'AAAA'), /EncodingAESKey must be 43 characters of base64/, badKey ? [badKey] : []);
		caughtInputError(() => wxEncrypt(badKey, 'id', 'm'), /EncodingAESKey must be 43 characters of base64/, badKey ? [badKey] : []);
	});

	it('refuses a key that is not a string', () => {
		caughtInputError(() => wxDecrypt(undefined as unknown as string, 'AAAA'), /EncodingAESKey must be 43 characters/);
	});

	it.each([
		['empty', ''],
		['length not a multiple of 4', 'QUJDRA'],
		['a character outside base64', 'QUJD$A=='],
		['URL-safe characters', 'ab-_'],
		['a line break', 'QUJD\nQUJD'],
		['misplaced padding', 'QU==QUJD'],
		['three padding characters', 'Q==='],
	])('refuses ciphertext that is not base64: %s', (_label, encrypted) => {
		caughtInputError(() => wxDecrypt(key, encrypted), /Encrypted data is not valid base64/, secrets);
	});

	it.each([1, 15, 17, 20, 33])('refuses %i bytes of ciphertext (not a multiple of 16)', (size) => {
		caughtInputError(
			() => wxDecrypt(key, randomBuffer(rand, size).toString('base64')),
			/not a multiple of the AES block size/,
			secrets,
		);
	});

	it.each([0, 33, 64, 255])('refuses a final pad byte of %i', (pad) => {
		const plain = Buffer.concat([wxPlain(random, 2, Buffer.from('hi'), 'id').subarray(0, 31), Buffer.from([pad])]);
		caughtInputError(() => wxDecrypt(key, rawWxCipher(key, plain).toString('base64')), /invalid padding/, secrets);
	});

	it('refuses a pad larger than the whole plaintext', () => {
		const plain = Buffer.concat([randomBuffer(rand, 15), Buffer.from([20])]);
		caughtInputError(() => wxDecrypt(key, rawWxCipher(key, plain).toString('base64')), /invalid padding/, secrets);
	});

	it('refuses padding whose bytes are not all the pad length (full PKCS#7 check)', () => {
		const plain = wxPlain(random, 2, Buffer.from('hi'), 'id');
		const pad = plain[plain.length - 1];
		expect(pad).toBeGreaterThan(1);
		// The last byte still claims a valid pad; the first pad byte says otherwise.
		plain[plain.length - pad] = pad - 1;
		caughtInputError(() => wxDecrypt(key, rawWxCipher(key, plain).toString('base64')), /invalid padding/, secrets);
	});

	it.each([
		['a lone continuation byte', Buffer.from([0x68, 0x80, 0x69])],
		['a truncated 3-byte sequence', Buffer.from([0xe4, 0xbd])],
		['an overlong encoding', Buffer.from([0xc0, 0xaf])],
	])('refuses a message that is not UTF-8 (%s) instead of replacing it', (_label, bytes) => {
		const plain = wxPlain(random, bytes.length, bytes, 'id');
		caughtInputError(() => wxDecrypt(key, rawWxCipher(key, plain).toString('base64')), /Decrypted message is not valid UTF-8/, secrets);
	});

	it('refuses plaintext too short to hold the random and length fields', () => {
		const plain = Buffer.concat([randomBuffer(rand, 16), Buffer.alloc(16, 16)]);
		caughtInputError(() => wxDecrypt(key, rawWxCipher(key, plain).toString('base64')), /too short/, secrets);
	});

	it.each([
		['far past the end', 1000],
		['one byte past the end', 5 + 'wwcorp'.length + 1],
		['the largest uint32', 0xffffffff],
	])('refuses a length field %s', (_label, declared) => {
		const plain = wxPlain(random, declared, Buffer.from('hello'), 'wwcorp');
		caughtInputError(
			() => wxDecrypt(key, rawWxCipher(key, plain).toString('base64')),
			/length field points past the end/,
			secrets,
		);
	});

	it('accepts a length field that leaves an empty receiveId', () => {
		const plain = wxPlain(random, 11, Buffer.from('hello'), 'wwcorp');
		expect(wxDecrypt(key, rawWxCipher(key, plain).toString('base64'))).toEqual({ message: 'hellowwcorp', receiveId: '' });
	});

	it('refuses a receiveId other than the expected one, but returns it when none is expected', () => {
		const encrypted = wxEncrypt(key, 'wwcorpA', 'payload');
		caughtInputError(() => wxDecrypt(key, encrypted, 'wwcorpB'), /receiveId does not match/, [...secrets, 'wwcorpA']);
		caughtInputError(() => wxDecrypt(key, encrypted, ''), /receiveId does not match/, secrets);
		expect(wxDecrypt(key, encrypted)).toEqual({ message: 'payload', receiveId: 'wwcorpA' });
	});

	it('refuses ciphertext made with another key, without naming either key', () => {
		const local = prng(42);
		const seen = new Set<string>();
		for (let k = 0; k < 200; k++) {
			const right = randomEncodingAesKey(local);
			const wrong = randomEncodingAesKey(local);
			const message = randomUnicode(local, randomInt(local, 0, 60));
			const encrypted = wxEncrypt(right, 'wwcorp', message, randomBuffer(local, 16));
			let caught: unknown;
			try {
				wxDecrypt(wrong, encrypted, 'wwcorp');
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(CryptoInputError);
			const text = (caught as Error).message;
			expect(text).not.toContain(right);
			expect(text).not.toContain(wrong);
			seen.add(text);
		}
		// A wrong key yields noise: mostly an impossible pad byte, else a pad that leaves too
		// little data or a nonsense length field. Never a "successful" garbage message.
		const noise = [
			'Decrypted data has invalid padding (wrong EncodingAESKey?)',
			'Decrypted data is too short',
			'Decrypted message length field points past the end of the data',
		];
		expect(noise).toEqual(expect.arrayContaining([...seen]));
		expect(seen.has(noise[0])).toBe(true);
	});
});

describe('wxEncrypt with a fixed random', () => {
	const key = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';

	it('is deterministic and identical for a Buffer and the same 16-character string', () => {
		const fromString = wxEncrypt(key, 'wwcorp', '你好 hello', 'abcdefghijklmnop');
		expect(wxEncrypt(key, 'wwcorp', '你好 hello', 'abcdefghijklmnop')).toBe(fromString);
		expect(wxEncrypt(key, 'wwcorp', '你好 hello', Buffer.from('abcdefghijklmnop'))).toBe(fromString);
		expect(fromString).toBe(wecom.encrypt(key, '你好 hello', 'wwcorp', Buffer.from('abcdefghijklmnop')));
	});

	it('matches @wecom/crypto for binary randoms', () => {
		const rand = prng(7);
		for (let k = 0; k < 50; k++) {
			const random = randomBuffer(rand, 16);
			const message = randomUnicode(rand, randomInt(rand, 0, 40));
			expect(wxEncrypt(key, 'wx49f0ab532d5d035a', message, random)).toBe(
				wecom.encrypt(key, message, 'wx49f0ab532d5d035a', random),
			);
		}
	});

	it('draws a fresh random when none is given', () => {
		const first = wxEncrypt(key, 'wwcorp', 'same');
		const second = wxEncrypt(key, 'wwcorp', 'same');
		expect(first).not.toBe(second);
		expect(wxDecrypt(key, first, 'wwcorp').message).toBe('same');
		expect(wxDecrypt(key, second, 'wwcorp').message).toBe('same');
	});

	it.each([
		['15 bytes', Buffer.alloc(15)],
		['17 bytes', Buffer.alloc(17)],
		['a 15-character string', 'abcdefghijklmno'],
		['16 characters that are more than 16 UTF-8 bytes', '密abcdefghijklmno'],
	])('refuses a random of %s', (_label, random) => {
		caughtInputError(() => wxEncrypt(key, 'wwcorp', 'm', random), /random16 must be exactly 16 bytes/, [key]);
	});
});

describe('randomised cross-check against @wecom/crypto', () => {
	it('agrees in both directions for every message length 0..100 (all 32 pad values)', () => {
		const rand = prng(2024);
		const pads = new Set<number>();
		for (let length = 0; length <= 100; length++) {
			for (let rep = 0; rep < 10; rep++) {
				const key = randomEncodingAesKey(rand);
				const receiveId = randomReceiveId(rand);
				const message = randomAscii(rand, length);
				const random = randomBuffer(rand, 16);

				const ours = wxEncrypt(key, receiveId, message, random);
				expect(ours).toBe(wecom.encrypt(key, message, receiveId, random));
				const opened = wecom.decrypt(key, ours);
				expect(opened.message).toBe(message);
				expect(opened.id).toBe(receiveId);
				expect(opened.random.equals(random)).toBe(true);
				const plain = rawWxCipher(key, Buffer.from(ours, 'base64'), true);
				pads.add(plain[plain.length - 1]);

				const theirs = wecom.encrypt(key, message, receiveId);
				expect(wxDecrypt(key, theirs, receiveId)).toEqual({ message, receiveId });
			}
		}
		expect([...pads].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_v, k) => k + 1));
	});

	it('agrees in both directions on random UTF-8 (CJK, emoji, XML metacharacters)', () => {
		const rand = prng(1234567);
		for (let k = 0; k < 1500; k++) {
			const key = randomEncodingAesKey(rand);
			const receiveId = randomReceiveId(rand);
			const message = randomUnicode(rand, randomInt(rand, 0, 300));

			const ours = wxEncrypt(key, receiveId, message);
			const opened = wecom.decrypt(key, ours);
			expect(opened.message).toBe(message);
			expect(opened.id).toBe(receiveId);

			const theirs = wecom.encrypt(key, message, receiveId);
			expect(wxDecrypt(key, theirs, receiveId)).toEqual({ message, receiveId });
		}
	});

	it('computes the same msg_signature as getSignature', () => {
		const rand = prng(99);
		for (let k = 0; k < 500; k++) {
			const token = randomAscii(rand, randomInt(rand, 1, 32), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
			const timestamp = rand() < 0.5 ? randomInt(rand, 1e9, 2e9) : String(randomInt(rand, 1e9, 2e9));
			const nonce = rand() < 0.5 ? randomInt(rand, 0, 2 ** 31) : randomAscii(rand, randomInt(rand, 1, 16));
			const encrypt = randomBuffer(rand, 16 * randomInt(rand, 1, 20)).toString('base64');
			expect(wxSignature(token, timestamp, nonce, encrypt)).toBe(wecom.getSignature(token, timestamp, nonce, encrypt));
		}
	});
});

describe('timUserSig against tls-sig-api-v2', () => {
	afterEach(() => {
		jest.restoreAllMocks();
	});

	/** The HMAC as Tencent documents it, written out here rather than taken from crypto.ts. */
	function expectedHmac(sdkAppId: number, key: string, identifier: string, time: number, expire: number): string {
		return createHmac('sha256', key)
			.update(`TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`)
			.digest('base64');
	}

	it('carries the same JSON document as genSig, with an independently verified TLS.sig', () => {
		const rand = prng(31337);
		const identifiers = ['administrator', 'user_01', 'a-b', '用户甲', 'x'.repeat(32)];
		for (let k = 0; k < 200; k++) {
			const sdkAppId = 1400000000 + randomInt(rand, 0, 99999999);
			const key = randomBuffer(rand, 32).toString('hex');
			const identifier =
				k < identifiers.length
					? identifiers[k]
					: randomAscii(rand, randomInt(rand, 1, 32), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');
			const expire = randomInt(rand, 1, 86400 * 180);
			const nowMs = randomInt(rand, 1.6e12, 2e12);
			const time = Math.floor(nowMs / 1000);
			jest.spyOn(Date, 'now').mockReturnValue(nowMs);

			const official = new TlsSigApi(sdkAppId, key).genSig(identifier, expire);
			const ours = k % 2 === 0 ? timUserSig(sdkAppId, key, identifier, expire) : timUserSig(String(sdkAppId), key, identifier, expire, time);
			expect(ours).toMatch(/^[A-Za-z0-9*_-]+$/);

			const theirDoc = openUserSig(official);
			const ourDoc = openUserSig(ours);
			expect(ourDoc.json).toBe(theirDoc.json);

			const doc = JSON.parse(ourDoc.json) as Record<string, unknown>;
			expect(Object.keys(doc)).toEqual(['TLS.ver', 'TLS.identifier', 'TLS.sdkappid', 'TLS.time', 'TLS.expire', 'TLS.sig']);
			expect(doc['TLS.ver']).toBe('2.0');
			expect(doc['TLS.identifier']).toBe(identifier);
			expect(doc['TLS.sdkappid']).toBe(sdkAppId);
			expect(doc['TLS.time']).toBe(time);
			expect(doc['TLS.expire']).toBe(expire);
			expect(doc['TLS.sig']).toBe(expectedHmac(sdkAppId, key, identifier, time, expire));
			expect(timUserSigHmac(sdkAppId, key, identifier, time, expire)).toBe(doc['TLS.sig']);

			// Same document, different deflate: we write stored blocks (BTYPE 00), zlib compresses.
			expect((ourDoc.deflate[2] >> 1) & 3).toBe(0);
			expect((theirDoc.deflate[2] >> 1) & 3).not.toBe(0);
			jest.restoreAllMocks();
		}
	});

	it('changes TLS.sig with the key, the identifier and the time', () => {
		const base = JSON.parse(openUserSig(timUserSig(1400000001, 'k1', 'alice', 3600, 1700000000)).json)['TLS.sig'];
		for (const sig of [
			timUserSig(1400000001, 'k2', 'alice', 3600, 1700000000),
			timUserSig(1400000001, 'k1', 'bob', 3600, 1700000000),
			timUserSig(1400000001, 'k1', 'alice', 3600, 1700000001),
			timUserSig(1400000001, 'k1', 'alice', 3601, 1700000000),
		]) {
			expect(JSON.parse(openUserSig(sig).json)['TLS.sig']).not.toBe(base);
		}
	});

	it('refuses an empty secret key', () => {
		caughtInputError(() => timUserSig(1400000001, '', 'alice', 3600), /secret key is empty/);
	});
});

describe('meituanSign', () => {
	const url = 'https://waimaiopen.meituan.com/api/v1/poi/save';
	const secret = 'a00ba58f000001aa697ab000006d52d';

	// The documentation's second example: Chinese values are signed as they are, not URL-encoded.
	it('signs Chinese values raw, in sorted order', () => {
		const params = {
			timestamp: 1389751221,
			name: '丽华快餐',
			app_id: 1235123121,
			address: '北苑路北站K酷时代广场4层',
			app_poi_code: 31,
		};
		const byHand =
			url + '?address=北苑路北站K酷时代广场4层&app_id=1235123121&app_poi_code=31&name=丽华快餐&timestamp=1389751221' + secret;
		expect(meituanSign(url, params, secret)).toBe(md5sum(byHand));
	});

	it('does not encode &, =, %, +, spaces or JSON in values', () => {
		const params = { detail: '[{"app_food_code":"1","price":0.01}]', caution: 'a&b=c %20 +x', app_id: 9 };
		const byHand = url + '?app_id=9&caution=a&b=c %20 +x&detail=[{"app_food_code":"1","price":0.01}]' + secret;
		expect(meituanSign(url, params, secret)).toBe(md5sum(byHand));
	});

	it('sorts names by code unit (upper case, underscore, then lower case)', () => {
		const params = { a1: '4', a: '3', _x: '2', B: '1' };
		expect(meituanSign(url, params, secret)).toBe(md5sum(url + '?B=1&_x=2&a=3&a1=4' + secret));
	});

	it('leaves out sig, null and undefined but keeps empty strings and booleans', () => {
		const params = { sig: 'x', gone: null, missing: undefined, empty: '', flag: true, app_id: 1 };
		expect(meituanSign(url, params, secret)).toBe(md5sum(url + '?app_id=1&empty=&flag=true' + secret));
	});
});

describe('Meituan message content encryption (AES-128-CBC, key = IV) against the openssl CLI', () => {
	const secrets = ['a00ba58f000001aa697ab000006d52d', 'abcdefghijklmnop', '密钥密钥密钥abcdefgh'];
	const texts = ['', 'hello', 'abcdefghijklmnop', '你好，美团外卖 😀', '{"msg":"订单\\"已\\"送达","n":1}', '长'.repeat(700)];

	it.each(secrets)('matches openssl both ways with secret %s (key = its first 16 UTF-8 bytes)', (secret) => {
		const keyBytes = Buffer.from(secret, 'utf8').subarray(0, 16);
		for (const text of texts) {
			const ours = meituanEncryptContent(secret, text);
			expect(ours).toBe(opensslCbcEncrypt(keyBytes, text));
			expect(opensslCbcDecrypt(keyBytes, ours)).toBe(text);
			expect(meituanDecryptContent(secret, opensslCbcEncrypt(keyBytes, text))).toBe(text);
		}
	});

	it('is CBC, not ECB: two equal plaintext blocks give different ciphertext blocks', () => {
		const data = Buffer.from(meituanEncryptContent('abcdefghijklmnop', 'A'.repeat(32)), 'base64');
		expect(data.subarray(0, 16).equals(data.subarray(16, 32))).toBe(false);
	});

	it('refuses content that decrypts to something other than UTF-8', () => {
		const keyBytes = Buffer.from('abcdefghijklmnop');
		const hex = keyBytes.toString('hex');
		const bad = execFileSync('openssl', ['enc', '-aes-128-cbc', '-K', hex, '-iv', hex, '-nosalt', '-base64', '-A'], {
			input: Buffer.from([0xff, 0xfe, 0x41]),
		})
			.toString('utf8')
			.trim();
		caughtInputError(() => meituanDecryptContent('abcdefghijklmnop', bad), /Meituan content is not valid UTF-8/, ['abcdefghijklmnop']);
	});

	it('ignores everything after the 16th byte of the secret', () => {
		expect(meituanEncryptContent('abcdefghijklmnopXYZ', 'x')).toBe(meituanEncryptContent('abcdefghijklmnop', 'x'));
		expect(meituanEncryptContent('abcdefghijklmnoq', 'x')).not.toBe(meituanEncryptContent('abcdefghijklmnop', 'x'));
	});

	it('reports a wrong secret clearly', () => {
		const encrypted = meituanEncryptContent('a00ba58f000001aa697ab000006d52d', '订单已送达');
		caughtInputError(
			() => meituanDecryptContent('b00ba58f000001aa697ab000006d52d', encrypted),
			/could not be decrypted \(wrong app secret\?\)/,
			['a00ba58f000001aa697ab000006d52d', 'b00ba58f000001aa697ab000006d52d', 'b00ba58f000001aa'],
		);
	});

	it('refuses a secret shorter than 16 bytes', () => {
		caughtInputError(() => meituanEncryptContent('short-secret', 'x'), /at least 16 characters/, ['short-secret']);
		caughtInputError(() => meituanDecryptContent('short-secret', 'AAAAAAAAAAAAAAAAAAAAAA=='), /at least 16 characters/, [
			'short-secret',
		]);
		caughtInputError(() => meituanEncryptContent('', 'x'), /at least 16 characters/);
	});

	it('refuses content that is not base64 or not whole blocks', () => {
		const secret = 'abcdefghijklmnop';
		caughtInputError(() => meituanDecryptContent(secret, ''), /not valid base64/, [secret]);
		caughtInputError(() => meituanDecryptContent(secret, 'not base64!'), /not valid base64/, [secret]);
		caughtInputError(() => meituanDecryptContent(secret, Buffer.alloc(20).toString('base64')), /not a multiple of 16/, [
			secret,
		]);
	});
});

describe('zlibStored', () => {
	it.each([0, 1, 65535, 65536, 200000])('produces a zlib stream that inflates back to %i bytes', (size) => {
		const data = randomBuffer(prng(size + 1), size);
		const stream = zlibStored(data);
		expect(inflateSync(stream).equals(data)).toBe(true);
		expect([stream[0], stream[1]]).toEqual([0x78, 0x01]);
		const blocks = Math.max(1, Math.ceil(size / 65535));
		expect(stream.length).toBe(2 + 5 * blocks + size + 4);
	});

	it('ends with a correct Adler-32 (inflate rejects a corrupted one)', () => {
		const stream = zlibStored(Buffer.from('TLS.sig'));
		stream[stream.length - 1] ^= 1;
		expect(() => inflateSync(stream)).toThrow(/incorrect data check/);
	});
});

describe('safeEqual', () => {
	it('compares strings, including different lengths and multi-byte text', () => {
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abd')).toBe(false);
		expect(safeEqual('abc', 'abcd')).toBe(false);
		expect(safeEqual('', '')).toBe(true);
		expect(safeEqual('签名', '签名')).toBe(true);
		expect(safeEqual('签名', '签到')).toBe(false);
	});
});
