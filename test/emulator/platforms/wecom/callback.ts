/**
 * Callbacks the emulator sends to a receiver (an n8n webhook): encrypted messages and events
 * (path/90930) and the URL verification GET, signed with an app's callback Token / EncodingAESKey.
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
import type { WecomApp } from './model';
import type { WecomState } from './state';

/** Which app signs a callback, and with what keys. */
interface WecomSigner {
	/** Which app signs: an app object, or found by corpId (+ agentId); the first app by default. */
	app?: Pick<WecomApp, 'corpId'> & Partial<WecomApp>;
	corpId?: string;
	agentId?: number;
	/** Override the app's callback Token / EncodingAESKey. */
	token?: string;
	encodingAesKey?: string;
}

/** What the shared sender takes besides the message (timestamp, nonce, forge, times, timeoutMs, contentType). */
type DeliveryOptions = Omit<Parameters<typeof deliverCallback>[1], 'plaintext' | 'envelope'>;
type VerificationOptions = Parameters<typeof verifyCallbackUrl>[1];

export interface WecomCallbackOptions extends WecomSigner, DeliveryOptions {
	/** The receiver, e.g. an n8n webhook URL; msg_signature, timestamp and nonce are appended. */
	url: string;
	/** Plaintext XML fields; ToUserName and CreateTime default to the corp and now. */
	message: Record<string, string | number>;
	/** Leave AgentID out of the envelope and message (WeChat KF events have none). */
	omitAgentId?: boolean;
	/** Send the identical request this many times, as WeCom's retries do. */
	times?: number;
}

/** url, echoPlain?, timestamp?, nonce?, forge?, timeoutMs?, and the signer. */
export interface WecomUrlVerificationOptions extends WecomSigner, VerificationOptions {}

/** Control-API JSON → sender options: `app` may be given as {corpId, agentId}. */
function controlOptions(body: Record<string, unknown>): Record<string, unknown> {
	const options: Record<string, unknown> = { ...body };
	delete options.platform;
	if (typeof options.url !== 'string') throw new Error('callback needs "url"');
	if (options.message !== undefined && !isObject(options.message)) throw new Error('"message" must be an object');
	if (options.message === undefined) options.message = {};
	return options;
}

export function callbackSender({ core, resolveApp }: WecomState) {
	function keysFor(options: WecomSigner): { keys: WxCallbackKeys; app?: WecomApp } {
		const app = resolveApp(options);
		const corpId = options.app?.corpId ?? options.corpId ?? app?.corpId;
		const token = options.token ?? options.app?.token ?? app?.token;
		const encodingAesKey = options.encodingAesKey ?? options.app?.encodingAesKey ?? app?.encodingAesKey;
		if (!corpId || !token || !encodingAesKey) {
			throw new Error('No WeCom app matches; pass app, corpId/agentId of a registered app, or token and encodingAesKey');
		}
		return { keys: { token, encodingAesKey, receiveId: corpId }, app };
	}

	async function sendCallback(options: WecomCallbackOptions): Promise<CallbackResult> {
		const { keys, app } = keysFor(options);
		const agentId = options.omitAgentId ? undefined : (options.app?.agentId ?? options.agentId ?? app?.agentId);
		const nowSeconds = Math.floor(core.now() / 1000);
		const message: Record<string, string | number> = {
			ToUserName: keys.receiveId,
			CreateTime: nowSeconds,
			...options.message,
		};
		if (agentId !== undefined && message.AgentID === undefined) message.AgentID = agentId;
		const plaintext = plaintextXml(message);
		// Envelope of path/90930 (接收数据格式): ToUserName, AgentID, Encrypt.
		const envelope = (encrypt: string) =>
			plaintextXml({ ToUserName: keys.receiveId, AgentID: agentId === undefined ? undefined : String(agentId), Encrypt: encrypt });
		return deliverCallback(keys, {
			url: options.url,
			plaintext,
			envelope,
			timestamp: options.timestamp ?? nowSeconds,
			nonce: options.nonce,
			forge: options.forge,
			times: options.times,
			timeoutMs: options.timeoutMs,
			contentType: options.contentType,
		});
	}

	async function sendUrlVerification(options: WecomUrlVerificationOptions): Promise<UrlVerificationResult> {
		const { keys } = keysFor(options);
		return verifyCallbackUrl(keys, {
			url: options.url,
			echoPlain: options.echoPlain,
			timestamp: options.timestamp ?? Math.floor(core.now() / 1000),
			nonce: options.nonce,
			forge: options.forge,
			timeoutMs: options.timeoutMs,
		});
	}

	/** POST /__emulator/callback and /__emulator/url-verification with {platform: 'wecom', ...}. */
	const control = {
		callback: (body: Record<string, unknown>) => sendCallback(controlOptions(body) as unknown as WecomCallbackOptions),
		'url-verification': (body: Record<string, unknown>) =>
			sendUrlVerification(controlOptions(body) as unknown as WecomUrlVerificationOptions),
	};

	return { sendCallback, sendUrlVerification, control };
}
