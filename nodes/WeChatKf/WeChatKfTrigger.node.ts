import type { IWebhookFunctions } from 'n8n-workflow';
import type { WxCallback } from '../shared/wechat/trigger';
import { wxCallbackTrigger } from '../shared/wechat/trigger';
import { activationMethods, inboxItems } from './inbox';
import { EVENT_TYPE_OPTIONS, MESSAGE_TYPE_OPTIONS, ORIGIN_OPTIONS } from './messages';

async function items(this: IWebhookFunctions, callback: WxCallback) {
	return await inboxItems.call(this, callback, {
		filter: {
			origins: this.getNodeParameter('origins', ['customer', 'system']) as string[],
			messageTypes: this.getNodeParameter('messageTypes', []) as string[],
			eventTypes: this.getNodeParameter('eventTypes', []) as string[],
		},
		includeLast3Days: this.getNodeParameter('includeLast3Days', false) as boolean,
	});
}

/**
 * WeChat KF (微信客服) callbacks: the trigger fetches the messages the callback announces with
 * sync_msg, starts the workflow with one item per new message, and WeCom's callback is answered
 * after the fetch, a failed fetch with 500 (WeCom waits 5 s and retries,
 * developer.work.weixin.qq.com/document/path/94670).
 */
export class WeChatKfTrigger extends wxCallbackTrigger({
	displayName: 'WeChat KF Trigger',
	name: 'weChatKfTrigger',
	icon: { light: 'file:wechatKf.svg', dark: 'file:wechatKf.dark.svg' },
	description: 'Starts the workflow when a WeChat KF (微信客服) account receives messages or events',
	documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-kf-trigger',
	credentialType: 'weChatKfApi',
	keys: { token: 'token', encodingAesKey: 'encodingAesKey', receiveId: 'corpId' },
	keysLabel: 'callback Token, EncodingAESKey or Corp ID',
	// WeChat KF callbacks are encrypted like WeCom's, and so is the URL check (receiveId = Corp ID).
	urlVerification: 'encrypted',
	setupNotice:
		"In the WeCom admin console, open WeChat KF (微信客服) → API → callback (接收事件服务器), paste this node's Production URL, and use the same Token and EncodingAESKey as the credential. WeCom checks the URL at once, so publish the workflow first.",
	properties: [
		{
			displayName: 'Origins',
			name: 'origins',
			type: 'multiOptions',
			options: ORIGIN_OPTIONS,
			default: ['customer', 'system'],
			description:
				"Whose messages start the workflow. Servicers' messages are off by default, so an auto reply does not answer them; messages sent through the API never come back.",
		},
		{
			displayName: 'Message Types',
			name: 'messageTypes',
			type: 'multiOptions',
			options: MESSAGE_TYPE_OPTIONS,
			default: [],
			description: 'Which messages (not events) start the workflow. None chosen: all of them.',
		},
		{
			displayName: 'Event Types',
			name: 'eventTypes',
			type: 'multiOptions',
			options: EVENT_TYPE_OPTIONS,
			default: [],
			description: 'Which system events start the workflow (with Origins → System Event). None chosen: all of them.',
		},
		{
			displayName: 'Include the Last 3 Days',
			name: 'includeLast3Days',
			type: 'boolean',
			default: false,
			description:
				'Whether to also emit messages sent before the workflow was published. WeChat keeps 3 days of them; off, the trigger starts with the messages that arrive after publishing.',
		},
	],
	// The empty 200 is WeCom's "received" (path/94670 回调通知: 5 秒内响应).
	received: { body: '', outcome: 'so WeCom got the empty "received" answer' },
	webhookMethods: activationMethods,
	answerBeforeStart: true,
	items,
}) {}
