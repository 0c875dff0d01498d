/**
 * The safe-mode callback of the WeChat family (WeCom, WeChat KF, Official Account): plaintext XML
 * encrypted with WXBizMsgCrypt, wrapped in an envelope, signed, and POSTed to the receiver.
 * Scheme: developer.work.weixin.qq.com/document/path/90968 (加解密方案说明) and
 * path/90930 (接收消息与事件).
 */
import { randomBytes } from 'crypto';
import { wxDecrypt, wxEncrypt, wxSignature } from '../../nodes/shared/crypto';
import { buildFlatXml, parseFlatXml } from './xml';

export type CallbackForgery = 'signature' | 'receiveId' | 'key';

export interface WxCallbackKeys {
	token: string;
	encodingAesKey: string;
	/** CorpID for WeCom and WeChat KF, AppID for an Official Account. */
	receiveId: string;
}

export interface HttpResult {
	status: number;
	headers: Record<string, string>;
	body: string;
	elapsedMs: number;
	/** The receiver did not answer within the timeout (WeCom drops the connection after 5 s). */
	timedOut: boolean;
	/** A connection-level failure (refused, reset), when there was no HTTP answer at all. */
	error?: string;
}

export interface CallbackResult extends HttpResult {
	/** The decrypted passive reply, when the body was an encrypted reply envelope. */
	reply?: string;
	/** The reply's top-level fields, parsed from `reply`. */
	replyFields?: Record<string, string>;
	/** Why an encrypted-looking reply was rejected (bad signature, undecryptable, wrong receiveId). */
	replyError?: string;
	/** What was sent, for assertions and for replaying by hand. */
	request: {
		url: string;
		query: { msg_signature: string; timestamp: string; nonce: string };
		body: string;
		plaintext: string;
		encrypt: string;
	};
	/** With `times` > 1: every delivery, the last one being this result. */
	deliveries?: CallbackResult[];
}

export interface UrlVerificationResult extends HttpResult {
	echoPlain: string;
	echostr: string;
	url: string;
	/** The receiver answered exactly the decrypted echostr, as the docs require. */
	verified: boolean;
}

/** A 43-character EncodingAESKey that is not the receiver's, for the `key` forgery. */
export function randomEncodingAesKey(): string {
	return randomBytes(32).toString('base64').slice(0, 43);
}

function randomNonce(): string {
	return String(Math.floor(Math.random() * 1e10));
}

export function plaintextXml(message: Record<string, string | number | undefined>): string {
	return buildFlatXml(message);
}

/** Encrypts and signs a plaintext message as the platform does, optionally forging one part. */
export function sealCallback(
	keys: WxCallbackKeys,
	plaintext: string,
	envelope: (encrypt: string) => string,
	options: { timestamp?: string | number; nonce?: string; forge?: CallbackForgery } = {},
): { query: { msg_signature: string; timestamp: string; nonce: string }; body: string; encrypt: string } {
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	const nonce = options.nonce ?? randomNonce();
	const key = options.forge === 'key' ? randomEncodingAesKey() : keys.encodingAesKey;
	const receiveId = options.forge === 'receiveId' ? `${keys.receiveId}_forged` : keys.receiveId;
	const encrypt = wxEncrypt(key, receiveId, plaintext);
	const signToken = options.forge === 'signature' ? `${keys.token}_forged` : keys.token;
	const msgSignature = wxSignature(signToken, timestamp, nonce, encrypt);
	return { query: { msg_signature: msgSignature, timestamp, nonce }, body: envelope(encrypt), encrypt };
}

export function withQuery(url: string, query: Record<string, string>): string {
	const target = new URL(url);
	for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
	return target.toString();
}

