/**
 * The callback trigger of the WeChat family as a factory: a product says which credential opens
 * the envelope, which message types it offers, how its platform checks the URL and what it takes
 * for "received"; the factory gives the node its description, its webhook and the reply modes
 * (acknowledge at once, or keep the callback open for a passive reply with a deadline fallback).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	acknowledgeOnceStarted,
	ANSWER_WITH_WEBHOOK_RESPONSE,
	answerUnlessAnswered,
	deadlineOption,
	duplicateFilter,
	manualWebhookMethods,
	MIN_DEADLINE_MS,
	reject,
	respond,
	responseModeWhen,
	loadBody,
	TRIGGER_VERSIONS,
	triggerCredentials,
} from '../webhook';
import type { WxCallbackKeys, WxMessageMode, WxUrlVerification } from './callback';
import { answerUrlVerification, dedupeKey, openCallback, readableMessage } from './callback';

/** An opened callback: its fields, its plaintext XML, and whether it came encrypted. */
export interface WxCallback {
	fields: Record<string, unknown>;
	xml: string;
	encrypted: boolean;
}

export interface WxTriggerSpec {
	displayName: string;
	/** The node type's name, e.g. "weComTrigger". */
	name: string;
	icon: INodeTypeDescription['icon'];
	description: string;
	/** The editor's "Docs" link: the README section of this trigger. */
	documentationUrl: string;
	credentialType: string;
	/** The credential fields that open the envelope. */
	keys: Record<keyof WxCallbackKeys, string>;
	/** How they read to the user, for the debug log when one is blank, e.g. "callback Token, EncodingAESKey or Corp ID". */
	keysLabel: string;
	/** The credential field with the message mode (Official Account); without one, always safe mode. */
	modeField?: string;
	urlVerification: WxUrlVerification;
	/** The platform marks encrypted callbacks with encrypt_type=aes (see openCallback). */
	marksEncryption?: boolean;
	setupNotice: string;
	/**
	 * The Message Types to choose from: a message type ("text") or "event:<Event>", and "event:*" for
	 * the rest. Without them the node has no such property and every callback goes to `items`
	 * (WeChat KF: its callback only says that messages wait; it filters what it fetched).
	 */
	messageTypes?: INodePropertyOptions[];
	/** The product's own properties, after Message Types (WeChat KF: its filters). */
	properties?: INodeProperties[];
	/**
	 * The descriptions of the two Reply Mode options. Without them the node always acknowledges at
	 * once and has no Reply Mode, deadline notice or Answer Deadline (WeChat KF has no passive reply).
	 */
	replyModes?: { acknowledge: string; passive: string };
	deadlineNotice?: string;
	/** Answer Deadline (Milliseconds): its default and its maximum, below what the platform waits. */
	deadline?: { default: number; max: number };
	/** The platform's "received, no passive reply", and how the fallback's warning ends. */
	received: { body: string; outcome: string };
	/** What identifies a callback across the platform's retries; default: dedupeKey. */
	dedupeKey?: (callback: WxCallback) => string;
	/**
	 * Answer once the items are made but before n8n starts the execution (WeChat KF: its cursor is
	 * in static data, which n8n 2.41 saves only then). A start n8n cannot make then loses the items.
	 */
	answerBeforeStart?: boolean;
	/** The webhook lifecycle (WeChat KF records when the workflow was activated); default: nothing to register. */
	webhookMethods?: INodeType['webhookMethods'];
	/**
	 * The items an opened callback starts the workflow with (default: its readable message). A
	 * product can fetch more here (WeChat KF: the messages behind its event); none: no execution.
	 */
	items?: (
		this: IWebhookFunctions,
		callback: WxCallback,
		credentials: ICredentialDataDecryptedObject,
	) => Promise<IDataObject[]>;
}

const TEXT = 'text/plain; charset=utf-8';
const MODES: WxMessageMode[] = ['plaintext', 'compatible', 'safe'];

