/** Helpers for the emulator's own tests (not a test file itself). */
import type { Emulator } from './server';
import { wecomFixture } from './fixtures';

// Answers are read field by field in assertions; a loose type keeps the tests legible.
export type Json = Record<string, any>;

export async function getJson(url: string): Promise<Json> {
	const res = await fetch(url);
	return (await res.json()) as Json;
}

export async function postJson(url: string, body: unknown): Promise<Json> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return (await res.json()) as Json;
}

export async function wecomToken(
	emulator: Emulator,
	corpId: string = wecomFixture.corpId,
	secret: string = wecomFixture.corpSecret,
): Promise<string> {
	const answer = await getJson(`${emulator.url}/wecom/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`);
	if (answer.errcode !== 0) throw new Error(`gettoken failed: ${JSON.stringify(answer)}`);
	return answer.access_token as string;
}

/** `${url}/wecom${path}?access_token=…&extra` */
export function wecomUrl(emulator: Emulator, path: string, token: string, query: Record<string, string> = {}): string {
	const params = new URLSearchParams({ access_token: token, ...query });
	return `${emulator.url}/wecom${path}?${params}`;
}

export async function upload(
	url: string,
	data: Buffer,
	filename: string,
	contentType = 'application/octet-stream',
	field = 'media',
): Promise<Json> {
	const form = new FormData();
	form.append(field, new Blob([data], { type: contentType }), filename);
	const res = await fetch(url, { method: 'POST', body: form });
	return (await res.json()) as Json;
}
