/**
 * send_msg (path/94677) and send_msg_on_event (path/95122). send_msg works while the session is
 * new (0) or with the bot (1) — else 95018 — and for 48 hours after the customer's last message, at
 * most 5 messages: beyond that the emulator answers 95001 by default, or, with
 * `sendLimits: 'event'`, accepts the message and logs a msg_send_fail event (fail_type 4 for the
 * 48 hours, 6 for the 5 messages), as WeChat reports some failures only after the fact.
 * A msgid given twice in one account is refused (若指定msgid，开发者需确保客服账号内唯一，否则接口返回错误).
 */
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, byteLength, isObject, str } from '../shared';
import type { KfAccount, KfCorp, KfSentMessage } from './model';
import { fail, ok, PLATFORM, randomToken, reply, SEND_QUOTA, SEND_WINDOW_MS, type KfState } from './state';

const MSGID = /^[0-9a-zA-Z_-]{1,32}$/;
const TEXT_MAX_BYTES = 2048;
const MENU_ITEM_TYPES = ['click', 'view', 'miniprogram', 'text'];
const MEDIA_TYPES = ['image', 'voice', 'video', 'file'];

export interface SendControls {
	sendLimits: 'error' | 'event';
}

type Check = EmulatorResponse | undefined;

function checkMenu(payload: Record<string, unknown>): Check {
	const list = payload.list;
	if (!Array.isArray(list) || list.length === 0 || list.length > 10) return fail(95008, 'invalid msgmenu list size');
	for (const item of list) {
		if (!isObject(item) || !MENU_ITEM_TYPES.includes(String(item.type))) return fail(95009, 'invalid msgmenu item type');
		const inner = item[String(item.type)];
		if (!isObject(inner)) return fail(40058, `msgmenu item without ${String(item.type)}`);
		const required = { click: ['id', 'content'], view: ['url', 'content'], miniprogram: ['appid', 'pagepath', 'content'], text: ['content'] }[
			String(item.type) as 'click'
		];
		if (required.some((key) => typeof inner[key] !== 'string' || inner[key] === '')) return fail(40058, 'msgmenu item field missing');
	}
	return undefined;
}

/** The body checks of each message type; undefined when it is well formed. */
function checkContent(corp: KfCorp, msgtype: string, payload: unknown, allowed: string[]): Check {
	if (!allowed.includes(msgtype)) return fail(95007, 'invalid msgtype');
	if (!isObject(payload)) return fail(40058, `${msgtype} missing`);
	const need = (...keys: string[]) =>
		keys.some((key) => typeof payload[key] !== 'string' || payload[key] === '') ? fail(40058, `${msgtype}.${keys.join('/')} missing`) : undefined;
	if (msgtype === 'text') {
		if (typeof payload.content !== 'string' || payload.content === '') return fail(44004, 'empty content');
		if (byteLength(payload.content) > TEXT_MAX_BYTES) return fail(45002, 'content size out of limit');
		return undefined;
	}
	if (MEDIA_TYPES.includes(msgtype)) {
		const media = corp.media.get(String(payload.media_id ?? ''));
		return media && media.type === msgtype ? undefined : fail(40007, 'invalid media_id');
	}
	if (msgtype === 'link' || msgtype === 'miniprogram') {
		const missing = msgtype === 'link' ? need('title', 'url', 'thumb_media_id') : need('appid', 'thumb_media_id', 'pagepath');
		if (missing) return missing;
		return corp.media.get(String(payload.thumb_media_id))?.type === 'image' ? undefined : fail(40007, 'invalid thumb_media_id');
	}
	if (msgtype === 'msgmenu') return checkMenu(payload);
	if (msgtype === 'location') {
		return typeof payload.latitude === 'number' && typeof payload.longitude === 'number' ? undefined : fail(40058, 'location needs latitude and longitude');
	}
	if (msgtype === 'business_card') {
		return corp.members.has(String(payload.userid ?? '')) ? undefined : fail(60111, 'userid not found');
	}
	return need('link_url');
}