export async function httpCall(
	url: string,
	init: { method: string; headers?: Record<string, string>; body?: string },
	timeoutMs: number,
): Promise<HttpResult> {
	const started = Date.now();
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		const res = await fetch(url, { ...init, signal: controller.signal });
		const body = await res.text();
		return {
			status: res.status,
			headers: Object.fromEntries(res.headers.entries()),
			body,
			elapsedMs: Date.now() - started,
			timedOut: false,
		};
	} catch (error) {
		const timedOut = controller.signal.aborted;
		return {
			status: 0,
			headers: {},
			body: '',
			elapsedMs: Date.now() - started,
			timedOut,
			error: timedOut ? `no answer within ${timeoutMs} ms` : String((error as { cause?: unknown })?.cause ?? error),
		};
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Checks and opens a passive reply `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`
 * the way the platform does: signature over (token, TimeStamp, Nonce, Encrypt), then decryption
 * with the receiveId that must come back.
 */
export function openPassiveReply(
	keys: WxCallbackKeys,
	body: string,
): { reply?: string; replyFields?: Record<string, string>; replyError?: string } {
	if (!body.includes('<Encrypt>')) return {};
	let envelope: Record<string, string>;
	try {
		envelope = parseFlatXml(body);
	} catch (error) {
		return { replyError: `reply is not XML: ${(error as Error).message}` };
	}
	const { Encrypt: encrypt, MsgSignature: signature, TimeStamp: timestamp, Nonce: nonce } = envelope;
	if (!encrypt || !signature || !timestamp || !nonce) {
		return { replyError: 'reply envelope lacks Encrypt, MsgSignature, TimeStamp or Nonce' };
	}
	if (wxSignature(keys.token, timestamp, nonce, encrypt) !== signature) {
		return { replyError: 'reply MsgSignature does not match' };
	}
	let reply: string;
	try {
		reply = wxDecrypt(keys.encodingAesKey, encrypt, keys.receiveId).message;
	} catch (error) {
		return { replyError: `reply does not decrypt: ${(error as Error).message}` };
	}
	try {
		return { reply, replyFields: parseFlatXml(reply) };
	} catch {
		return { reply, replyError: 'decrypted reply is not XML' };
	}
}

export async function deliverCallback(
	keys: WxCallbackKeys,
	options: {
		url: string;
		plaintext: string;
		envelope: (encrypt: string) => string;
		timestamp?: string | number;
		nonce?: string;
		forge?: CallbackForgery;
		times?: number;
		timeoutMs?: number;
		contentType?: string;
	},
): Promise<CallbackResult> {
	const sealed = sealCallback(keys, options.plaintext, options.envelope, options);
	const url = withQuery(options.url, sealed.query);
	const deliveries: CallbackResult[] = [];
	const times = Math.max(1, Math.floor(options.times ?? 1));
	// Retries carry the identical envelope, signature and nonce: that is what receivers dedupe on.
	for (let i = 0; i < times; i++) {
		const http = await httpCall(
			url,
			{ method: 'POST', headers: { 'content-type': options.contentType ?? 'text/xml' }, body: sealed.body },
			options.timeoutMs ?? 5000,
		);
		deliveries.push({
			...http,
			...openPassiveReply(keys, http.body),
			request: { url, query: sealed.query, body: sealed.body, plaintext: options.plaintext, encrypt: sealed.encrypt },
		});
	}
	const last = deliveries[deliveries.length - 1];
	return times > 1 ? { ...last, deliveries } : last;
}

/**
 * The GET the platform sends when a callback URL is saved: echostr is an encrypted random string
 * the receiver must decrypt and answer verbatim (no quotes, BOM or newline).
 */
export async function verifyCallbackUrl(
	keys: WxCallbackKeys,
	options: {
		url: string;
		echoPlain?: string;
		timestamp?: string | number;
		nonce?: string;
		forge?: CallbackForgery;
		timeoutMs?: number;
	},
): Promise<UrlVerificationResult> {
	const echoPlain = options.echoPlain ?? `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	const nonce = options.nonce ?? randomNonce();
	const key = options.forge === 'key' ? randomEncodingAesKey() : keys.encodingAesKey;
	const receiveId = options.forge === 'receiveId' ? `${keys.receiveId}_forged` : keys.receiveId;
	const echostr = wxEncrypt(key, receiveId, echoPlain);
	const signToken = options.forge === 'signature' ? `${keys.token}_forged` : keys.token;
	const url = withQuery(options.url, {
		msg_signature: wxSignature(signToken, timestamp, nonce, echostr),
		timestamp,
		nonce,
		echostr,
	});
	const http = await httpCall(url, { method: 'GET' }, options.timeoutMs ?? 5000);
	return { ...http, echoPlain, echostr, url, verified: http.status === 200 && http.body === echoPlain };
}
