/**
 * What the Official Account trigger makes of an opened callback: its item, and the key that
 * recognises WeChat's retries of it.
 * Formats: developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * and Receiving_event_pushes.html.
 */
import type { IDataObject } from 'n8n-workflow';
import { readableMessage } from '../shared/wechat/callback';
import type { WxCallback } from '../shared/wechat/trigger';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Entries of a subscription-notice event (SubscribeMsgPopupEvent / ChangeEvent / SentEvent → List), one or many. */
function subscribeMessages(fields: Record<string, unknown>): IDataObject[] | undefined {
	const holder = ['SubscribeMsgPopupEvent', 'SubscribeMsgChangeEvent', 'SubscribeMsgSentEvent']
		.map((name) => fields[name])
		.find((value) => value && typeof value === 'object') as Record<string, unknown> | undefined;
	if (!holder) return undefined;
	const list = holder.List;
	const entries = (Array.isArray(list) ? list : list ? [list] : []) as Array<Record<string, unknown>>;
	return entries.map((entry) => {
		const out: IDataObject = {};
		const map: Record<string, string> = {
			TemplateId: 'templateId',
			SubscribeStatusString: 'status',
			PopupScene: 'popupScene',
			MsgID: 'msgId',
			ErrorCode: 'errorCode',
			ErrorStatus: 'errorStatus',
		};
		for (const [from, to] of Object.entries(map)) if (text(entry[from]) !== undefined) out[to] = entry[from] as string;
		return out;
	});
}

/**
 * The kit's readable message plus what only the Official Account sends: a voice's recognition
 * (语音识别结果), a QR scan's scene and ticket (subscribe with "qrscene_…", SCAN), a menu's id
 * (VIEW), a template job's status (TEMPLATESENDJOBFINISH), subscription-notice entries, and
 * whether the callback came encrypted (Passive Reply answers in the same form).
 */
export function officialAccountItem(callback: WxCallback): IDataObject {
	const { fields } = callback;
	const item = readableMessage(fields, callback.xml);
	const extra: IDataObject = {};
	const eventKey = text(fields.EventKey);
	if (fields.Event === 'subscribe' && eventKey?.startsWith('qrscene_')) extra.qrScene = eventKey.slice('qrscene_'.length);
	if (fields.Event === 'SCAN' && eventKey !== undefined) extra.qrScene = eventKey;
	const own: Record<string, string> = {
		Recognition: 'recognition',
		Ticket: 'ticket',
		MenuId: 'menuId',
		Status: 'status',
		MsgID: 'templateMsgId',
	};
	for (const [from, to] of Object.entries(own)) if (text(fields[from]) !== undefined) extra[to] = fields[from] as string;
	const entries = subscribeMessages(fields);
	if (entries) extra.subscribeMessages = entries;
	// Put before `message` and `rawXml`, which stay last.
	const { message, rawXml, ...readable } = item;
	return { ...readable, ...extra, encrypted: callback.encrypted, message, rawXml };
}

/**
 * One execution per message across WeChat's three deliveries: MsgId for messages
 * (消息排重，推荐使用msgid排重); for events, which have none, FromUserName + CreateTime
 * (事件类型消息，推荐使用FromUserName + CreateTime 排重), with the event, its key and a template
 * job's MsgID, so two different events of one user in one second stay apart.
 */
export function officialAccountDedupeKey({ fields }: WxCallback): string {
	if (text(fields.MsgId)) return `msg:${String(fields.MsgId)}`;
	const parts = [fields.FromUserName, fields.CreateTime, fields.Event, fields.EventKey, fields.MsgID].map((v) => String(v ?? ''));
	return `event:${parts.join('\u0000')}`;
}
