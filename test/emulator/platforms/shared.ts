/** Small helpers the WeChat-family platform modules share. */
import { randomBytes } from 'crypto';
import type { RouteContext } from '../types';

export function byteLength(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
	let out = '';
	let used = 0;
	for (const ch of text) {
		const size = Buffer.byteLength(ch, 'utf8');
		if (used + size > maxBytes) break;
		out += ch;
		used += size;
	}
	return out;
}

export function randomId(prefix: string, bytes = 16): string {
	return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function hint(): string {
	return `${Math.floor(Date.now() / 1000)}${randomBytes(6).readUIntBE(0, 6)}`.slice(0, 25);
}

/** The JSON body as an object; anything else (absent, array, scalar) reads as empty. */
export function bodyObject(ctx: RouteContext): Record<string, unknown> {
	const json = ctx.req.json;
	return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
}

export function str(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** An integer given as a number or a numeric string (WeCom accepts both for ids). */
export function int(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
	return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
