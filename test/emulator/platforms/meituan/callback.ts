/**
 * The IM message push (IM消息推送) Meituan sends to a store's push URL: a form POST of app_id,
 * timestamp, biz_type, push_content (JSON, msg_content encrypted) and sig over the URL.
 */
import { randomInt } from 'crypto';
import { httpCall, type HttpResult } from '../../callback';
import { encrypt, sign } from './crypto';

export type PushForgery = 'signature' | 'appId' | 'stale' | 'contentAppId';

export interface PushOptions {
	/** The trigger's URL; the signature covers it without its query unless `signedUrl`. */
	url: string;
	appId: string;
	appSecret: string;
	/** push_content fields; `text` (plaintext) is encrypted into msg_content unless msg_content is given. */
	message?: {
		text?: string;
		msg_id?: number | string;
		msg_type?: number;
		msg_source?: number;
		app_poi_code?: string;
		open_user_id?: number | string;
		order_id?: number | string;
		group_id?: number | string;
		app_spu_codes?: string;
		msg_content?: string;
		cts?: number;
	};
	bizType?: 1 | 2;
	/** Seconds; now by default. */
	timestamp?: number;
	/** URL-encode push_content once more before the form encoding (some pushes do). */
	encodeTwice?: boolean;
	signedUrl?: string;
	forge?: PushForgery;
	/** Send the same push this many times (Meituan's retries). */
	times?: number;
	timeoutMs?: number;
	/** The request's Content-Type (Meituan's is application/x-www-form-urlencoded). */
	contentType?: string;
}

export interface PushResult extends HttpResult {
	/** Every attempt's answer when `times` > 1. */
	attempts: HttpResult[];
	msgId: string;
	form: Record<string, string>;
}

export async function sendPush(options: PushOptions): Promise<PushResult> {
	const message = options.message ?? {};
	const msgId = String(message.msg_id ?? `${Date.now()}${randomInt(1000, 9999)}`);
	const { text, ...fields } = message;
	const push: Record<string, unknown> = {
		app_id: Number(options.forge === 'contentAppId' ? Number(options.appId) + 1 : options.appId),
		app_poi_code: 't_Store0001',
		msg_source: 2,
		msg_type: 1,
		open_user_id: 100001,
		cts: Math.floor(Date.now() / 1000),
		...fields,
		msg_id: msgId,
	};
	if (push.msg_content === undefined && text !== undefined) push.msg_content = encrypt(options.appSecret, text);
	// Meituan's IDs are longs: digit strings go out as integer literals, exact even beyond 2^53.
	let pushContent = JSON.stringify(push, (key, value: unknown) =>
		['msg_id', 'order_id', 'open_user_id', 'group_id'].includes(key) && typeof value === 'string' && /^\d{1,19}$/.test(value) ? `\u0000${value}` : value,
	).replace(/"\\u0000(\d+)"/g, '$1');
	if (options.encodeTwice) pushContent = encodeURIComponent(pushContent);
	const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000) - (options.forge === 'stale' ? 3600 : 0);
	const form: Record<string, string> = {
		app_id: options.forge === 'appId' ? String(Number(options.appId) + 1) : options.appId,
		timestamp: String(timestamp),
		biz_type: String(options.bizType ?? (push.group_id ? 2 : 1)),
		push_content: pushContent,
	};
	const signedUrl = (options.signedUrl ?? options.url).split('?')[0];
	form.sig = sign(signedUrl, form, options.forge === 'signature' ? `${options.appSecret}x` : options.appSecret);
	const body = new URLSearchParams(form).toString();
	const attempts: HttpResult[] = [];
	for (let n = 0; n < Math.max(1, options.times ?? 1); n++) {
		attempts.push(
			await httpCall(
				options.url,
				{ method: 'POST', headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' }, body },
				options.timeoutMs ?? 10000,
			),
		);
	}
	return { ...attempts[attempts.length - 1], attempts, msgId, form };
}
