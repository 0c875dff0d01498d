/**
 * Meituan's signature and msg_content cipher, written for the emulator from the documentation
 * (签名算法; msg_content AES-128-CBC with key = IV = first 16 bytes of the app secret), on Node's
 * crypto alone: it does not import the package's own implementation it checks.
 */
import { createCipheriv, createDecipheriv, createHash } from 'crypto';

export function sign(url: string, params: Record<string, string>, secret: string): string {
	const pairs = Object.keys(params)
		.filter((k) => k !== 'sig')
		.sort()
		.map((k) => `${k}=${params[k]}`);
	return createHash('md5').update(`${url}?${pairs.join('&')}${secret}`, 'utf8').digest('hex');
}

function key(secret: string): Buffer {
	const bytes = Buffer.from(secret, 'utf8').subarray(0, 16);
	if (bytes.length !== 16) throw new Error('secret shorter than 16 bytes');
	return bytes;
}

export function encrypt(secret: string, text: string): string {
	const cipher = createCipheriv('aes-128-cbc', key(secret), key(secret));
	return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

/** The plaintext, or undefined when it does not decrypt (wrong key, bad padding, not UTF-8). */
export function decrypt(secret: string, base64: string): string | undefined {
	try {
		const decipher = createDecipheriv('aes-128-cbc', key(secret), key(secret));
		const plain = Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]);
		const text = plain.toString('utf8');
		return Buffer.from(text, 'utf8').equals(plain) ? text : undefined;
	} catch {
		return undefined;
	}
}
