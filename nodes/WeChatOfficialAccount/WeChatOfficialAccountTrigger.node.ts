import { wxCallbackTrigger } from '../shared/wechat/trigger';
import { officialAccountDedupeKey, officialAccountItem } from './callback';

/**
 * WeChat waits 5 s for the answer, then sends the callback again (three times in all) and finally
 * shows the follower "该公众号暂时无法提供服务，请稍后再试"
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html).
 * webhook() runs after n8n has read the request, so 4 s leaves room for that and the network.
 */
const DEFAULT_DEADLINE_MS = 4000;
const MAX_DEADLINE_MS = 4900;

/** The Official Account's callbacks (服务器配置 → 消息推送): messages and events of its followers. */
export class WeChatOfficialAccountTrigger extends wxCallbackTrigger({
	displayName: 'WeChat Official Account Trigger',
	name: 'weChatOfficialAccountTrigger',
	icon: { light: 'file:wechatOfficialAccount.svg', dark: 'file:wechatOfficialAccount.dark.svg' },
	description: 'Starts the workflow when a WeChat Official Account (公众号) receives a message or event',
	documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-official-account-trigger',
	credentialType: 'weChatOfficialAccountApi',
	keys: { token: 'token', encodingAesKey: 'encodingAesKey', receiveId: 'appId' },
	keysLabel: 'Callback Token, EncodingAESKey or AppID',
	modeField: 'messageEncryption',
	// The URL check is signed, echostr comes back as sent; encrypted callbacks carry encrypt_type=aes.
	urlVerification: 'signed',
	marksEncryption: true,
	setupNotice:
		'In the Official Account console, open Settings and Development → Basic Configuration → Server Configuration (服务器配置), paste this node\'s Production URL, and use the same Token, EncodingAESKey and Message Encryption as the credential. WeChat checks the URL at once, so publish the workflow first.',
	messageTypes: [
		{ name: 'Event: Click Menu', value: 'event:CLICK' },
		{ name: 'Event: Location Report', value: 'event:LOCATION' },
		{ name: 'Event: Scan QR Code (Following)', value: 'event:SCAN' },
		{ name: 'Event: Subscribe', value: 'event:subscribe' },
		{ name: 'Event: Subscription Notice Changed', value: 'event:subscribe_msg_change_event' },
		{ name: 'Event: Subscription Notice Popup', value: 'event:subscribe_msg_popup_event' },
		{ name: 'Event: Subscription Notice Sent', value: 'event:subscribe_msg_sent_event' },
		{ name: 'Event: Template Message Sent', value: 'event:TEMPLATESENDJOBFINISH' },
		{ name: 'Event: Unsubscribe', value: 'event:unsubscribe' },
		{ name: 'Event: View Menu Link', value: 'event:VIEW' },
		{ name: 'Image', value: 'image' },
		{ name: 'Link', value: 'link' },
		{ name: 'Location', value: 'location' },
		{ name: 'Other Events', value: 'event:*' },
		{ name: 'Short Video', value: 'shortvideo' },
		{ name: 'Text', value: 'text' },
		{ name: 'Video', value: 'video' },
		{ name: 'Voice', value: 'voice' },
	],
	replyModes: {
		acknowledge:
			'Answer "success" immediately, then run the workflow; reply later with a Customer Service Message (within 48 hours)',
		passive:
			'Keep the callback open for a WeChat Official Account → Passive Reply → Reply node later in the workflow; WeChat waits at most 5 seconds',
	},
	deadlineNotice:
		'Answer with a WeChat Official Account → Passive Reply → Reply node. WeChat waits at most 5 seconds: if the workflow has not answered by the Answer Deadline below, this trigger answers "success" itself, so WeChat neither retries nor tells the follower the account cannot serve them, and the late reply is dropped.',
	deadline: { default: DEFAULT_DEADLINE_MS, max: MAX_DEADLINE_MS },
	// 假如服务器无法保证在五秒内处理并回复，可以直接回复 success，微信服务器不会对此作任何处理，并且不会发起重试.
	received: { body: 'success', outcome: 'so WeChat got "success"' },
	dedupeKey: officialAccountDedupeKey,
	items: async function (callback) {
		return [officialAccountItem(callback)];
	},
}) {}
