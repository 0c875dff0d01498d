/**
 * The credential the requests of a node run share: read once per run, its base URL, and one token
 * fetch at a time for all of its items.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { TokenSpec } from './token';
import { storedTokenUsable, tokenRefused } from './token';

export type RequestContext = IExecuteFunctions | IWebhookFunctions | ILoadOptionsFunctions | IHookFunctions;

// One credential read per node run (the context object lives for the whole run), so items share
// the token and a refresh made for one item is seen by the next.
const credentialCache = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

export async function credentialData(
	context: RequestContext,
	type: string,
): Promise<ICredentialDataDecryptedObject> {
	let perContext = credentialCache.get(context);
	if (!perContext) {
		perContext = new Map();
		credentialCache.set(context, perContext);
	}
	let data = perContext.get(type);
	if (!data) {
		data = context.getCredentials(type).then((d) => ({ ...d }));
		perContext.set(type, data);
		data.catch(() => perContext!.delete(type));
	}
	return await data;
}

// Items of a run share one credentials object. While one request goes out without a token (n8n then
// runs the credential's preAuthentication and writes the fetched token), the others wait for it
// instead of each fetching and writing their own.
const tokenFetches = new WeakMap<object, Promise<void>>();

/** Waits while another request fetches the token; returns the release of the fetch this request makes, if it makes one. */
export async function tokenGate(
	credentials: ICredentialDataDecryptedObject,
	spec: TokenSpec,
): Promise<(() => void) | undefined> {
	for (;;) {
		if (storedTokenUsable(credentials, spec)) return undefined;
		const running = tokenFetches.get(credentials);
		if (!running) break;
		await running;
	}
	// A blank token makes n8n run preAuthentication, which fetches (once per process and identity,
	// see token.ts) and persists the new token for every worker. A token fetched with values the
	// credential no longer has (edited secret, other app) is blanked too.
	credentials[spec.field] = '';
	let release!: () => void;
	const fetch = new Promise<void>((resolve) => (release = resolve));
	tokenFetches.set(credentials, fetch);
	return () => {
		if (tokenFetches.get(credentials) === fetch) tokenFetches.delete(credentials);
		release();
	};
}

/**
 * After the platform refused the token a request sent: reads the credential again (n8n's database,
 * not this run's copy) and, if it holds another usable token for the same values, one that another
 * process (a queue-mode worker, another execution) stored after its own refresh, puts it into
 * `credentials` so the retry sends it instead of fetching yet another. False when there is none, or
 * when another item of this run has already put a token there meanwhile.
 */
export async function adoptStoredToken(
	context: RequestContext,
	type: string,
	credentials: ICredentialDataDecryptedObject,
	spec: TokenSpec,
): Promise<boolean> {
	let stored: ICredentialDataDecryptedObject;
	try {
		stored = await context.getCredentials(type);
	} catch {
		return false;
	}
	const token = stored[spec.field];
	if (tokenRefused(token) || !storedTokenUsable(stored, spec)) return false;
	if (spec.fingerprint(stored) !== spec.fingerprint(credentials) || credentials[spec.field] !== '') return false;
	credentials[spec.field] = token;
	credentials[spec.expiresField] = stored[spec.expiresField];
	credentials[spec.fingerprintField] = stored[spec.fingerprintField];
	return true;
}

export function baseUrlOf(credentials: ICredentialDataDecryptedObject, fallback: string): string {
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (configured || fallback).replace(/\/+$/, '');
}
