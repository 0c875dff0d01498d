import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { manualWebhookMethods } from '../shared/fields';
import {
	answerUnlessAnswered,
	deadlineMs,
	duplicateFilter,
	reject,
	respond,
	triggerCredentials,
} from '../shared/webhook';
import { answerUrlVerification, dedupeKey, openCallback, readableMessage } from '../shared/wxCallback';

const MESSAGE_TYPES = [
	{ name: 'Event: Change Contact', value: 'event:change_contact' },
	{ name: 'Event: Click Menu', value: 'event:click' },
	{ name: 'Event: Enter App', value: 'event:enter_agent' },
	{ name: 'Event: Location Report', value: 'event:LOCATION' },
	{ name: 'Event: Subscribe', value: 'event:subscribe' },
	{ name: 'Event: Template Card', value: 'event:template_card_event' },
	{ name: 'Event: Unsubscribe', value: 'event:unsubscribe' },
	{ name: 'Event: View Menu Link', value: 'event:view' },
	{ name: 'Image', value: 'image' },
	{ name: 'Link', value: 'link' },
	{ name: 'Location', value: 'location' },
	{ name: 'Other Events', value: 'event:*' },
	{ name: 'Text', value: 'text' },
	{ name: 'Video', value: 'video' },
	{ name: 'Voice', value: 'voice' },
];

/**
 * WeCom drops a callback unanswered after 5 s and sends it again (up to three times, document/path/90930);
 * webhook() runs after n8n has read the request, so the deadline starts a little late: 4 s leaves
 * room for that and the network.
 */
const DEFAULT_DEADLINE_MS = 4000;
const MAX_DEADLINE_MS = 4900;

const KNOWN_EVENTS = new Set(MESSAGE_TYPES.filter((t) => t.value.startsWith('event:')).map((t) => t.value));

/** Whether a callback's type is one the user chose (an empty choice means everything). */
export function wanted(chosen: string[], fields: Record<string, unknown>): boolean {
	if (chosen.length === 0) return true;
	const type = String(fields.MsgType ?? '');
	if (type !== 'event') return chosen.includes(type);
	const event = `event:${String(fields.Event ?? '')}`;
	if (chosen.includes(event)) return true;
	return chosen.includes('event:*') && !KNOWN_EVENTS.has(event);
}

/** WeCom (企业微信) app callbacks (接收消息): messages and events sent to a self-built app. */
export class WeComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Trigger',
		name: 'weComTrigger',
		icon: { light: 'file:wecom.svg', dark: 'file:wecom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["replyMode"] === "passive" ? "passive reply" : "auto-acknowledge"}}',
		description: 'Starts the workflow when a WeCom (企业微信) app receives a message or event',
		defaults: { name: 'WeCom Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weComApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["replyMode"] === "passive" ? "responseNode" : "onReceived"}}',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'In the WeCom admin console, open the app → Receive Messages (接收消息) → Set API Receive, paste this node\'s Production URL, and use the same Token and EncodingAESKey as the credential. WeCom checks the URL at once, so publish the workflow first.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: MESSAGE_TYPES,
				default: [],
				description: 'Which messages and events start the workflow. None chosen: all of them.',
			},
			{
				displayName: 'Reply Mode',
				name: 'replyMode',
				type: 'options',
				options: [
					{
						name: 'Acknowledge at Once',
						value: 'acknowledge',
						description:
							'Answer WeCom immediately, then run the workflow; reply later with WeCom → Message → Send',
					},
					{
						name: 'Passive Reply',
						value: 'passive',
						description:
							'Keep the callback open for a WeCom → Passive Reply → Reply node later in the workflow; WeCom waits at most 5 seconds',
					},
				],
				default: 'acknowledge',
			},
			{
				displayName:
					'Answer with a WeCom → Passive Reply → Reply node. WeCom waits at most 5 seconds: if the workflow has not answered by the Answer Deadline below, this trigger answers the empty "received" reply itself, so WeCom does not send the message again, and the late reply is dropped.',
				name: 'deadlineNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { replyMode: ['passive'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is the unit's symbol, and a symbol's case is its meaning
						displayName: 'Answer Deadline (ms)',
						name: 'deadlineMs',
						type: 'number',
						typeOptions: { minValue: 100, maxValue: MAX_DEADLINE_MS },
						default: DEFAULT_DEADLINE_MS,
						description: 'Passive Reply: when to answer "received" for a workflow that has not replied yet',
						displayOptions: { show: { '/replyMode': ['passive'] } },
					},
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

	// The callback URL is entered by hand in the WeCom admin console: nothing to register.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await triggerCredentials(this, 'weComApi');
		// Pasted values often carry a stray space; the API calls trim them too (transport.ts).
		const keys = {
			token: String(credentials.token ?? '').trim(),
			encodingAesKey: String(credentials.encodingAesKey ?? '').trim(),
			receiveId: String(credentials.corpId ?? '').trim(),
		};
		if (!keys.token || !keys.encodingAesKey || !keys.receiveId) {
			return reject(this, 403, 'the credential has no callback Token, EncodingAESKey or Corp ID');
		}
		if (this.getRequestObject().method === 'GET') return answerUrlVerification(this, keys);

		const maxAge = this.getNodeParameter('options.maxAge', 300) as number;
		const opened = openCallback(this, keys, maxAge);
		if (!opened.ok) return opened.response;

		const passive = this.getNodeParameter('replyMode', 'acknowledge') === 'passive';
		const chosen = this.getNodeParameter('messageTypes', []) as string[];
		// WeCom retries an unanswered callback three times with the same content: one execution.
		if (!wanted(chosen, opened.fields) || duplicateFilter(this).check(dedupeKey(opened.fields, opened.xml))) {
			return respond(this, 200, '');
		}
		const item: IDataObject = readableMessage(opened.fields, opened.xml);
		const workflowData = [this.helpers.returnJsonArray(item)];
		if (passive) {
			const deadline = this.getNodeParameter('options.deadlineMs', DEFAULT_DEADLINE_MS);
			// An empty 200 is WeCom's "received, no passive reply" (document/path/90930).
			void answerUnlessAnswered(this, deadlineMs(deadline, DEFAULT_DEADLINE_MS, 100, MAX_DEADLINE_MS), {
				status: 200,
				body: '',
				contentType: 'text/plain; charset=utf-8',
				outcome: 'so WeCom got the empty "received" answer',
			});
			return { workflowData };
		}
		// An empty 200 tells WeCom "received, no passive reply" (document/path/90930).
		return respond(this, 200, '', 'text/plain; charset=utf-8', workflowData);
	}
}
