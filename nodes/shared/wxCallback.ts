/**
 * The WeChat-family callback protocol (WeCom apps, WeChat KF, Official Account in safe mode):
 * URL verification, the signed and encrypted envelope, and encrypted passive replies.
 * Docs: developer.work.weixin.qq.com/document/path/90930 (回调配置) and /90968 (加解密方案).
 */
import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { CryptoInputError, safeEqual, wxDecrypt, wxEncrypt, wxSignature } from './crypto';
import { XmlError, buildXml, parseXml } from './xml';
import { MAX_CALLBACK_BYTES, base64QueryParam, queryParam, rawBody, reject, respond, withinWindow } from './webhook';

export interface WxCallbackKeys {
	token: string;
	encodingAesKey: string;
	/** Corp ID for WeCom and WeChat KF, AppID for the Official Account. */
	receiveId: string;
}

export type Opened =
	| { ok: true; fields: Record<string, unknown>; xml: string }
	| { ok: false; response: IWebhookResponseData };

/**
 * GET URL verification: the platform sends an encrypted echostr; we answer its plaintext
 * exactly (nothing added) when msg_signature matches.
 */
export function answerUrlVerification(context: IWebhookFunctions, keys: WxCallbackKeys): IWebhookResponseData {
	const signature = queryParam(context, 'msg_signature');
	const timestamp = queryParam(context, 'timestamp');
	const nonce = queryParam(context, 'nonce');
	const echostr = base64QueryParam(context, 'echostr');
	if (!signature || !timestamp || !nonce || !echostr) {
		return reject(context, 400, 'URL verification without msg_signature, timestamp, nonce or echostr');
	}
	if (!safeEqual(wxSignature(keys.token, timestamp, nonce, echostr), signature)) {
		return reject(context, 401, 'URL verification signature mismatch');
	}
	let plain: string;
	try {
		plain = wxDecrypt(keys.encodingAesKey, echostr, keys.receiveId).message;
	} catch (error) {
		return reject(context, 403, `echostr could not be decrypted: ${(error as Error).message}`);
	}
	return respond(context, 200, plain);
}

/**
 * POST callback: checks size, signature (constant time), timestamp window and receiveId,
 * decrypts, and parses the message. Anything wrong becomes a 4xx answer and no execution.
 */
export function openCallback(
	context: IWebhookFunctions,
	keys: WxCallbackKeys,
	maxAgeSeconds: number,
	nowMs = Date.now(),
): Opened {
	const fail = (status: number, reason: string): Opened => ({ ok: false, response: reject(context, status, reason) });
	const body = rawBody(context);
	if (body.length > MAX_CALLBACK_BYTES) return fail(413, `body of ${body.length} bytes`);
	const signature = queryParam(context, 'msg_signature');
	const timestamp = queryParam(context, 'timestamp');
	const nonce = queryParam(context, 'nonce');
	if (!signature || !timestamp || !nonce) return fail(401, 'missing msg_signature, timestamp or nonce');

	let envelope: Record<string, unknown>;
	try {
		envelope = parseXml(body.toString('utf8'), { maxBytes: MAX_CALLBACK_BYTES });
	} catch (error) {
		return fail(400, error instanceof XmlError ? error.message : 'unreadable body');
	}
	const encrypt = typeof envelope.Encrypt === 'string' ? envelope.Encrypt : '';
	if (!encrypt) return fail(400, 'no Encrypt element');
	if (!safeEqual(wxSignature(keys.token, timestamp, nonce, encrypt), signature)) {
		return fail(401, 'msg_signature mismatch');
	}
	// Checked after the signature, so the window cannot be probed without the token.
	if (maxAgeSeconds > 0 && !withinWindow(timestamp, maxAgeSeconds, nowMs)) {
		return fail(403, 'timestamp outside the allowed window');
	}
	let message: string;
	try {
		message = wxDecrypt(keys.encodingAesKey, encrypt, keys.receiveId).message;
	} catch (error) {
		return fail(403, error instanceof CryptoInputError ? error.message : 'decryption failed');
	}
	try {
		return { ok: true, fields: parseXml(message, { maxBytes: MAX_CALLBACK_BYTES }), xml: message };
	} catch (error) {
		return fail(400, `decrypted message: ${error instanceof XmlError ? error.message : 'unreadable'}`);
	}
}

/** The encrypted passive-reply envelope for a plaintext reply XML. */
export function encryptReply(
	keys: WxCallbackKeys,
	replyXml: string,
	timestamp: string | number = Math.floor(Date.now() / 1000),
	nonce: string = String(Math.floor(Math.random() * 1e10)),
): string {
	const encrypt = wxEncrypt(keys.encodingAesKey, keys.receiveId, replyXml);
	return buildXml({
		Encrypt: encrypt,
		MsgSignature: wxSignature(keys.token, timestamp, nonce, encrypt),
		TimeStamp: Number(timestamp),
		Nonce: nonce,
	});
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