/** Whether a callback's type is one the user chose (an empty choice means everything). */
export function typeFilter(options: INodePropertyOptions[]): (chosen: string[], fields: Record<string, unknown>) => boolean {
	const known = new Set(options.map((o) => String(o.value)).filter((v) => v.startsWith('event:')));
	return (chosen, fields) => {
		if (chosen.length === 0) return true;
		const type = String(fields.MsgType ?? '');
		if (type !== 'event') return chosen.includes(type);
		const event = `event:${String(fields.Event ?? '')}`;
		if (chosen.includes(event)) return true;
		return chosen.includes('event:*') && !known.has(event);
	};
}

function replyModeProperties(spec: WxTriggerSpec): INodeProperties[] {
	if (!spec.replyModes || !spec.deadlineNotice) return [];
	return [
		{
			displayName: 'Reply Mode',
			name: 'replyMode',
			type: 'options',
			options: [
				{ name: 'Acknowledge at Once', value: 'acknowledge', description: spec.replyModes.acknowledge },
				{ name: 'Passive Reply', value: 'passive', description: spec.replyModes.passive },
			],
			default: 'acknowledge',
		},
		{
			displayName: spec.deadlineNotice,
			name: 'deadlineNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { replyMode: ['passive'] } },
		},
	];
}

function describe(spec: WxTriggerSpec): INodeTypeDescription {
	const passive = spec.replyModes !== undefined && spec.deadline !== undefined;
	const messageTypes: INodeProperties[] = spec.messageTypes
		? [
				{
					displayName: 'Message Types',
					name: 'messageTypes',
					type: 'multiOptions',
					options: spec.messageTypes,
					default: [],
					description: 'Which messages and events start the workflow. None chosen: all of them.',
				},
			]
		: [];
	const { default: deadlineDefault, max: deadlineMax } = spec.deadline ?? { default: 0, max: 0 };
	const deadlineOptions: INodeProperties[] = passive
		? [
				{
					// n8n's scanner ignores inline lint exceptions, so the unit is spelled out in title case.
					displayName: 'Answer Deadline (Milliseconds)',
					name: 'deadlineMs',
					type: 'number',
					typeOptions: { minValue: MIN_DEADLINE_MS, maxValue: deadlineMax },
					default: deadlineDefault,
					description: 'Passive Reply: when to answer "received" for a workflow that has not replied yet',
					displayOptions: { show: { '/replyMode': ['passive'] } },
				},
			]
		: [];
	return {
		displayName: spec.displayName,
		name: spec.name,
		icon: spec.icon,
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		...(passive ? { subtitle: '={{$parameter["replyMode"] === "passive" ? "passive reply" : "auto-acknowledge"}}' } : {}),
		description: spec.description,
		documentationUrl: spec.documentationUrl,
		defaults: { name: spec.displayName },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: spec.credentialType, required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			passive
				? { name: 'default', httpMethod: 'POST', path: 'webhook', ...responseModeWhen('replyMode', 'passive'), ...ANSWER_WITH_WEBHOOK_RESPONSE }
				: { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook', ...ANSWER_WITH_WEBHOOK_RESPONSE },
		],
		properties: [
			{ displayName: spec.setupNotice, name: 'setupNotice', type: 'notice', default: '' },
			...messageTypes,
			...(spec.properties ?? []),
			...replyModeProperties(spec),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					...deadlineOptions,
					{
						displayName: 'Max Timestamp Age (Seconds)',
						name: 'maxAge',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 300,
						description:
							'Refuse callbacks whose timestamp is further than this from now (replays). 0 turns the check off.',
					},
				],
			},
		],
	};
}

function keysOf(spec: WxTriggerSpec, credentials: ICredentialDataDecryptedObject): WxCallbackKeys {
	// Pasted values often carry a stray space; the API calls trim them too.
	const value = (field: string) => String(credentials[field] ?? '').trim();
	return {
		token: value(spec.keys.token),
		encodingAesKey: value(spec.keys.encodingAesKey),
		receiveId: value(spec.keys.receiveId),
	};
}

