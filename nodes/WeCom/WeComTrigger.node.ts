import { wxCallbackTrigger } from '../shared/wechat/trigger';

/**
 * WeCom drops a callback unanswered after 5 s and sends it again (up to three times, document/path/90930);
 * webhook() runs after n8n has read the request, so the deadline starts a little late: 4 s leaves
 * room for that and the network.
 */
const DEFAULT_DEADLINE_MS = 4000;
const MAX_DEADLINE_MS = 4900;

/** WeCom (企业微信) app callbacks (接收消息): messages and events sent to a self-built app. */
export class WeComTrigger extends wxCallbackTrigger({
	displayName: 'WeCom Trigger',
	name: 'weComTrigger',
	icon: { light: 'file:wecom.svg', dark: 'file:wecom.dark.svg' },
	description: 'Starts the workflow when a WeCom (企业微信) app receives a message or event',
	documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wecom-trigger',
	credentialType: 'weComApi',
	keys: { token: 'token', encodingAesKey: 'encodingAesKey', receiveId: 'corpId' },
	keysLabel: 'callback Token, EncodingAESKey or Corp ID',
	// Every WeCom callback is encrypted, and the URL check sends an encrypted echostr (document/path/90930).
	urlVerification: 'encrypted',
	setupNotice:
		'In the WeCom admin console, open the app → Receive Messages (接收消息) → Set API Receive, paste this node\'s Production URL, and use the same Token and EncodingAESKey as the credential. WeCom checks the URL at once, so publish the workflow first.',
	messageTypes: [
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
	],
	replyModes: {
		acknowledge: 'Answer WeCom immediately, then run the workflow; reply later with WeCom → Message → Send',
		passive:
			'Keep the callback open for a WeCom → Passive Reply → Reply node later in the workflow; WeCom waits at most 5 seconds',
	},
	deadlineNotice:
		'Answer with a WeCom → Passive Reply → Reply node. WeCom waits at most 5 seconds: if the workflow has not answered by the Answer Deadline below, this trigger answers the empty "received" reply itself, so WeCom does not send the message again, and the late reply is dropped.',
	deadline: { default: DEFAULT_DEADLINE_MS, max: MAX_DEADLINE_MS },
	// An empty 200 is WeCom's "received, no passive reply" (document/path/90930).
	received: { body: '', outcome: 'so WeCom got the empty "received" answer' },
}) {}
