/**
 * What the Official Account sends to the server configured under 服务器配置: the URL check (GET
 * with signature, timestamp, nonce, echostr — echoed as sent) and messages and events in the
 * three modes of 消息加解密方式
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html):
 * - plaintext: the XML, `?signature&timestamp&nonce&openid`;
 * - compatible: the XML with an <Encrypt> element added, plus `&encrypt_type=aes&msg_signature`;
 * - safe: only <ToUserName> and <Encrypt>, the same query.
 * The answer is read as WeChat reads it: "success" or empty (nothing to show), a plain XML reply,
 * or an encrypted one (checked and decrypted with receiveId = AppID). A safe-mode account takes no
 * plaintext reply, a plaintext-mode one no encrypted reply.
 */
import { randomBytes } from 'crypto';
import { wxEncrypt, wxSignature } from '../../../../nodes/shared/crypto';
import type { HttpResult } from '../../callback';
import { httpCall, openPassiveReply, plaintextXml, randomEncodingAesKey, withQuery } from '../../callback';
import { isObject } from '../shared';
import { parseFlatXml } from '../../xml';
import type { Account, OfficialAccountMode, OfficialAccountState } from './state';

export type OaCallbackForgery = 'signature' | 'receiveId' | 'key';

export interface OaCallbackOptions {
	/** The receiver (an n8n webhook URL); the query is appended. */
	url: string;
	/** Plaintext fields; ToUserName (the original ID), FromUserName (the first follower) and CreateTime (now) by default. */
	message?: Record<string, string | number>;
	/** The plaintext XML as is, instead of `message` (nested events such as subscribe_msg_popup_event). */
	plaintext?: string;
	/** Which account sends (the first by default), and in which mode (the account's own by default). */
	appId?: string;
	mode?: OfficialAccountMode;
	/** Override the account's Token / EncodingAESKey. */
	token?: string;
	encodingAesKey?: string;
	timestamp?: string | number;
	nonce?: string;
	/** signature: signed with another Token; receiveId: encrypted for another AppID; key: another EncodingAESKey. */
	forge?: OaCallbackForgery;
	/** Send the identical request this many times, as WeChat retries an unanswered callback. */
	times?: number;
	/** WeChat gives up after 5 s. */
	timeoutMs?: number;
	contentType?: string;
}

export interface OaCallbackResult extends HttpResult {
	/** The passive reply's XML (decrypted when it came encrypted). */
	reply?: string;
	replyFields?: Record<string, string>;
	/** The reply came in the encrypted envelope. */
	replyEncrypted?: boolean;
	/** Why WeChat could not use the reply. */
	replyError?: string;
	request: { url: string; query: Record<string, string>; body: string; plaintext: string; encrypt?: string };
	deliveries?: OaCallbackResult[];
}

export interface OaUrlVerificationOptions {
	url: string;
	appId?: string;
	token?: string;
	echostr?: string;
	timestamp?: string | number;
	nonce?: string;
	forge?: 'signature';
	timeoutMs?: number;
}

export interface OaUrlVerificationResult extends HttpResult {
	echostr: string;
	url: string;
	/** HTTP 200 with exactly echostr, nothing added. */
	verified: boolean;
}

const nonce = () => String(randomBytes(4).readUInt32BE(0));

/** How WeChat reads the answer to a callback. */
export function readReply(
	keys: { token: string; encodingAesKey: string; receiveId: string },
	mode: OfficialAccountMode,
	body: string,
): Pick<OaCallbackResult, 'reply' | 'replyFields' | 'replyEncrypted' | 'replyError'> {
	const text = body.trim();
	if (text === '' || text === 'success') return {};
	if (text.includes('<Encrypt>')) {
		const opened = openPassiveReply(keys, text);
		const refused = mode === 'plaintext' ? { replyError: 'an encrypted reply to a plaintext-mode account' } : {};
		return { ...opened, replyEncrypted: true, ...refused };
	}
	let replyFields: Record<string, string>;
	try {
		replyFields = parseFlatXml(text);
	} catch (error) {
		return { reply: body, replyError: `reply is neither "success" nor XML: ${(error as Error).message}` };
	}
	const refused = mode === 'safe' ? { replyError: 'a plaintext reply to a safe-mode account' } : {};
	return { reply: text, replyFields, replyEncrypted: false, ...refused };
}