function modeOf(spec: WxTriggerSpec, credentials: ICredentialDataDecryptedObject): WxMessageMode {
	const mode = spec.modeField ? credentials[spec.modeField] : undefined;
	// Anything but a known mode is the strictest one: no credential is downgraded by a typo.
	return MODES.includes(mode as WxMessageMode) ? (mode as WxMessageMode) : 'safe';
}

type Wanted = ReturnType<typeof typeFilter>;

async function receive(this: IWebhookFunctions, spec: WxTriggerSpec, wanted: Wanted): Promise<IWebhookResponseData> {
	const credentials = await triggerCredentials(this, spec.credentialType);
	const keys = keysOf(spec, credentials);
	const mode = modeOf(spec, credentials);
	// Plaintext callbacks and a signed URL check need the Token alone.
	const tokenOnly = mode === 'plaintext' && spec.urlVerification === 'signed';
	if (!keys.token || (!tokenOnly && (!keys.encodingAesKey || !keys.receiveId))) {
		return reject(this, 403, `the credential has no ${spec.keysLabel}`);
	}
	if (this.getRequestObject().method === 'GET') return answerUrlVerification(this, keys, spec.urlVerification);

	const maxAge = this.getNodeParameter('options.maxAge', 300) as number;
	const opened = openCallback(this, keys, { mode, marksEncryption: spec.marksEncryption, maxAgeSeconds: maxAge });
	if (!opened.ok) return opened.response;
	const callback: WxCallback = { fields: opened.fields, xml: opened.xml, encrypted: opened.encrypted };

	const passive = spec.replyModes !== undefined && this.getNodeParameter('replyMode', 'acknowledge') === 'passive';
	const chosen = spec.messageTypes ? (this.getNodeParameter('messageTypes', []) as string[]) : [];
	const key = spec.dedupeKey ? spec.dedupeKey(callback) : dedupeKey(callback.fields, callback.xml);
	const filter = duplicateFilter(this);
	// The platforms retry an unanswered callback with the same content: one execution.
	if (!wanted(chosen, callback.fields) || filter.check(key)) {
		return respond(this, 200, spec.received.body, TEXT);
	}
	if (passive && spec.deadline) {
		// Started before the items are made, so a slow items hook counts against the deadline too.
		void answerUnlessAnswered(this, deadlineOption(this, spec.deadline.default, spec.deadline.max), {
			status: 200,
			body: spec.received.body,
			contentType: TEXT,
			outcome: spec.received.outcome,
		});
	}
	// Acknowledge mode answers only once n8n has stored the execution (acknowledgeOnceStarted), so
	// the items are made first: a hook that fails answers n8n's 500 and the platform resends.
	let items: IDataObject[] | undefined;
	try {
		items = spec.items ? await spec.items.call(this, callback, credentials) : [readableMessage(callback.fields, callback.xml)];
	} finally {
		// The hook failed and no execution started: the platform's retry must get through.
		if (!items) filter.forget(key);
	}
	if (items.length === 0) return respond(this, 200, spec.received.body, TEXT);
	const workflowData = [this.helpers.returnJsonArray(items)];
	if (passive) return { workflowData };
	// A product whose hook keeps state in static data answers here, itself: n8n 2.41 saves static
	// data changed in webhook() only when the answer comes before it starts the run (WorkflowRunner
	// wraps the static data again and clears its change flag; measured in a restart e2e).
	if (spec.answerBeforeStart) return respond(this, 200, spec.received.body, TEXT, workflowData);
	return acknowledgeOnceStarted(this, spec.received.body, TEXT, workflowData, () => filter.forget(key));
}

/** The trigger node class of a WeChat-family product. */
export function wxCallbackTrigger(spec: WxTriggerSpec): new () => INodeType {
	const wanted = typeFilter(spec.messageTypes ?? []);
	return class WxCallbackTrigger implements INodeType {
		description: INodeTypeDescription = describe(spec);

		// The callback URL is entered by hand in the platform's console: nothing to register.
		webhookMethods = spec.webhookMethods ?? manualWebhookMethods;

		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			await loadBody(this);
			return await receive.call(this, spec, wanted);
		}
	};
}
