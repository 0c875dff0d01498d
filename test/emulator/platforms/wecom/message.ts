/** Application messages: message/send (path/90236) and message/recall (path/94867). */
import type { Route } from '../../types';
import { bodyObject, int, randomId, str } from '../shared';
import { checkMessage, INTERACTIVE_CARDS } from './content';
import type { Corp } from './model';
import { fail, ok, reply, type WecomState } from './state';

const APP_MESSAGE_TYPES = [
	'text',
	'image',
	'voice',
	'video',
	'file',
	'textcard',
	'news',
	'mpnews',
	'markdown',
	'miniprogram_notice',
	'template_card',
];

function splitIds(value: unknown): string[] {
	const text = str(value);
	if (!text) return [];
	return text
		.split('|')
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

function usersOfDepartment(corp: Corp, id: number): string[] {
	const ids = new Set<number>([id]);
	// Departments include their sub-departments when a message targets them.
	let grew = true;
	while (grew) {
		grew = false;
		for (const d of corp.departments.values()) {
			if (ids.has(d.parentid) && !ids.has(d.id)) {
				ids.add(d.id);
				grew = true;
			}
		}
	}
	return [...corp.users.values()].filter((u) => u.department.some((d) => ids.has(d))).map((u) => u.userid);
}

/** Who touser / toparty / totag reach, and the ids among them that name nobody. */
function resolveTargets(corp: Corp, touser: string[], toparty: string[], totag: string[]) {
	const recipients = new Set<string>();
	const invalidUser: string[] = [];
	const invalidParty: string[] = [];
	const invalidTag: string[] = [];
	if (touser.length === 1 && touser[0] === '@all') {
		// 当touser为@all时忽略本参数 (toparty, totag).
		for (const u of corp.users.values()) recipients.add(u.userid);
	} else {
		for (const id of touser) {
			const user = corp.users.get(id.toLowerCase());
			if (user) recipients.add(user.userid);
			else invalidUser.push(id.toLowerCase());
		}
		for (const id of toparty) {
			const partyId = int(id);
			if (partyId === undefined || !corp.departments.has(partyId)) invalidParty.push(id);
			else for (const u of usersOfDepartment(corp, partyId)) recipients.add(u);
		}
		for (const id of totag) {
			const tag = corp.tags.get(int(id) ?? -1);
			if (!tag) {
				invalidTag.push(id);
				continue;
			}
			for (const u of tag.users) recipients.add(corp.users.get(u)?.userid ?? u);
			for (const p of tag.parties) for (const u of usersOfDepartment(corp, p)) recipients.add(u);
		}
	}
	return { recipients, invalidUser, invalidParty, invalidTag };
}

export function messageRoutes({ core, sent, appRoute, checkAgent, recordMessage }: WecomState): Route[] {
	return [
		appRoute('POST', '/cgi-bin/message/send', (ctx, corp, app) => {
			const body = bodyObject(ctx);
			const agent = checkAgent(corp, app, body.agentid);
			if (agent.error) return agent.error;
			const checked = checkMessage(corp, body, APP_MESSAGE_TYPES, 'truncate');
			if (checked.error) return checked.error;

			const touser = splitIds(body.touser);
			const toparty = splitIds(body.toparty);
			const totag = splitIds(body.totag);
			if (touser.length === 0 && toparty.length === 0 && totag.length === 0) {
				return fail(82001, 'touser & toparty & totag are all empty');
			}
			// 最多支持1000个 users, 100 parties, 100 tags (path/90236).
			if (touser.length > 1000) return fail(40032, 'invalid userid list size');
			if (toparty.length > 100) return fail(82002, 'invalid partyid list size');
			if (totag.length > 100) return fail(82003, 'invalid tagid list size');

			const { recipients, invalidUser, invalidParty, invalidTag } = resolveTargets(corp, touser, toparty, totag);
			const validTargets = recipients.size > 0 || toparty.length > invalidParty.length || totag.length > invalidTag.length;
			if (!validTargets) return fail(81013, 'user & party & tag all invalid');

			const msgid = randomId('', 24);
			const cardType = checked.value.msgtype === 'template_card' ? str(checked.value.payload.card_type) : undefined;
			const responseCode = cardType && INTERACTIVE_CARDS.includes(cardType) ? randomId('', 32) : undefined;
			const message = recordMessage({
				kind: 'app',
				corpId: corp.corpId,
				agentid: app.agentId,
				msgid,
				to: { touser: str(body.touser), toparty: str(body.toparty), totag: str(body.totag) },
				recipients: [...recipients],
				msgtype: checked.value.msgtype,
				payload: checked.value.payload,
				body,
				truncated: checked.value.truncated || undefined,
				response_code: responseCode,
			});
			sent.set(msgid, message);
			return reply(
				ok({
					invaliduser: invalidUser.join('|'),
					invalidparty: invalidParty.join('|'),
					invalidtag: invalidTag.join('|'),
					unlicenseduser: '',
					msgid,
					...(responseCode ? { response_code: responseCode } : {}),
				}),
			);
		}),

		appRoute('POST', '/cgi-bin/message/recall', (ctx, corp, app) => {
			const msgid = str(bodyObject(ctx).msgid);
			if (!msgid) return fail(40058, 'msgid missing');
			const message = sent.get(msgid);
			if (!message || message.corpId !== corp.corpId || message.agentid !== app.agentId || message.recalledAt) {
				return fail(40058, 'invalid msgid');
			}
			// 仅可撤回24小时内的应用消息 (path/94867).
			if (core.now() - message.time > 24 * 3600 * 1000) return fail(40058, 'msgid expired');
			message.recalledAt = core.now();
			return reply(ok());
		}),
	];
}
