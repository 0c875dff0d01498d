/** Tags (通讯录标签): path/90210 create … 90216 list. */
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, int, str } from '../shared';
import type { Corp, Tag, WecomApp } from './model';
import { fail, ok, reply, type AppHandler, type Checked, type WecomState } from './state';

function tagOf(corp: Corp, raw: unknown): Checked<Tag> {
	const tag = corp.tags.get(int(raw) ?? NaN);
	if (!tag) return { error: fail(40068, 'invalid tagid') };
	return { value: tag };
}

/** The tag `raw` names, if `app` may change it. */
function editableTag(corp: Corp, app: WecomApp, raw: unknown): Checked<Tag> {
	const tag = tagOf(corp, raw);
	if (tag.error) return tag;
	// 应用只能操作自己创建的标签 (path/90313, 错误码 81011).
	if (tag.value.ownerAgentId !== undefined && tag.value.ownerAgentId !== app.agentId) {
		return { error: fail(81011, 'no privilege to access tag') };
	}
	return tag;
}

function checkTagName(corp: Corp, raw: unknown, except?: number): EmulatorResponse | undefined {
	const name = str(raw);
	// 标签名称，长度限制为32个字以内（汉字或英文字母） (path/90210).
	if (!name || [...name].length > 32) return fail(40072, 'invalid tagname length');
	for (const tag of corp.tags.values()) {
		if (tag.tagname === name && tag.tagid !== except) return fail(40071, 'tagname already exists');
	}
	return undefined;
}

/** addtagusers (`adding`) and deltagusers: the same request, the same checks, the same answer. */
function tagMembers(adding: boolean): AppHandler {
	return (ctx, corp, app) => {
		const body = bodyObject(ctx);
		const tag = editableTag(corp, app, body.tagid);
		if (tag.error) return tag.error;
		const userlist = body.userlist ?? [];
		const partylist = body.partylist ?? [];
		// 指定的userlist和partylist为数组格式，不是字符串格式 (path/90313, 错误码 40035).
		if (!Array.isArray(userlist) || !Array.isArray(partylist)) return fail(40035, 'invalid parameter');
		if (userlist.length === 0 && partylist.length === 0) return fail(40035, 'userlist and partylist are both empty');
		// 单次请求个数不超过1000, partylist 不超过100 (path/90214).
		if (userlist.length > 1000 || partylist.length > 100) return fail(81014, 'too many users or parties');
		const invalidUsers: string[] = [];
		const invalidParties: number[] = [];
		const validUsers: string[] = [];
		const validParties: number[] = [];
		for (const raw of userlist) {
			const id = String(raw);
			if (corp.users.has(id.toLowerCase())) validUsers.push(id.toLowerCase());
			else invalidUsers.push(id);
		}
		for (const raw of partylist) {
			const id = int(raw);
			if (id !== undefined && corp.departments.has(id)) validParties.push(id);
			else invalidParties.push(id ?? Number(raw));
		}
		if (validUsers.length === 0 && validParties.length === 0) return fail(40070, 'all list invalid');
		for (const u of validUsers) (adding ? tag.value.users.add(u) : tag.value.users.delete(u));
		for (const p of validParties) (adding ? tag.value.parties.add(p) : tag.value.parties.delete(p));
		// The invalid lists appear only when something was invalid (path/90214, 90215 返回结果).
		const extra: Record<string, unknown> = {};
		if (invalidUsers.length) extra.invalidlist = invalidUsers.join('|');
		if (invalidParties.length) extra.invalidparty = invalidParties;
		return reply(ok(extra, adding ? 'ok' : 'deleted'));
	};
}

export function tagRoutes({ appRoute }: WecomState): Route[] {
	return [
		appRoute('POST', '/cgi-bin/tag/create', (ctx, corp, app) => {
			const body = bodyObject(ctx);
			const nameError = checkTagName(corp, body.tagname);
			if (nameError) return nameError;
			let tagid: number;
			if (body.tagid !== undefined && body.tagid !== null) {
				const wanted = int(body.tagid);
				if (wanted === undefined || wanted < 0 || corp.tags.has(wanted)) return fail(40068, 'invalid tagid');
				tagid = wanted;
			} else {
				// 不指定时则以目前最大的id自增 (path/90210).
				tagid = Math.max(0, ...corp.tags.keys()) + 1;
			}
			corp.tags.set(tagid, { tagid, tagname: String(body.tagname), users: new Set(), parties: new Set(), ownerAgentId: app.agentId });
			return reply(ok({ tagid }, 'created'));
		}),

		appRoute('POST', '/cgi-bin/tag/update', (ctx, corp, app) => {
			const body = bodyObject(ctx);
			const tag = editableTag(corp, app, body.tagid);
			if (tag.error) return tag.error;
			const nameError = checkTagName(corp, body.tagname, tag.value.tagid);
			if (nameError) return nameError;
			tag.value.tagname = String(body.tagname);
			return reply(ok({}, 'updated'));
		}),

		appRoute('GET', '/cgi-bin/tag/delete', (ctx, corp, app) => {
			const tag = editableTag(corp, app, ctx.req.query.tagid);
			if (tag.error) return tag.error;
			corp.tags.delete(tag.value.tagid);
			return reply(ok({}, 'deleted'));
		}),

		appRoute('GET', '/cgi-bin/tag/get', (ctx, corp) => {
			const tag = tagOf(corp, ctx.req.query.tagid);
			if (tag.error) return tag.error;
			return reply(
				ok({
					tagname: tag.value.tagname,
					userlist: [...tag.value.users].map((id) => {
						const user = corp.users.get(id);
						return { userid: user?.userid ?? id, name: user?.name ?? id };
					}),
					partylist: [...tag.value.parties],
				}),
			);
		}),

		appRoute('POST', '/cgi-bin/tag/addtagusers', tagMembers(true)),
		appRoute('POST', '/cgi-bin/tag/deltagusers', tagMembers(false)),

		appRoute('GET', '/cgi-bin/tag/list', (_ctx, corp) =>
			reply(ok({ taglist: [...corp.tags.values()].map((t) => ({ tagid: t.tagid, tagname: t.tagname })) })),
		),
	];
}
