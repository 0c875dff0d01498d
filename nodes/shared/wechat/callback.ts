/**
 * The callback protocol of the WeChat family: checking the callback URL (GET) and opening a
 * message (POST). WeCom and WeChat KF always encrypt (developer.work.weixin.qq.com/document/path/90930
 * 回调配置, /90968 加解密方案); the Official Account sends plaintext, both (compatible) or only
 * ciphertext (safe), as its console says
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html).
 * Anything wrong is a 4xx answer and no execution; the reason goes to the debug log only.
 */
import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { CryptoInputError, safeEqual, strictUtf8, wxDecrypt, wxSignature } from '../crypto';
import { XmlError, parseXml } from '../xml';
import { MAX_CALLBACK_BYTES, base64QueryParam, queryParam, rawBody, reject, respond, withinWindow } from '../webhook';

export interface WxCallbackKeys {
	token: string;
	encodingAesKey: string;
	/** Corp ID for WeCom and WeChat KF, AppID for the Official Account. */
	receiveId: string;
}

/** How messages arrive (the Official Account's 消息加解密方式); WeCom and WeChat KF: always "safe". */
export type WxMessageMode = 'plaintext' | 'compatible' | 'safe';

/**
 * How the platform checks the callback URL: "encrypted" (WeCom, WeChat KF: msg_signature over an
 * encrypted echostr, answered with its plaintext) or "signed" (Official Account: signature over
 * token, timestamp and nonce, echostr echoed as sent).
 */
export type WxUrlVerification = 'encrypted' | 'signed';

export interface WxOpenOptions {
	mode: WxMessageMode;
	/**
	 * The platform marks an encrypted callback with encrypt_type=aes (the Official Account). WeCom
	 * marks nothing: all its callbacks are encrypted.
	 */
	marksEncryption?: boolean;
	/** Refuse a timestamp further than this from now; 0 turns the check off. */
	maxAgeSeconds: number;
	nowMs?: number;
}

export type Opened =
	| { ok: true; fields: Record<string, unknown>; xml: string; encrypted: boolean }
	| { ok: false; response: IWebhookResponseData };

/** GET URL verification in the platform's form; answers exactly what it expects, nothing added. */
export function answerUrlVerification(
	context: IWebhookFunctions,
	keys: WxCallbackKeys,
	form: WxUrlVerification = 'encrypted',
): IWebhookResponseData {
	const name = form === 'encrypted' ? 'msg_signature' : 'signature';
	const signature = queryParam(context, name);
	const timestamp = queryParam(context, 'timestamp');
	const nonce = queryParam(context, 'nonce');
	// The signed form echoes echostr byte for byte; the encrypted one is base64 to decrypt.
	const echostr = form === 'encrypted' ? base64QueryParam(context, 'echostr') : queryParam(context, 'echostr');
	if (!signature || !timestamp || !nonce || !echostr) {
		return reject(context, 400, `URL verification without ${name}, timestamp, nonce or echostr`);
	}
	const expected =
		form === 'encrypted' ? wxSignature(keys.token, timestamp, nonce, echostr) : wxSignature(keys.token, timestamp, nonce);
	if (!safeEqual(expected, signature)) return reject(context, 401, 'URL verification signature mismatch');
	if (form === 'signed') return respond(context, 200, echostr);
	let plain: string;
	try {
		plain = wxDecrypt(keys.encodingAesKey, echostr, keys.receiveId).message;
	} catch (error) {
		return reject(context, 403, `echostr could not be decrypted: ${(error as Error).message}`);
	}
	return respond(context, 200, plain);
}

/**
 * POST callback: checks size, signature (constant time), timestamp window and, when encrypted,
 * the receiveId; decrypts and parses the message. A credential in safe mode takes only encrypted
 * callbacks: a plaintext one could be forged by anyone who once saw a signed URL (the plaintext
 * signature covers the query, not the body), so an unmarked callback is no downgrade path.
 */
export function openCallback(context: IWebhookFunctions, keys: WxCallbackKeys, options: WxOpenOptions): Opened {
	const fail = (status: number, reason: string): Opened => ({ ok: false, response: reject(context, status, reason) });
	const body = rawBody(context);
	if (body.length > MAX_CALLBACK_BYTES) return fail(413, `body of ${body.length} bytes`);
	const marked = queryParam(context, 'encrypt_type') === 'aes';
	if (options.marksEncryption && options.mode === 'safe' && !marked) {
		return fail(403, 'no encrypt_type=aes, but the credential is in safe mode');
	}
	const encrypted = options.marksEncryption ? marked && options.mode !== 'plaintext' : options.mode !== 'plaintext';
	// Invalid bytes are refused, not read as U+FFFD: a workflow must not act on text nobody sent.
	let text: string;
	try {
		text = strictUtf8(body, 'body');
	} catch {
		return fail(400, 'body is not valid UTF-8');
	}
	const opened = encrypted ? openEncrypted(keys, context, text) : openPlaintext(keys, context, text);
	if ('status' in opened) return fail(opened.status, opened.reason);
	// Checked after the signature, so the window cannot be probed without the token.
	if (options.maxAgeSeconds > 0 && !withinWindow(opened.timestamp, options.maxAgeSeconds, options.nowMs)) {
		return fail(403, 'timestamp outside the allowed window');
	}
	let message = opened.xml;
	if (encrypted) {
		try {
			message = wxDecrypt(keys.encodingAesKey, opened.xml, keys.receiveId).message;
		} catch (error) {
			return fail(403, error instanceof CryptoInputError ? error.message : 'decryption failed');
		}
	}
	let fields: Record<string, unknown>;
	try {
		fields = parseXml(message, { maxBytes: MAX_CALLBACK_BYTES });
	} catch (error) {
		return fail(400, `${encrypted ? 'decrypted message' : 'body'}: ${error instanceof XmlError ? error.message : 'unreadable'}`);
	}
	if (!encrypted && typeof fields.MsgType !== 'string') return fail(400, 'no MsgType (an encrypted callback?)');
	return { ok: true, fields, xml: message, encrypted };
}

