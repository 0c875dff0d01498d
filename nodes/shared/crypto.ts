/**
 * Signatures and encryption of the five platforms. Pure functions: no n8n import, so the same
 * code serves the nodes, the emulator and anyone using this package as a library.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

/** An error in caller-supplied crypto input; its message never contains key material. */
export class CryptoInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CryptoInputError';
	}
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function sha1Hex(text: string): string {
	return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two strings (false when the lengths differ). */
export function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(String(a), 'utf8');
	const right = Buffer.from(String(b), 'utf8');
	if (left.length !== right.length) {
		// Compare against itself so the time taken does not depend on where the strings differ.
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}

/**
 * WeChat / WeCom callback signature: SHA-1 over the sorted, concatenated strings.
 * Plaintext mode signs (token, timestamp, nonce); safe mode adds the Encrypt field.
 * Docs: developer.work.weixin.qq.com/document/path/90968 (加解密方案说明).
 */
export function wxSignature(
	token: string,
	timestamp: string | number,
	nonce: string | number,
	encrypt?: string,
): string {
	const parts = [String(token), String(timestamp), String(nonce)];
	if (encrypt !== undefined) parts.push(String(encrypt));
	return sha1Hex(parts.sort().join(''));
}

function wxKey(encodingAesKey: string): Buffer {
	if (typeof encodingAesKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
		throw new CryptoInputError('EncodingAESKey must be 43 characters of base64 (A-Z, a-z, 0-9, +, /)');
	}
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	if (key.length !== 32) {
		throw new CryptoInputError('EncodingAESKey must decode to 32 bytes');
	}
	return key;
}

const WX_BLOCK = 32;

/**
 * WXBizMsgCrypt encryption: AES-256-CBC, IV = key[0..16], plaintext =
 * random(16) ‖ uint32 BE length ‖ message ‖ receiveId, PKCS#7 padded to 32 bytes.
 */
export function wxEncrypt(
	encodingAesKey: string,
	receiveId: string,
	message: string,
	random16?: Buffer | string,
): string {
	const key = wxKey(encodingAesKey);
	let random: Buffer;
	if (random16 === undefined) {
		random = randomBytes(16);
	} else {
		random = Buffer.isBuffer(random16) ? random16 : Buffer.from(random16, 'utf8');
		if (random.length !== 16) throw new CryptoInputError('random16 must be exactly 16 bytes');
	}
	const body = Buffer.from(String(message), 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plain = Buffer.concat([random, length, body, Buffer.from(String(receiveId), 'utf8')]);
	const pad = WX_BLOCK - (plain.length % WX_BLOCK);
	const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes that must be UTF-8: invalid sequences are an error, not U+FFFD put in silently. */
export function strictUtf8(bytes: Uint8Array, what: string): string {
	let text: string | undefined;
	try {
		text = UTF8.decode(bytes);
	} catch {
		text = undefined;
	}
	if (text === undefined) throw new CryptoInputError(`${what} is not valid UTF-8`);
	return text;
}

/** WXBizMsgCrypt decryption; checks padding, length field and (optionally) the receiveId. */
export function wxDecrypt(
	encodingAesKey: string,
	encrypted: string,
	expectedReceiveId?: string,
): { message: string; receiveId: string } {
	const key = wxKey(encodingAesKey);
	if (typeof encrypted !== 'string' || encrypted.length === 0 || !BASE64.test(encrypted)) {
		throw new CryptoInputError('Encrypted data is not valid base64');
	}
	const data = Buffer.from(encrypted, 'base64');
	if (data.length === 0 || data.length % 16 !== 0) {
		throw new CryptoInputError('Encrypted data length is not a multiple of the AES block size');
	}
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const plain = Buffer.concat([decipher.update(data), decipher.final()]);
	const pad = plain[plain.length - 1];
	// PKCS#7: every pad byte holds the pad length; checking only the last one lets a tampered or
	// mis-keyed block through about once in 32.
	if (pad < 1 || pad > WX_BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
		throw new CryptoInputError('Decrypted data has invalid padding (wrong EncodingAESKey?)');
	}
	const content = plain.subarray(0, plain.length - pad);
	if (content.length < 20) {
		throw new CryptoInputError('Decrypted data is too short');
	}
	const length = content.readUInt32BE(16);
	if (20 + length > content.length) {
		throw new CryptoInputError('Decrypted message length field points past the end of the data');
	}
	const message = strictUtf8(content.subarray(20, 20 + length), 'Decrypted message');
	const receiveId = strictUtf8(content.subarray(20 + length), 'Decrypted receiveId');
	if (expectedReceiveId !== undefined && receiveId !== expectedReceiveId) {
		throw new CryptoInputError('Decrypted receiveId does not match the expected one');
	}
	return { message, receiveId };
}

/**
 * Meituan open platform signature: MD5 hex of url + "?" + sorted k=v joined by "&" + appSecret,
 * values raw (not URL-encoded), the sig parameter itself excluded.
 */
export function meituanSign(
	url: string,
	params: Record<string, string | number | boolean | null | undefined>,
	appSecret: string,
): string {
	const query = Object.keys(params)
		.filter((key) => key !== 'sig' && params[key] !== undefined && params[key] !== null)
		.sort()
		.map((key) => `${key}=${String(params[key])}`)
		.join('&');
	return createHash('md5').update(`${url}?${query}${appSecret}`, 'utf8').digest('hex');
}

function meituanKey(appSecret: string): Buffer {
	const key = Buffer.from(String(appSecret ?? ''), 'utf8').subarray(0, 16);
	if (key.length !== 16) throw new CryptoInputError('The Meituan app secret must be at least 16 characters');
	return key;
}

/**
 * Meituan IM message content (msg_content): AES-128-CBC, PKCS#7, base64, with key = IV = the first
 * 16 bytes of the app secret, as working integrations decrypt it
 * (`openssl_decrypt($c, 'AES-128-CBC', substr($secret, 0, 16), 0, substr($secret, 0, 16))`).
 */
export function meituanEncryptContent(appSecret: string, text: string): string {
	const key = meituanKey(appSecret);
	const cipher = createCipheriv('aes-128-cbc', key, key);
	return Buffer.concat([cipher.update(String(text), 'utf8'), cipher.final()]).toString('base64');
}

export function meituanDecryptContent(appSecret: string, base64: string): string {
	const key = meituanKey(appSecret);
	if (typeof base64 !== 'string' || base64.length === 0 || !BASE64.test(base64)) {
		throw new CryptoInputError('Meituan content is not valid base64');
	}
	const data = Buffer.from(base64, 'base64');
	if (data.length === 0 || data.length % 16 !== 0) throw new CryptoInputError('Meituan content length is not a multiple of 16');
	let plain: Buffer | undefined;
	try {
		const decipher = createDecipheriv('aes-128-cbc', key, key);
		plain = Buffer.concat([decipher.update(data), decipher.final()]);
	} catch {
		// Bad padding: the usual sign of a wrong app secret.
		plain = undefined;
	}
	if (!plain) throw new CryptoInputError('Meituan content could not be decrypted (wrong app secret?)');
	return strictUtf8(plain, 'Meituan content');
}

/** Adler-32 checksum, the trailer of a zlib stream (RFC 1950). */
function adler32(data: Buffer): number {
	let a = 1;
	let b = 0;
	for (let i = 0; i < data.length; i++) {
		a = (a + data[i]) % 65521;
		b = (b + a) % 65521;
	}
	return ((b << 16) | a) >>> 0;
}

/**
 * A valid zlib stream made of stored (uncompressed) deflate blocks, RFC 1950/1951. Any inflater
 * (Tencent's included) reads it; it keeps the package free of imports n8n Cloud does not allow.
 */
export function zlibStored(data: Buffer): Buffer {
	const chunks: Buffer[] = [Buffer.from([0x78, 0x01])];
	let offset = 0;
	do {
		const size = Math.min(65535, data.length - offset);
		const last = offset + size >= data.length;
		const header = Buffer.alloc(5);
		header[0] = last ? 1 : 0;
		header.writeUInt16LE(size, 1);
		header.writeUInt16LE(~size & 0xffff, 3);
		chunks.push(header, data.subarray(offset, offset + size));
		offset += size;
	} while (offset < data.length);
	const trailer = Buffer.alloc(4);
	trailer.writeUInt32BE(adler32(data), 0);
	chunks.push(trailer);
	return Buffer.concat(chunks);
}

/** The HMAC-SHA256 that a Tencent UserSig v2 carries as TLS.sig (tls-sig-api-v2 `_hmacsha256`). */
export function timUserSigHmac(
	sdkAppId: number | string,
	secretKey: string,
	identifier: string,
	time: number,
	expire: number,
): string {
	const content =
		`TLS.identifier:${identifier}\n` +
		`TLS.sdkappid:${sdkAppId}\n` +
		`TLS.time:${time}\n` +
		`TLS.expire:${expire}\n`;
	return createHmac('sha256', secretKey).update(content, 'utf8').digest('base64');
}

/**
 * Tencent Cloud IM UserSig v2, as the official tls-sig-api-v2 makes it: JSON document with the
 * HMAC, zlib-compressed, base64 with + → *, / → -, = → _.
 */
export function timUserSig(
	sdkAppId: number | string,
	secretKey: string,
	identifier: string,
	expireSeconds: number,
	nowSeconds?: number,
): string {
	if (!secretKey) throw new CryptoInputError('The Tencent Cloud IM secret key is empty');
	const time = Math.floor(nowSeconds ?? Date.now() / 1000);
	const doc = {
		'TLS.ver': '2.0',
		'TLS.identifier': String(identifier),
		'TLS.sdkappid': Number(sdkAppId),
		'TLS.time': time,
		'TLS.expire': Number(expireSeconds),
		'TLS.sig': timUserSigHmac(sdkAppId, secretKey, String(identifier), time, Number(expireSeconds)),
	};
	return zlibStored(Buffer.from(JSON.stringify(doc), 'utf8'))
		.toString('base64')
		.replace(/\+/g, '*')
		.replace(/\//g, '-')
		.replace(/=/g, '_');
}

/** Tencent Cloud IM callback authentication: SHA-256 hex of token + RequestTime. */
export function timCallbackSign(token: string, requestTime: string | number): string {
	return createHash('sha256').update(`${token}${requestTime}`, 'utf8').digest('hex');
}
