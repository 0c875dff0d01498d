/** App chats (群聊会话): path/90245 create, 90246 update, 90247 get, 90248 send. */
import type { Route } from '../../types';
import { bodyObject, randomId, str } from '../shared';
import { checkMessage } from './content';
import type { Corp, WecomApp, WecomChat } from './model';
import { fail, ok, reply, type Checked, type WecomState } from './state';

const APPCHAT_MESSAGE_TYPES = ['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown'];

function truncateByChars(text: string, max: number): string {
	return [...text].slice(0, max).join('');
}

function chatOf(corp: Corp, app: WecomApp, raw: unknown): Checked<WecomChat> {
	const chatid = str(raw);
	if (!chatid) return { error: fail(86201, 'chatid missing') };
	const chat = corp.chats.get(chatid);
	if (!chat) return { error: fail(86003, 'chatid not found') };
	// chatid所代表的群必须是该应用所创建 (path/90248).
	if (chat.creatorAgentId !== app.agentId) return { error: fail(86008, 'chat not created by this app') };
	return { value: chat };
}

function memberIds(corp: Corp, list: unknown): Checked<string[]> {
	if (list === undefined) return { value: [] };
	if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) return { error: fail(40058, 'userlist must be an array of userids') };
	const ids: string[] = [];
	for (const id of list as string[]) {
		const user = corp.users.get(id.toLowerCase());
		if (!user) return { error: fail(86216, `invalid chat member ${id}`) };
		if (!ids.includes(user.userid)) ids.push(user.userid);
	}
	return { value: ids };
}

/** The owner a request names (`fallback` when it names none), who must be among `members`. */
function ownerOf(corp: Corp, raw: unknown, fallback: string, members: string[]): Checked<string> {
	let owner = fallback;
	if (raw !== undefined && raw !== '') {
		const wanted = corp.users.get(String(raw).toLowerCase());
		if (!wanted) return { error: fail(86005, 'invalid owner') };
		owner = wanted.userid;
	}
	if (!members.includes(owner)) return { error: fail(86207, 'owner not in userlist') };
	return { value: owner };
}

export function appChatRoutes({ appRoute, recordMessage }: WecomState): Route[] {
	return [
		appRoute('POST', '/cgi-bin/appchat/create', (ctx, corp, app) => {
			const body = bodyObject(ctx);
			const members = memberIds(corp, body.userlist);
			if (members.error) return members.error;
			// 群成员id列表。至少2人，至多2000人 (path/90245).
			if (members.value.length < 2 || members.value.length > 2000) return fail(86006, 'invalid chat member count');
			const owner = ownerOf(corp, body.owner, members.value[0], members.value);
			if (owner.error) return owner.error;
			let chatid = str(body.chatid);
			if (chatid !== undefined && chatid !== '') {
				// 字符串类型，最长32个字符。只允许字符0-9及字母a-zA-Z (path/90245).
				if (!/^[0-9a-zA-Z]{1,32}$/.test(chatid)) return fail(86001, 'invalid chatid');
				if (corp.chats.has(chatid)) return fail(86215, 'chatid already exists');
			} else {
				do chatid = `wr${randomId('', 12).replace(/[^0-9a-zA-Z]/g, '')}`;
				while (corp.chats.has(chatid));
			}
			const name = truncateByChars(str(body.name) ?? '', 50);
			corp.chats.set(chatid, { chatid, name, owner: owner.value, userlist: members.value, creatorAgentId: app.agentId });
			return reply(ok({ chatid }));
		}),

		appRoute('POST', '/cgi-bin/appchat/update', (ctx, corp, app) => {
			const body = bodyObject(ctx);
			const chat = chatOf(corp, app, body.chatid);
			if (chat.error) return chat.error;
			const add = memberIds(corp, body.add_user_list);
			if (add.error) return add.error;
			const del = memberIds(corp, body.del_user_list);
			if (del.error) return del.error;
			const current = chat.value.userlist;
			for (const id of del.value) if (!current.includes(id)) return fail(86216, `user ${id} is not in the chat`);
			const next = [...current.filter((u) => !del.value.includes(u)), ...add.value.filter((u) => !current.includes(u))];
			if (next.length > 2000) return fail(86006, 'invalid chat member count');
			const owner = ownerOf(corp, body.owner, chat.value.owner, next);
			if (owner.error) return owner.error;
			chat.value.userlist = next;
			chat.value.owner = owner.value;
			if (typeof body.name === 'string') chat.value.name = truncateByChars(body.name, 50);
			return reply(ok());
		}),

		appRoute('GET', '/cgi-bin/appchat/get', (ctx, corp, app) => {
			const chat = chatOf(corp, app, ctx.req.query.chatid);
			if (chat.error) return chat.error;
			const { chatid, name, owner, userlist } = chat.value;
			return reply(ok({ chat_info: { chatid, name, owner, userlist: [...userlist], chat_type: 0 } }));
		}),

		appRoute('POST', '/cgi-bin/appchat/send', (ctx, corp, app) => {
			const body = bodyObject(ctx);
			const chat = chatOf(corp, app, body.chatid);
			if (chat.error) return chat.error;
			const checked = checkMessage(corp, body, APPCHAT_MESSAGE_TYPES, 'reject');
			if (checked.error) return checked.error;
			recordMessage({
				kind: 'appchat',
				corpId: corp.corpId,
				agentid: app.agentId,
				chatid: chat.value.chatid,
				recipients: [...chat.value.userlist],
				msgtype: checked.value.msgtype,
				payload: checked.value.payload,
				body,
			});
			return reply(ok());
		}),
	];
}