function checkMsgid(account: KfAccount, raw: unknown): { msgid: string } | { error: EmulatorResponse } {
	if (raw === undefined || raw === '') return { msgid: randomToken('', 16) };
	if (typeof raw !== 'string' || !MSGID.test(raw)) return { error: fail(40058, 'invalid msgid') };
	// The docs name no code for a repeated msgid: the emulator answers 40058 (invalid parameter).
	if (account.msgids.has(raw)) return { error: fail(40058, 'msgid already exists in this account') };
	return { msgid: raw };
}

export function sendRoutes(state: KfState, controls: SendControls): Route[] {
	const { core, kfRoute, account, session } = state;
	const SEND_TYPES = ['text', 'image', 'voice', 'video', 'file', 'link', 'miniprogram', 'msgmenu', 'location', 'business_card', 'ca_link'];

	return [
		kfRoute('POST', '/cgi-bin/kf/send_msg', (ctx, corp) => {
			const body = bodyObject(ctx);
			const found = account(corp, body.open_kfid);
			if (found.error) return found.error;
			const touser = str(body.touser);
			if (!touser || !corp.customers.has(touser)) return fail(40096, 'invalid external userid');
			const msgtype = str(body.msgtype) ?? '';
			const bad = checkContent(corp, msgtype, body[msgtype], SEND_TYPES);
			if (bad) return bad;
			const id = checkMsgid(found.value, body.msgid);
			if ('error' in id) return id.error;
			const s = session(corp, found.value.open_kfid, touser);
			if (s.state !== 0 && s.state !== 1) return fail(95018, 'send msg session status invalid');
			const expired = s.lastCustomerAt === undefined || core.now() - s.lastCustomerAt > SEND_WINDOW_MS;
			const overQuota = s.sentSince >= SEND_QUOTA;
			if ((expired || overQuota) && controls.sendLimits === 'error') return fail(95001, 'send msg count or time limit exceeded');
			found.value.msgids.add(id.msgid);
			if (expired || overQuota) {
				state.pushEvent({
					corpId: corp.corpId,
					openKfId: found.value.open_kfid,
					externalUserId: touser,
					event: { event_type: 'msg_send_fail', fail_msgid: id.msgid, fail_type: expired ? 4 : 6 },
				});
				return reply(ok({ msgid: id.msgid }));
			}
			s.sentSince += 1;
			core.recordMessage({
				platform: PLATFORM,
				kind: 'send',
				corpId: corp.corpId,
				open_kfid: found.value.open_kfid,
				to: touser,
				msgid: id.msgid,
				msgtype,
				payload: body[msgtype],
				body,
			} as Omit<KfSentMessage, 'time'>);
			return reply(ok({ msgid: id.msgid }));
		}),

		kfRoute('POST', '/cgi-bin/kf/send_msg_on_event', (ctx, corp) => {
			const body = bodyObject(ctx);
			const code = corp.codes.get(str(body.code) ?? '');
			// The docs name no codes for a wrong, used or stale code: the emulator answers 40058.
			if (!code) return fail(40058, 'invalid code');
			if (code.used) return fail(40058, 'code has been used');
			if (core.now() >= code.expiresAt) return fail(40058, 'code expired');
			const msgtype = str(body.msgtype) ?? '';
			const bad = checkContent(corp, msgtype, body[msgtype], ['text', 'msgmenu']);
			if (bad) return bad;
			const kf = corp.accounts.get(code.open_kfid);
			if (!kf) return fail(95004, 'open_kfid not exist');
			const id = checkMsgid(kf, body.msgid);
			if ('error' in id) return id.error;
			// 除"用户进入会话事件"以外，响应消息仅支持会话处于获取该code的会话状态时发送 (path/95122).
			if (code.kind === 'state' && session(corp, code.open_kfid, code.external_userid).state !== code.state) {
				return fail(95018, 'send msg session status invalid');
			}
			code.used = true;
			kf.msgids.add(id.msgid);
			core.recordMessage({
				platform: PLATFORM,
				kind: 'event',
				corpId: corp.corpId,
				open_kfid: code.open_kfid,
				to: code.external_userid,
				code: code.code,
				msgid: id.msgid,
				msgtype,
				payload: body[msgtype],
				body,
			} as Omit<KfSentMessage, 'time'>);
			return reply(ok({ msgid: id.msgid }));
		}),
	];
}