type Checked = { xml: string; timestamp: string } | { status: number; reason: string };

/** Safe and compatible mode: msg_signature over (token, timestamp, nonce, Encrypt); `xml` is the Encrypt text. */
function openEncrypted(keys: WxCallbackKeys, context: IWebhookFunctions, body: string): Checked {
	const signature = queryParam(context, 'msg_signature');
	const timestamp = queryParam(context, 'timestamp');
	const nonce = queryParam(context, 'nonce');
	if (!signature || !timestamp || !nonce) return { status: 401, reason: 'missing msg_signature, timestamp or nonce' };
	let envelope: Record<string, unknown>;
	try {
		envelope = parseXml(body, { maxBytes: MAX_CALLBACK_BYTES });
	} catch (error) {
		return { status: 400, reason: error instanceof XmlError ? error.message : 'unreadable body' };
	}
	const encrypt = typeof envelope.Encrypt === 'string' ? envelope.Encrypt : '';
	if (!encrypt) return { status: 400, reason: 'no Encrypt element' };
	if (!safeEqual(wxSignature(keys.token, timestamp, nonce, encrypt), signature)) {
		return { status: 401, reason: 'msg_signature mismatch' };
	}
	return { xml: encrypt, timestamp };
}

/** Plaintext mode: signature over (token, timestamp, nonce); the body itself is not signed. */
function openPlaintext(keys: WxCallbackKeys, context: IWebhookFunctions, body: string): Checked {
	const signature = queryParam(context, 'signature');
	const timestamp = queryParam(context, 'timestamp');
	const nonce = queryParam(context, 'nonce');
	if (!signature || !timestamp || !nonce) return { status: 401, reason: 'missing signature, timestamp or nonce' };
	if (!safeEqual(wxSignature(keys.token, timestamp, nonce), signature)) {
		return { status: 401, reason: 'signature mismatch' };
	}
	return { xml: body, timestamp };
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
	const n = Number(value);
	return text(value) !== undefined && Number.isFinite(n) ? n : undefined;
}

/**
 * A callback message as readable fields (type, from user, content, media id, event…), the
 * original fields under `message`, and the decrypted XML under `rawXml`.
 */
export function readableMessage(fields: Record<string, unknown>, xml: string): IDataObject {
	const createTime = num(fields.CreateTime);
	const item: IDataObject = {
		type: text(fields.MsgType),
		event: text(fields.Event),
		eventKey: text(fields.EventKey),
		fromUser: text(fields.FromUserName),
		toUser: text(fields.ToUserName),
		agentId: num(fields.AgentID) ?? text(fields.AgentID),
		createTime,
		createdAt: createTime === undefined ? undefined : new Date(createTime * 1000).toISOString(),
		msgId: text(fields.MsgId),
		content: text(fields.Content),
		mediaId: text(fields.MediaId),
		picUrl: text(fields.PicUrl),
		format: text(fields.Format),
		thumbMediaId: text(fields.ThumbMediaId),
		changeType: text(fields.ChangeType),
	};
	if (fields.Location_X !== undefined || fields.Latitude !== undefined) {
		item.location = {
			latitude: num(fields.Location_X) ?? num(fields.Latitude),
			longitude: num(fields.Location_Y) ?? num(fields.Longitude),
			scale: num(fields.Scale),
			precision: num(fields.Precision),
			label: text(fields.Label),
		};
	}
	if (fields.MsgType === 'link') {
		item.link = { title: text(fields.Title), description: text(fields.Description), url: text(fields.Url) };
	}
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(item)) if (value !== undefined) out[key] = value;
	out.message = fields as IDataObject;
	out.rawXml = xml;
	return out;
}

/**
 * The key that identifies one callback across the platform's retries: MsgId for messages. Events
 * have none; WeCom suggests sender + CreateTime (developer.work.weixin.qq.com/document/path/90930,
 * 消息排重), but two events of one bulk change share both (change_contact for users A and B in the
 * same second), so events are keyed by their whole decrypted XML: a retry resends it unchanged.
 */
export function dedupeKey(fields: Record<string, unknown>, xml: string): string {
	if (text(fields.MsgId)) return `msg:${String(fields.MsgId)}`;
	return `event:${createHash('sha256').update(xml, 'utf8').digest('hex')}`;
}
