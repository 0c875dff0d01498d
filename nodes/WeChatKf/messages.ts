/**
 * The messages sync_msg returns (developer.work.weixin.qq.com/document/path/94670, 读取消息), as
 * readable fields plus the original object. Used by the trigger and by Message → Sync.
 *
 * A message carries msgid, open_kfid, external_userid, send_time, origin (3 customer, 4 system
 * event, 5 servicer in the WeCom client), servicer_userid and, under its msgtype, the content;
 * an event's open_kfid and external_userid sit inside `event`.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

export type Origin = 'customer' | 'system' | 'servicer' | 'other';

const ORIGINS: Record<string, Origin> = { '3': 'customer', '4': 'system', '5': 'servicer' };

export function originOf(message: IDataObject): Origin {
	return ORIGINS[String(message.origin ?? '')] ?? 'other';
}

/** The Origins filter of the trigger: who wrote the message. */
export const ORIGIN_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Customer', value: 'customer', description: 'Messages the WeChat customer sent (origin 3)' },
	{
		name: 'Servicer',
		value: 'servicer',
		description: 'What a servicer (接待人员) sent from the WeCom client (origin 5). Never what this node sent through the API.',
	},
	{ name: 'System Event', value: 'system', description: 'Events such as Enter Session or Message Send Failed (origin 4)' },
];

/** Message types of sync_msg (path/94670), in the menu's order. */
export const MESSAGE_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Business Card', value: 'business_card' },
	{ name: 'Channels', value: 'channels' },
	{ name: 'Channels Shop Order', value: 'channels_shop_order' },
	{ name: 'Channels Shop Product', value: 'channels_shop_product' },
	{ name: 'File', value: 'file' },
	{ name: 'Image', value: 'image' },
	{ name: 'Link', value: 'link' },
	{ name: 'Location', value: 'location' },
	{ name: 'Menu', value: 'msgmenu' },
	{ name: 'Merged Messages', value: 'merged_msg' },
	{ name: 'Mini Program', value: 'miniprogram' },
	{ name: 'Note', value: 'note' },
	{ name: 'Other Types', value: '*' },
	{ name: 'Text', value: 'text', description: 'Also a menu item the customer clicked (menuId set)' },
	{ name: 'Video', value: 'video' },
	{ name: 'Voice', value: 'voice' },
];

/** Event types of sync_msg (path/94670 事件消息). */
export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Customer Recalled a Message', value: 'user_recall_msg' },
	{
		name: 'Enter Session',
		value: 'enter_session',
		description: 'The customer opened the chat; carries the welcome code for Message → Send on Event',
	},
	{ name: 'Message Send Failed', value: 'msg_send_fail', description: 'A message sent through the API did not arrive (failType)' },
	{ name: 'Other Events', value: '*' },
	{ name: 'Servicer Recalled a Message', value: 'servicer_recall_msg' },
	{ name: 'Servicer Status Change', value: 'servicer_status_change' },
	{ name: 'Session Status Change', value: 'session_status_change', description: 'Carries a msg_code for Send on Event' },
];

/** Whether a type passes a multiOptions filter: none chosen is everything, "*" the types not listed. */
function chosen(options: INodePropertyOptions[], picked: string[], type: string): boolean {
	if (picked.length === 0 || picked.includes(type)) return true;
	return picked.includes('*') && !options.some((o) => o.value === type);
}

export interface MessageFilter {
	origins: string[];
	messageTypes: string[];
	eventTypes: string[];
}

/** The trigger's filters: who sent it, and then its message type or its event type. */
export function wanted(message: IDataObject, filter: MessageFilter): boolean {
	if (!filter.origins.includes(originOf(message))) return false;
	const type = String(message.msgtype ?? '');
	if (type === 'event') {
		const event = (message.event as IDataObject | undefined)?.event_type;
		return chosen(EVENT_TYPE_OPTIONS, filter.eventTypes, String(event ?? ''));
	}
	return chosen(MESSAGE_TYPE_OPTIONS, filter.messageTypes, type);
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
	const n = Number(value);
	return text(value) !== undefined && Number.isFinite(n) ? n : undefined;
}

const MEDIA_TYPES = ['image', 'voice', 'video', 'file'];

/** The fields of an event (path/94670 事件消息), readable. */
function eventFields(event: IDataObject): IDataObject {
	return {
		event: text(event.event_type),
		scene: text(event.scene),
		sceneParam: text(event.scene_param),
		welcomeCode: text(event.welcome_code),
		msgCode: text(event.msg_code),
		failMsgId: text(event.fail_msgid),
		failType: num(event.fail_type),
		recallMsgId: text(event.recall_msgid),
		status: num(event.status),
		stopType: num(event.stop_type),
		changeType: num(event.change_type),
		oldServicerUserId: text(event.old_servicer_userid),
		newServicerUserId: text(event.new_servicer_userid),
		rejectSwitch: num(event.reject_switch),
	};
}

/** The content of a non-event message, readable. */
function contentFields(type: string, content: IDataObject): IDataObject {
	const fields: IDataObject = {};
	if (type === 'text') {
		fields.text = typeof content.content === 'string' ? content.content : undefined;
		fields.menuId = text(content.menu_id);
	}
	if (MEDIA_TYPES.includes(type)) fields.mediaId = text(content.media_id);
	if (type === 'location') {
		fields.location = {
			latitude: num(content.latitude),
			longitude: num(content.longitude),
			name: text(content.name),
			address: text(content.address),
		};
	}
	if (type === 'link') {
		fields.link = { title: text(content.title), description: text(content.desc), url: text(content.url), picUrl: text(content.pic_url) };
	}
	if (type === 'business_card') fields.userId = text(content.userid);
	if (type === 'miniprogram') {
		fields.miniprogram = {
			title: text(content.title),
			appId: text(content.appid),
			pagePath: text(content.pagepath),
			thumbMediaId: text(content.thumb_media_id),
		};
	}
	return fields;
}

/**
 * A synced message as the trigger and Message → Sync emit it: readable fields (msgId, openKfId,
 * externalUserId, servicerUserId, sendTime as ISO, origin, type, text, menuId, mediaId, event,
 * welcomeCode…) and the original object under `message`. Fields a message lacks are left out.
 */
export function readableMessage(message: IDataObject): IDataObject {
	const type = String(message.msgtype ?? '');
	const event = type === 'event' && message.event && typeof message.event === 'object' ? (message.event as IDataObject) : undefined;
	const sendTime = num(message.send_time);
	const item: IDataObject = {
		msgId: text(message.msgid),
		openKfId: text(message.open_kfid) ?? text(event?.open_kfid),
		externalUserId: text(message.external_userid) ?? text(event?.external_userid),
		servicerUserId: text(message.servicer_userid) ?? text(event?.servicer_userid),
		sendTime: sendTime === undefined ? undefined : new Date(sendTime * 1000).toISOString(),
		origin: originOf(message),
		type,
		...(event ? eventFields(event) : contentFields(type, (message[type] as IDataObject | undefined) ?? {})),
	};
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(item)) if (value !== undefined) out[key] = value;
	out.message = message;
	return out;
}
