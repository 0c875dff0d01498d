import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { safeEqual, strictUtf8, timCallbackSign } from '../shared/crypto';
import {
	answerUnlessAnswered,
	deadlineOption,
	duplicateFilter,
	manualWebhookMethods,
	MAX_CALLBACK_BYTES,
	MIN_DEADLINE_MS,
	queryParam,
	rawBody,
	reject,
	respond,
	responseModeWhen,
	acknowledgeOnceStarted,
	ANSWER_WITH_WEBHOOK_RESPONSE,
	loadBody,
	TRIGGER_VERSIONS,
	triggerCredentials,
	withinWindow,
} from '../shared/webhook';
import { ALLOW_BODY, CALLBACK_COMMANDS, commandWanted, dedupeKey, isBeforeCommand, messageText } from './callback';
import { TIM_CREDENTIAL } from './transport';

const JSON_TYPE = 'application/json; charset=utf-8';
/**
 * Before-send callbacks time out after 2 s (269/1522). The clock starts when webhook() runs, after
 * n8n has read the request (measured 50-250 ms in n8n 2.8 and 2.41), and Tencent's network adds
 * its own: 1.3 s keeps the answer well inside the 2 s.
 */
const DEFAULT_DEADLINE_MS = 1300;
const MAX_DEADLINE_MS = 1900;

