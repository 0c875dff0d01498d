import type { IDataObject, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { strictUtf8 } from '../shared/crypto';
import {
	acknowledgeOnceStarted,
	ANSWER_WITH_WEBHOOK_RESPONSE,
	duplicateFilter,
	manualWebhookMethods,
	MAX_CALLBACK_BYTES,
	respond,
	loadBody,
	TRIGGER_VERSIONS,
	triggerCredentials,
	withinWindow,
} from '../shared/webhook';
import type { PushRejection } from './push';
import { decodedOnce, formParams, isRejection, MESSAGE_TYPES, pushContent, pushSignatureValid, readablePush, rejection } from './push';
import { MEITUAN_CREDENTIAL, meituanAppId, meituanSecret } from './transport';

const JSON_TYPE = 'application/json; charset=utf-8';
/** What Meituan expects back from a push it may stop retrying (IM消息推送). */
const OK_BODY = '{"data":"ok"}';
/** The signed timestamp may be at most this far from now: 10 minutes, as for Meituan's own API calls. */
const DEFAULT_MAX_AGE_SECONDS = 600;

const TYPE_OPTIONS = [...new Set(Object.values(MESSAGE_TYPES))].sort().map((t) => ({ name: t[0].toUpperCase() + t.slice(1), value: t }));

/** Meituan Waimai / Shangou IM pushes (IM消息推送): a message from a customer to a store. */
export class MeituanImTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Meituan IM Trigger',
		name: 'meituanImTrigger',
		icon: { light: 'file:meituanIm.svg', dark: 'file:meituanIm.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: '={{($parameter["sources"] || []).join(", ") || "all messages"}}',
		description: 'Starts the workflow when a customer messages a Meituan Waimai / Shangou store (美团外卖 / 闪购 IM消息推送)',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#meituan-im-trigger',
		defaults: { name: 'Meituan IM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'meituanApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook', ...ANSWER_WITH_WEBHOOK_RESPONSE }],
		properties: [
			{
				displayName:
					'In the Meituan developer console (开发者中心 → 应用 → 推送订阅), enter this node\'s Production URL as the IM message push URL (IM消息推送). Meituan signs each push over that URL with the App Secret: behind a proxy that changes the URL, set Callback URL below to the URL entered there.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'From',
				name: 'sources',
				type: 'multiOptions',
				options: [
					{ name: 'Users', value: 'user', description: 'Customers (msg_source 2)' },
					{ name: 'Merchant', value: 'merchant', description: 'The store, our own replies included (msg_source 1): an auto-reply that takes these answers itself' },
				],
				default: ['user'],
				description: 'Whose messages start the workflow; the others are answered "ok" and dropped',
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: TYPE_OPTIONS,
				default: [],
				description: 'Which message types start the workflow. None chosen: all of them.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Callback URL',
						name: 'callbackUrl',
						type: 'string',
						default: '',
						placeholder: 'https://n8n.example.com/webhook/…/webhook',
						description: 'The push URL exactly as entered in the Meituan console, which the signature covers. Empty: this node\'s Production URL (and the URL the push came to).',
					},
					{
						displayName: 'Max Timestamp Age (Seconds)',
						name: 'maxAge',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_AGE_SECONDS,
						description: 'Refuse pushes whose signed timestamp is further than this from now',
					},
				],
			},
		],
	};

	// The push URL is entered by hand in the developer console: nothing to register.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		await loadBody(this);
		const outcome = await handlePush(this);
		if (!isRejection(outcome)) return outcome;
		this.logger?.debug(`${this.getNode().name}: push rejected (${outcome.status}): ${outcome.reason}`);
		const body = JSON.stringify({ data: 'ng', error: { code: outcome.code, msg: publicMessage(outcome) } });
		return respond(this, outcome.status, body, JSON_TYPE);
	}
}

/** What the caller may read: a fixed text per kind, never what the secret or a signature is. */
function publicMessage(rejected: PushRejection): string {
	if (rejected.status === 413) return 'payload too large';
	if (rejected.code === 703) return 'sig or timestamp invalid';
	if (rejected.code === 702) return 'app_id invalid';
	return 'invalid push';
}

