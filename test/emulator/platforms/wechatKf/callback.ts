/**
 * What the emulator sends to a receiver: the kf_msg_or_event callback (path/94670 回调通知) — no
 * message, only a Token valid for 10 minutes and the OpenKfId whose messages wait — encrypted and
 * signed as WeCom does (receiveId = Corp ID), and the URL verification GET.
 */
import {
	deliverCallback,
	plaintextXml,
	verifyCallbackUrl,
	type CallbackResult,
	type UrlVerificationResult,
	type WxCallbackKeys,
} from '../../callback';
import { isObject } from '../shared';
import { CALLBACK_TOKEN_TTL_MS, randomToken, type KfState } from './state';

type DeliveryOptions = Omit<Parameters<typeof deliverCallback>[1], 'plaintext' | 'envelope'>;

export interface KfCallbackOptions extends DeliveryOptions {
	corpId?: string;
	/** Whose messages wait; the corp's first account by default. */
	openKfId?: string;
	/** The callback's Token: a new one (valid 10 minutes) unless given. */
	token?: string;
	/** Sign and encrypt with these instead of the corp's callback keys. */
	callbackToken?: string;
	encodingAesKey?: string;
	/** Override fields of the plaintext (e.g. Event for a callback that is not kf_msg_or_event). */
	fields?: Record<string, string | number>;
}

export interface KfCallbackResult extends CallbackResult {
	/** The Token the callback carried. */
	token: string;
}

/** What the control API takes besides the callback: something to happen before it. */
export interface KfControlBody {
	url: string;
	/** A customer text to log first (also `message`: {msgtype, payload}). */
	text?: string;
	message?: { msgtype?: string; payload?: Record<string, unknown> };
	/** 'enter_session': log the event (with a welcome code) first. */
	event?: string;
	openKfId?: string;
	externalUserId?: string;
}

export function callbackSender(state: KfState) {
	const { core, corpOf } = state;

	function keysOf(options: { corpId?: string; callbackToken?: string; encodingAesKey?: string }): WxCallbackKeys {
		const corp = corpOf(options.corpId);
		return { token: options.callbackToken ?? corp.token, encodingAesKey: options.encodingAesKey ?? corp.encodingAesKey, receiveId: corp.corpId };
	}

	async function sendCallback(options: KfCallbackOptions & { url: string }): Promise<KfCallbackResult> {
		const corp = corpOf(options.corpId);
		const openKfId = options.openKfId ?? corp.accounts.keys().next().value ?? '';
		const token = options.token ?? randomToken('ENC', 30);
		corp.callbackTokens.set(token, { expiresAt: core.now() + CALLBACK_TOKEN_TTL_MS, open_kfid: openKfId });
		const now = Math.floor(core.now() / 1000);
		const plaintext = plaintextXml({
			ToUserName: corp.corpId,
			CreateTime: now,
			MsgType: 'event',
			Event: 'kf_msg_or_event',
			Token: token,
			OpenKfId: openKfId,
			...options.fields,
		});
		const keys = keysOf(options);
		const result = await deliverCallback(keys, {
			...options,
			plaintext,
			envelope: (encrypt) => plaintextXml({ ToUserName: corp.corpId, Encrypt: encrypt }),
			timestamp: options.timestamp ?? now,
		});
		return { ...result, token };
	}

	async function sendUrlVerification(
		options: Parameters<typeof verifyCallbackUrl>[1] & { corpId?: string; callbackToken?: string; encodingAesKey?: string },
	): Promise<UrlVerificationResult> {
		return await verifyCallbackUrl(keysOf(options), { ...options, timestamp: options.timestamp ?? Math.floor(core.now() / 1000) });
	}

	/** POST /__emulator/callback {platform: 'kf', url, text?, event?, ...}: what happens, then its callback. */
	async function control(body: Record<string, unknown>): Promise<KfCallbackResult> {
		const options = body as unknown as KfControlBody & KfCallbackOptions;
		if (typeof options.url !== 'string') throw new Error('callback needs "url"');
		const who = { corpId: options.corpId, openKfId: options.openKfId, externalUserId: options.externalUserId };
		if (options.event === 'enter_session') state.enterSession(who);
		if (typeof options.text === 'string') state.customerSays({ ...who, content: options.text });
		if (isObject(options.message)) state.customerSays({ ...who, msgtype: options.message.msgtype, payload: options.message.payload });
		return await sendCallback(options);
	}

	return {
		sendCallback,
		sendUrlVerification,
		control: {
			callback: control,
			'url-verification': (body: Record<string, unknown>) =>
				sendUrlVerification(body as unknown as Parameters<typeof sendUrlVerification>[0]),
		},
	};
}