export function officialAccountCallbacks(state: OfficialAccountState) {
	function accountOf(appId?: string): Account {
		const acc = state.account(appId);
		if (!acc) throw new Error(`No Official Account ${appId ?? ''} is registered`);
		return acc;
	}

	/** A user's action opens the 客服消息 window (state.ts `interact`); subscribe and unsubscribe change who follows. */
	function applyAction(acc: Account, fields: Record<string, unknown>): void {
		const openid = String(fields.FromUserName ?? '');
		if (!openid) return;
		const type = String(fields.MsgType ?? '');
		const event = String(fields.Event ?? '');
		if (event === 'subscribe') {
			const known = acc.followers.get(openid);
			if (known) known.subscribe = 1;
			else {
				acc.followers.set(openid, {
					openid,
					nickname: '',
					remark: '',
					language: 'zh_CN',
					subscribe: 1,
					subscribe_time: Math.floor(state.core.now() / 1000),
					tagid_list: [],
					subscribe_scene: 'ADD_SCENE_QR_CODE',
					qr_scene: 0,
					qr_scene_str: '',
				});
			}
		}
		if (event === 'unsubscribe') {
			const known = acc.followers.get(openid);
			if (known) known.subscribe = 0;
			acc.allowances.delete(openid);
			return;
		}
		if (type !== 'event') state.interact(acc, openid, 'message');
		else if (['subscribe', 'SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg'].includes(event)) state.interact(acc, openid, 'event');
	}

	async function sendCallback(options: OaCallbackOptions): Promise<OaCallbackResult> {
		const acc = accountOf(options.appId);
		const mode = options.mode ?? acc.app.mode;
		const token = options.token ?? acc.app.token;
		const key = options.encodingAesKey ?? acc.app.encodingAesKey;
		const keys = { token, encodingAesKey: key, receiveId: acc.app.appId };
		const nowSeconds = Math.floor(state.core.now() / 1000);
		const fields: Record<string, string | number> = {
			ToUserName: acc.app.originalId,
			FromUserName: [...acc.followers.keys()][0] ?? openidFor(acc),
			CreateTime: nowSeconds,
			...options.message,
		};
		const plaintext = options.plaintext ?? plaintextXml(fields);
		const parsed = options.plaintext ? parseFlatXml(options.plaintext) : fields;
		const timestamp = String(options.timestamp ?? nowSeconds);
		const once = options.nonce ?? nonce();
		const signToken = options.forge === 'signature' ? `${token}_forged` : token;
		const query: Record<string, string> = {
			signature: wxSignature(signToken, timestamp, once),
			timestamp,
			nonce: once,
			openid: String(parsed.FromUserName ?? ''),
		};
		let body = plaintext;
		let encrypt: string | undefined;
		if (mode !== 'plaintext') {
			const sealKey = options.forge === 'key' ? randomEncodingAesKey() : key;
			const receiveId = options.forge === 'receiveId' ? `${acc.app.appId}_forged` : acc.app.appId;
			encrypt = wxEncrypt(sealKey, receiveId, plaintext);
			query.encrypt_type = 'aes';
			query.msg_signature = wxSignature(signToken, timestamp, once, encrypt);
			body =
				mode === 'compatible'
					? plaintext.replace(/<\/xml>\s*$/, `${plaintextXml({ Encrypt: encrypt }).slice(5, -6)}</xml>`)
					: plaintextXml({ ToUserName: String(parsed.ToUserName ?? acc.app.originalId), Encrypt: encrypt });
		}
		// What WeChat grants for the action happens once, however often the request is retried.
		if (!options.forge) applyAction(acc, parsed);
		const url = withQuery(options.url, query);
		const deliveries: OaCallbackResult[] = [];
		for (let k = 0; k < Math.max(1, Math.floor(options.times ?? 1)); k++) {
			const http = await httpCall(
				url,
				{ method: 'POST', headers: { 'content-type': options.contentType ?? 'text/xml' }, body },
				options.timeoutMs ?? 5000,
			);
			// A refusal (4xx) or an error page is no reply: WeChat retries, and finally tells the follower.
			const answer = http.status === 200 ? readReply(keys, mode, http.body) : {};
			deliveries.push({ ...http, ...answer, request: { url, query, body, plaintext, encrypt } });
		}
		const last = deliveries[deliveries.length - 1];
		return deliveries.length > 1 ? { ...last, deliveries } : last;
	}

	async function sendUrlVerification(options: OaUrlVerificationOptions): Promise<OaUrlVerificationResult> {
		const acc = accountOf(options.appId);
		const token = options.token ?? acc.app.token;
		const echostr = options.echostr ?? String(randomBytes(8).readBigUInt64BE(0));
		const timestamp = String(options.timestamp ?? Math.floor(state.core.now() / 1000));
		const once = options.nonce ?? nonce();
		const signToken = options.forge === 'signature' ? `${token}_forged` : token;
		const url = withQuery(options.url, { signature: wxSignature(signToken, timestamp, once), timestamp, nonce: once, echostr });
		const http = await httpCall(url, { method: 'GET' }, options.timeoutMs ?? 5000);
		return { ...http, echostr, url, verified: http.status === 200 && http.body === echostr };
	}

	function controlOptions<T>(body: Record<string, unknown>): T {
		const options: Record<string, unknown> = { ...body };
		delete options.platform;
		if (typeof options.url !== 'string') throw new Error('callback needs "url"');
		if (options.message !== undefined && !isObject(options.message)) throw new Error('"message" must be an object');
		return options as T;
	}

	/** POST /__emulator/callback and /__emulator/url-verification with {platform: 'oa', ...}. */
	const control = {
		callback: (body: Record<string, unknown>) => sendCallback(controlOptions<OaCallbackOptions>(body)),
		'url-verification': (body: Record<string, unknown>) => sendUrlVerification(controlOptions<OaUrlVerificationOptions>(body)),
	};

	return { sendCallback, sendUrlVerification, control };
}

function openidFor(acc: Account): string {
	return `o_${acc.app.appId}_anyone`;
}