function requestParams(context: IWebhookFunctions): Record<string, string> | PushRejection {
	const req = context.getRequestObject() as unknown as { rawBody?: Buffer | string; body?: unknown };
	let params: Record<string, string> | PushRejection;
	const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : typeof req.rawBody === 'string' ? Buffer.from(req.rawBody, 'utf8') : undefined;
	if (raw && raw.length > MAX_CALLBACK_BYTES) return rejection(413, 701, `body of ${raw.length} bytes`);
	if (raw && raw.length > 0) {
		let text: string;
		try {
			text = strictUtf8(raw, 'body');
		} catch {
			return rejection(400, 701, 'body is not valid UTF-8');
		}
		params = formParams(text);
		if (isRejection(params)) return params;
	} else if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) && Object.keys(req.body).length > 0) {
		params = {};
		for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
			if (Array.isArray(v) || (v && typeof v === 'object')) return rejection(400, 701, `parameter ${k} malformed`);
			params[k] = String(v ?? '');
		}
		if (JSON.stringify(params).length > MAX_CALLBACK_BYTES) return rejection(413, 701, 'body too large');
	} else {
		return rejection(400, 701, 'empty body');
	}
	// Parameters in the query are signed too.
	for (const [k, v] of Object.entries(context.getQueryData() as IDataObject)) {
		if (Object.prototype.hasOwnProperty.call(params, k) || typeof v !== 'string') return rejection(400, 701, `parameter ${k} repeated or malformed`);
		params[k] = v;
	}
	return params;
}

/** The URLs the signature may cover: the configured one, or the Production URL and the URL called. */
function signedUrls(context: IWebhookFunctions): string[] {
	const configured = String(context.getNodeParameter('options.callbackUrl', '') ?? '').trim();
	if (configured) return [configured.split('?')[0]];
	const urls = [context.getNodeWebhookUrl('default') ?? ''];
	const req = context.getRequestObject();
	const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? '').split(',')[0].trim();
	const proto = String(req.headers['x-forwarded-proto'] ?? req.protocol ?? 'http').split(',')[0].trim();
	const path = String(req.originalUrl ?? req.url ?? '').split('?')[0];
	if (host && path) urls.push(`${proto}://${host}${path}`);
	return urls.map((u) => u.split('?')[0]);
}

async function handlePush(context: IWebhookFunctions): Promise<IWebhookResponseData | PushRejection> {
	const params = requestParams(context);
	if (isRejection(params)) return params;
	const credentials = await triggerCredentials(context, MEITUAN_CREDENTIAL);
	const appId = meituanAppId(credentials);
	const secret = meituanSecret(credentials);
	if (!appId || params.app_id !== appId) return rejection(403, 702, "app_id is not the credential's App ID");
	const maxAge = Number(context.getNodeParameter('options.maxAge', DEFAULT_MAX_AGE_SECONDS)) || DEFAULT_MAX_AGE_SECONDS;
	if (!/^\d{9,11}$/.test(params.timestamp ?? '') || !withinWindow(params.timestamp, maxAge)) {
		return rejection(403, 703, 'timestamp missing or outside the allowed window');
	}
	// Verified before anything of the push is read.
	const decoded = decodedOnce(params.push_content ?? '');
	if (!pushSignatureValid(signedUrls(context), params, decoded, secret)) return rejection(403, 703, 'sig does not match');
	const parsed = pushContent(params.push_content);
	if (isRejection(parsed)) return parsed;
	const { content } = parsed;
	if (content.app_id !== undefined && String(content.app_id) !== appId) return rejection(403, 702, "push_content.app_id is another app's");
	const item = readablePush(content, params, secret);
	if (isRejection(item)) return item;

	const sources = context.getNodeParameter('sources', ['user']) as string[];
	const types = context.getNodeParameter('messageTypes', []) as string[];
	if (sources.length > 0 && !sources.includes(String(item.source))) return respond(context, 200, OK_BODY, JSON_TYPE);
	if (types.length > 0 && !types.includes(String(item.msgType))) return respond(context, 200, OK_BODY, JSON_TYPE);
	// Meituan resends a push it thinks unanswered: one execution per msg_id (per process, bounded).
	const filter = duplicateFilter(context);
	const key = `${appId}:${String(item.msgId)}`;
	if (item.msgId && filter.check(key)) return respond(context, 200, OK_BODY, JSON_TYPE);
	// Answered once n8n has stored the execution; a failed start lets Meituan's resend through.
	return acknowledgeOnceStarted(context, OK_BODY, JSON_TYPE, [context.helpers.returnJsonArray(item as IDataObject)], () => {
		if (item.msgId) filter.forget(key);
	});
}