/** Tencent Cloud IM third-party callbacks (第三方回调): message, group and online-status events. */
export class TencentCloudImTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tencent Cloud IM Trigger',
		name: 'tencentCloudImTrigger',
		icon: { light: 'file:tencentCloudIm.svg', dark: 'file:tencentCloudIm.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: '={{$parameter["replyMode"] === "workflow" ? "workflow decides" : "auto-allow"}}',
		description: 'Starts the workflow on Tencent Cloud IM (腾讯云即时通信 IM) callbacks, and can allow, block or rewrite messages',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#tencent-cloud-im-trigger',
		defaults: { name: 'Tencent Cloud IM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tencentCloudImApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', path: 'webhook', ...responseModeWhen('replyMode', 'workflow'), ...ANSWER_WITH_WEBHOOK_RESPONSE },
		],
		properties: [
			{
				displayName:
					'In the IM console open Callback Configuration (回调配置), paste this node\'s Production URL as the callback URL and switch on the callbacks you need. Turn on callback authentication (回调鉴权) and enter the same token in the credential\'s Callback Token: without it, the only check is the SDKAppID, and anyone who learns this URL can start the workflow.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Callbacks',
				name: 'commands',
				type: 'multiOptions',
				options: CALLBACK_COMMANDS,
				default: [],
				description:
					'Which callback commands start the workflow. None chosen: all of them. The others are answered "allow" at once.',
			},
			{
				displayName: 'Reply Mode',
				name: 'replyMode',
				type: 'options',
				options: [
					{
						name: 'Allow at Once',
						value: 'acknowledge',
						description: 'Answer every callback "OK" immediately, then run the workflow',
					},
					{
						name: 'Workflow Decides',
						value: 'workflow',
						description:
							'Before-send callbacks wait for a Tencent Cloud IM → Callback Answer → Answer node later in the workflow to allow, block, drop or rewrite the message',
					},
				],
				default: 'acknowledge',
			},
			{
				displayName:
					'Answer with a Tencent Cloud IM → Callback Answer → Answer node. Tencent waits at most 2 seconds for a before-send answer: if the workflow has not answered by the Answer Deadline below, this trigger answers "allow" itself, as Tencent would on a timeout, and the late answer is dropped.',
				name: 'deadlineNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { replyMode: ['workflow'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						// n8n's scanner ignores inline lint exceptions, so the unit is spelled out in title case.
						displayName: 'Answer Deadline (Milliseconds)',
						name: 'deadlineMs',
						type: 'number',
						typeOptions: { minValue: MIN_DEADLINE_MS, maxValue: MAX_DEADLINE_MS },
						default: DEFAULT_DEADLINE_MS,
						description: 'Workflow Decides: when to answer "allow" for a workflow that is still running',
					},
					{
						displayName: 'Max Request Time Age (Seconds)',
						name: 'maxAge',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 60,
						description:
							'With a Callback Token: refuse callbacks whose RequestTime is further than this from now (Tencent recommends one minute)',
					},
				],
			},
		],
	};

	// The callback URL is entered by hand in the IM console: nothing to register.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		await loadBody(this);
		const credentials = await triggerCredentials(this, TIM_CREDENTIAL);
		// "务必校验请求 URL 中的参数 SDKAppID 是否是自己的 SDKAppID" (269/1632).
		const sdkAppId = String(credentials.sdkAppId ?? '').trim();
		if (!sdkAppId || queryParam(this, 'SdkAppid') !== sdkAppId) {
			return reject(this, 403, 'SdkAppid is not the credential\'s SDKAppID');
		}
		const token = String(credentials.callbackToken ?? '').trim();
		if (token) {
			// Sign = sha256(Token + RequestTime), RequestTime at most a minute off (269/1522, 安全问题).
			const sign = queryParam(this, 'Sign');
			const requestTime = queryParam(this, 'RequestTime');
			if (!sign || !requestTime) return reject(this, 401, 'Sign or RequestTime missing');
			const maxAge = this.getNodeParameter('options.maxAge', 60) as number;
			if (!withinWindow(requestTime, maxAge)) return reject(this, 401, 'RequestTime outside the allowed window');
			if (!safeEqual(sign.toLowerCase(), timCallbackSign(token, requestTime))) return reject(this, 401, 'Sign does not match');
		}

		const raw = rawBody(this);
		if (raw.length > MAX_CALLBACK_BYTES) return reject(this, 413, `body of ${raw.length} bytes`);
		// Invalid bytes are refused, not read as U+FFFD: a workflow must not act on text nobody sent.
		let text: string;
		try {
			text = strictUtf8(raw, 'body');
		} catch {
			return reject(this, 400, 'body is not valid UTF-8');
		}
		let body: IDataObject;
		try {
			body = JSON.parse(text) as IDataObject;
		} catch {
			return reject(this, 400, 'body is not JSON');
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) return reject(this, 400, 'body is not a JSON object');
		const command = queryParam(this, 'CallbackCommand') || String(body.CallbackCommand ?? '');
		if (!command) return reject(this, 400, 'no CallbackCommand');

		const chosen = this.getNodeParameter('commands', []) as string[];
		if (!commandWanted(chosen, command)) return respond(this, 200, ALLOW_BODY, JSON_TYPE);

		const before = isBeforeCommand(command);
		// A before-callback is decided per delivery and Tencent falls back to its default when
		// unanswered; resent after-events carry the same message and must start one execution.
		const filter = duplicateFilter(this);
		const key = before ? '' : dedupeKey(command, body, raw);
		if (!before && filter.check(key)) {
			return respond(this, 200, ALLOW_BODY, JSON_TYPE);
		}

		const item: IDataObject = {
			...body,
			CallbackCommand: command,
			SdkAppid: sdkAppId,
			ClientIP: queryParam(this, 'ClientIP'),
			OptPlatform: queryParam(this, 'OptPlatform'),
		};
		if (body.MsgBody !== undefined) item.text = messageText(body.MsgBody);
		const workflowData = [this.helpers.returnJsonArray(item)];

		const workflowDecides = this.getNodeParameter('replyMode', 'acknowledge') === 'workflow';
		if (before && workflowDecides) {
			// On a timeout Tencent delivers the message anyway (269/1522): "allow" is the same outcome, sooner.
			void answerUnlessAnswered(this, deadlineOption(this, DEFAULT_DEADLINE_MS, MAX_DEADLINE_MS), {
				status: 200,
				body: ALLOW_BODY,
				contentType: JSON_TYPE,
				outcome: 'so the message was allowed',
			});
			return { workflowData };
		}
		// In "Workflow Decides" n8n waits for a Respond to Webhook node (responseMode "responseNode"),
		// which an after-event must not wait for: answered here, at once.
		if (workflowDecides) return respond(this, 200, ALLOW_BODY, JSON_TYPE, workflowData);
		// Answered once n8n has stored the execution; a failed start lets Tencent's resend through.
		return acknowledgeOnceStarted(this, ALLOW_BODY, JSON_TYPE, workflowData, before ? undefined : () => filter.forget(key));
	}
}
