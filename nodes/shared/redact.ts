/**
 * Keeps secrets out of every error, log line and output: query parameters and JSON fields that
 * carry tokens, signatures or keys are masked, and so is any literal secret value passed in.
 */
const SECRET_NAMES = [
	'access_token',
	'accessToken',
	'corpsecret',
	'secret',
	'appsecret',
	'app_secret',
	'usersig',
	'UserSig',
	'sig',
	'msg_signature',
	'signature',
	'Sign',
	'key',
	'token',
	'encodingAesKey',
	'EncodingAESKey',
	'echostr',
];

const NAMES = SECRET_NAMES.join('|');
// name=value in URLs and form bodies (the value runs to the next &, quote or white space).
const QUERY_PATTERN = new RegExp(`([?&;\\s"']|^)(${NAMES})=([^&#\\s"']+)`, 'gi');
// "name": "value" in JSON text.
const JSON_PATTERN = new RegExp(`("(?:${NAMES})"\\s*:\\s*")([^"]*)(")`, 'gi');

export const REDACTED = '***';

export function redact(text: unknown, secrets: Array<string | undefined | null> = []): string {
	let out = typeof text === 'string' ? text : text instanceof Error ? text.message : safeStringify(text);
	for (const secret of secrets) {
		// Short values (an agent id, "1") would mask ordinary text; secrets are long.
		if (typeof secret === 'string' && secret.length >= 6) out = out.split(secret).join(REDACTED);
	}
	return out
		.replace(QUERY_PATTERN, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`)
		.replace(JSON_PATTERN, (_m, head: string, _v: string, tail: string) => `${head}${REDACTED}${tail}`);
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** The string values of a credential's data: every one is treated as secret in error text. */
export function credentialSecrets(data: Record<string, unknown> | undefined, fields: string[]): string[] {
	if (!data) return [];
	return fields.map((f) => data[f]).filter((v): v is string => typeof v === 'string' && v !== '');
}
