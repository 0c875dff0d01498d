/**
 * 模板消息 (message/template/send, template/get_all_private_template, template/del_private_template)
 * and 订阅通知 (message/subscribe/bizsend).
 * developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html and
 * .../Subscription_Messages/api.html. Neither needs the 客服消息 window: a template message needs
 * the user to follow (43004), a subscription notice the user's consent (43101).
 */
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, isObject, str } from '../shared';
import type { Account, OfficialAccountState } from './state';
import { fail, ok, reply } from './state';

// client_msg_id: 防重入id。对于同一个openid + client_msg_id, 只发送一条消息, 10分钟有效.
const CLIENT_MSG_ID_MS = 10 * 60 * 1000;

/** The keys a template's content names: "{{keyword1.DATA}}" → keyword1. */
export function templateKeys(content: string): string[] {
	return [...content.matchAll(/\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g)].map((m) => m[1]);
}

/** data must be {key: {value}} for keys of the template, every value a string. */
function checkData(data: unknown, keys: string[]): EmulatorResponse | undefined {
	if (!isObject(data)) return fail(47003, 'argument invalid! data is empty');
	for (const [key, entry] of Object.entries(data)) {
		if (!keys.includes(key)) return fail(47003, `argument invalid! data.${key} not in the template`);
		if (!isObject(entry) || typeof entry.value !== 'string') return fail(47003, `argument invalid! data.${key}.value invalid`);
	}
	return undefined;
}

function checkMiniprogram(value: unknown): EmulatorResponse | undefined {
	if (value === undefined) return undefined;
	if (!isObject(value) || !str(value.appid)) return fail(47003, 'argument invalid! miniprogram.appid is empty');
	return undefined;
}

export function noticeRoutes(state: OfficialAccountState): Route[] {
	let nextMsgId = 2000000000;

	function follower(acc: Account, touser: unknown): EmulatorResponse | string {
		const openid = str(touser);
		const known = openid ? acc.followers.get(openid) : undefined;
		if (!openid || !known) return fail(40003, 'invalid openid');
		return known.subscribe === 1 ? openid : fail(43004, 'require subscribe');
	}

	return [
		state.appRoute('POST', '/cgi-bin/message/template/send', (ctx, acc) => {
			const body = bodyObject(ctx);
			const to = follower(acc, body.touser);
			if (typeof to !== 'string') return to;
			const template = acc.templates.get(String(body.template_id ?? ''));
			if (!template) return fail(40037, 'invalid template_id');
			const error = checkData(body.data, templateKeys(template.content)) ?? checkMiniprogram(body.miniprogram);
			if (error) return error;
			const now = state.core.now();
			const clientMsgId = str(body.client_msg_id);
			const seen = clientMsgId ? acc.clientMsgIds.get(`${to}\u0000${clientMsgId}`) : undefined;
			// The same openid and client_msg_id within 10 minutes: answered, not sent again.
			if (seen && now - seen.at < CLIENT_MSG_ID_MS) return ok({ msgid: seen.msgid });
			const msgid = nextMsgId++;
			if (clientMsgId) acc.clientMsgIds.set(`${to}\u0000${clientMsgId}`, { msgid, at: now });
			const { touser: _to, ...payload } = body;
			state.recordMessage({ kind: 'template', appId: acc.app.appId, to, msgtype: 'template', payload, body, msgid });
			return ok({ msgid });
		}),

		state.appRoute('GET', '/cgi-bin/template/get_all_private_template', (_ctx, acc) => reply({ template_list: [...acc.templates.values()] })),

		state.appRoute('POST', '/cgi-bin/template/del_private_template', (ctx, acc) => {
			const id = str(bodyObject(ctx).template_id);
			if (!id || !acc.templates.delete(id)) return fail(40037, 'invalid template_id');
			return ok();
		}),

		state.appRoute('POST', '/cgi-bin/message/subscribe/bizsend', (ctx, acc) => {
			const body = bodyObject(ctx);
			const openid = str(body.touser);
			if (!openid || !acc.followers.has(openid)) return fail(40003, 'invalid openid');
			const template = acc.subscribeTemplates.get(String(body.template_id ?? ''));
			if (!template) return fail(40037, 'invalid template_id');
			if (acc.refused.has(`${openid}\u0000${template.priTmplId}`)) return fail(43101, 'user refuse to accept the msg');
			const error = checkData(body.data, templateKeys(template.content)) ?? checkMiniprogram(body.miniprogram);
			if (error) return error;
			const { touser: _to, ...payload } = body;
			state.recordMessage({ kind: 'subscribe', appId: acc.app.appId, to: openid, msgtype: 'subscribe', payload, body });
			return ok();
		}),
	];
}
