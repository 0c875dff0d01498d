/**
 * Meituan IM pushes (IM消息推送): a form POST to the callback URL registered in the developer
 * console, with app_id, timestamp, sig, biz_type (1 one-to-one, 2 group) and push_content (JSON;
 * some pushes URL-encode it once more). sig is signed like any call, over the registered URL.
 * No n8n import: unit-testable on its own.
 */
import { meituanDecryptContent, meituanSign, safeEqual } from '../shared/crypto';

/** msg_type of a push: 1 text, 2 picture, 3 voice, 4 goods card, 5 order card; 11-15 the same in a group. */
export const MESSAGE_TYPES: Record<string, string> = {
	'1': 'text',
	'2': 'picture',
	'3': 'voice',
	'4': 'goods',
	'5': 'order',
	'11': 'text',
	'12': 'picture',
	'13': 'voice',
	'14': 'goods',
	'15': 'order',
};

/** A refused push: the HTTP status and Meituan error code for the caller, the reason for the debug log. */
export interface PushRejection {
	rejected: true;
	status: number;
	code: number;
	reason: string;
}

export function rejection(status: number, code: number, reason: string): PushRejection {
	return { rejected: true, status, code, reason };
}

export function isRejection(value: unknown): value is PushRejection {
	return !!value && typeof value === 'object' && (value as PushRejection).rejected === true;
}

/** Parameters of a form body; a repeated name is malformed. */
export function formParams(raw: string): Record<string, string> | PushRejection {
	const out: Record<string, string> = {};
	for (const [key, value] of new URLSearchParams(raw)) {
		if (Object.prototype.hasOwnProperty.call(out, key)) return rejection(400, 701, `parameter ${key} repeated`);
		out[key] = value;
	}
	return out;
}

/**
 * JSON text with every integer literal beyond 2^53 (Meituan's order and message IDs have up to 19
 * digits) turned into a string, so JSON.parse keeps its digits exact.
 */
export function quoteBigIntegers(text: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			out += ch;
			if (ch === '\\') out += text[++i] ?? '';
			else if (ch === '"') inString = false;
			continue;
		}
		if (ch === '"') {
			inString = true;
			out += ch;
			continue;
		}
		if ((ch >= '0' && ch <= '9') || ch === '-') {
			let j = i + 1;
			while (j < text.length && /[0-9.eE+-]/.test(text[j])) j++;
			const literal = text.slice(i, j);
			out += /^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal)) ? `"${literal}"` : literal;
			i = j - 1;
			continue;
		}
		out += ch;
	}
	return out;
}

/** push_content as JSON: as sent, or URL-decoded once more. */
export function pushContent(value: string | undefined): { content: Record<string, unknown>; decoded: string } | PushRejection {
	if (!value) return rejection(400, 701, 'push_content missing');
	const candidates = [value];
	if (!value.trim().startsWith('{')) {
		try {
			candidates.push(decodeURIComponent(value.replace(/\+/g, ' ')));
		} catch {
			// not URL-encoded either
		}
	}
	for (const text of candidates) {
		try {
			const parsed = JSON.parse(quoteBigIntegers(text)) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { content: parsed as Record<string, unknown>, decoded: text };
		} catch {
			// next candidate
		}
	}
	return rejection(400, 701, 'push_content is not a JSON object');
}

/** push_content once more URL-decoded when it is not JSON as sent: what a sender may have signed. */
export function decodedOnce(value: string): string {
	if (value.trim().startsWith('{')) return value;
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/**
 * Whether sig matches over one of the URLs: the params as they came, or with push_content decoded
 * once more (a sender may sign either). Constant time per comparison.
 */
export function pushSignatureValid(
	urls: string[],
	params: Record<string, string>,
	decodedPushContent: string,
	appSecret: string,
): boolean {
	const sig = String(params.sig ?? '').toLowerCase();
	if (!/^[0-9a-f]{32}$/.test(sig)) return false;
	const variants = [params];
	if (params.push_content !== undefined && params.push_content !== decodedPushContent) {
		variants.push({ ...params, push_content: decodedPushContent });
	}
	let ok = false;
	for (const url of new Set(urls.filter(Boolean))) {
		for (const variant of variants) ok = safeEqual(sig, meituanSign(url, variant, appSecret)) || ok;
	}
	return ok;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The readable fields of a push, msg_content decrypted. */
export function readablePush(
	content: Record<string, unknown>,
	params: Record<string, string>,
	appSecret: string,
): Record<string, unknown> | PushRejection {
	const type = str(content.msg_type);
	const typeName = MESSAGE_TYPES[type] ?? `type${type}`;
	const encrypted = str(content.msg_content);
	let plain = '';
	if (encrypted) {
		try {
			plain = meituanDecryptContent(appSecret, encrypted);
		} catch (error) {
			return rejection(400, 701, `msg_content: ${(error as Error).message}`);
		}
	}
	const cts = Number(content.cts);
	const spu = content.app_spu_codes;
	const spuCodes = Array.isArray(spu)
		? spu.map(str)
		: str(spu)
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
	const source = str(content.msg_source);
	const groupId = str(content.group_id);
	return {
		msgId: str(content.msg_id),
		appPoiCode: str(content.app_poi_code),
		openUserId: str(content.open_user_id),
		orderId: str(content.order_id),
		groupId,
		chat: params.biz_type === '2' || groupId ? 'group' : 'single',
		msgType: typeName,
		text: typeName === 'text' ? plain : '',
		pictureUrl: typeName === 'picture' ? plain : '',
		content: plain,
		spuCodes,
		sentAt: Number.isFinite(cts) && cts > 0 ? new Date(cts < 1e12 ? cts * 1000 : cts).toISOString() : '',
		source: source === '2' ? 'user' : source === '1' ? 'merchant' : source ? `source${source}` : '',
		push: { ...params, push_content: content },
	};
}
