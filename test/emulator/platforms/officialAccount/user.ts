/**
 * 用户管理: user/info, user/info/batchget, user/get, user/info/updateremark, and 用户标签管理
 * (tags/create, get, update, delete, members/batchtagging, batchuntagging, getidlist, user/tag/get).
 * developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html,
 * Getting_a_User_List.html, Configuring_user_notes.html, User_Tag_Management.html.
 */
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, int, isObject, str } from '../shared';
import type { Account, OfficialAccountFollower, OfficialAccountState } from './state';
import { fail, ok, reply, RESERVED_TAGS } from './state';

const BATCH_MAX = 100;
const TAGGING_MAX = 50;
const TAGS_MAX = 100;
const TAG_NAME_MAX = 30;
const TAGS_PER_USER = 20;
const REMARK_MAX_BYTES = 30;

/** user/info of a follower: everything while following, only subscribe and openid (and unionid) after. */
export function userInfo(f: OfficialAccountFollower): Record<string, unknown> {
	if (f.subscribe !== 1) return { subscribe: 0, openid: f.openid, ...(f.unionid ? { unionid: f.unionid } : {}) };
	return {
		subscribe: 1,
		openid: f.openid,
		language: f.language,
		subscribe_time: f.subscribe_time,
		...(f.unionid ? { unionid: f.unionid } : {}),
		remark: f.remark,
		groupid: f.tagid_list[0] ?? 0,
		tagid_list: [...f.tagid_list],
		subscribe_scene: f.subscribe_scene,
		qr_scene: f.qr_scene,
		qr_scene_str: f.qr_scene_str,
	};
}

/** One page of openids after `next` (an openid seen before, '' for the first page). */
function openidPage(acc: Account, openids: string[], next: string): EmulatorResponse {
	const start = next === '' ? 0 : openids.indexOf(next) + 1;
	if (next !== '' && start === 0) return fail(40003, 'invalid next_openid');
	const page = openids.slice(start, start + acc.app.listPageSize);
	// 关注者列表已返回完时，返回next_openid为空.
	if (page.length === 0) return reply({ total: openids.length, count: 0, next_openid: '' });
	return reply({ total: openids.length, count: page.length, data: { openid: page }, next_openid: page[page.length - 1] });
}

function tagOf(acc: Account, raw: unknown): { id: number; name: string } | EmulatorResponse {
	const id = int(raw);
	const tag = id === undefined ? undefined : acc.tags.get(id);
	return tag ?? fail(45159, 'invalid tag id');
}

const isTag = (value: unknown): value is { id: number; name: string } => isObject(value) && 'id' in value && 'name' in value;

function tagName(acc: Account, raw: unknown, except?: number): EmulatorResponse | string {
	const name = str(raw)?.trim() ?? '';
	if (name === '') return fail(45158, 'tag name is empty');
	if ([...name].length > TAG_NAME_MAX) return fail(45158, 'tag name too long');
	for (const tag of acc.tags.values()) if (tag.name === name && tag.id !== except) return fail(45157, 'invalid tag name');
	return name;
}

export function userRoutes(state: OfficialAccountState): Route[] {
	const { appRoute } = state;
	const subscribed = (acc: Account) => [...acc.followers.values()].filter((f) => f.subscribe === 1);

	function tagging(untag: boolean) {
		return appRoute('POST', untag ? '/cgi-bin/tags/members/batchuntagging' : '/cgi-bin/tags/members/batchtagging', (ctx, acc) => {
			const body = bodyObject(ctx);
			const tag = tagOf(acc, body.tagid);
			if (!isTag(tag)) return tag;
			const list = Array.isArray(body.openid_list) ? body.openid_list.map(String) : [];
			if (list.length === 0) return fail(40032, 'invalid openid list size, list is empty');
			if (list.length > TAGGING_MAX) return fail(40032, 'invalid openid list size, over 50');
			const followers = list.map((openid) => acc.followers.get(openid));
			if (followers.some((f) => !f)) return fail(49003, 'not match openid with appid');
			for (const f of followers as OfficialAccountFollower[]) {
				if (untag) f.tagid_list = f.tagid_list.filter((id) => id !== tag.id);
				else if (!f.tagid_list.includes(tag.id)) {
					if (f.tagid_list.length >= TAGS_PER_USER) return fail(45059, 'has too many tags');
					f.tagid_list.push(tag.id);
				}
			}
			return ok();
		});
	}

	return [
		appRoute('GET', '/cgi-bin/user/info', (ctx, acc) => {
			const f = acc.followers.get(String(ctx.req.query.openid ?? ''));
			return f ? reply(userInfo(f)) : fail(40003, 'invalid openid');
		}),

		appRoute('POST', '/cgi-bin/user/info/batchget', (ctx, acc) => {
			const list = bodyObject(ctx).user_list;
			if (!Array.isArray(list) || list.length === 0 || list.length > BATCH_MAX) return fail(40032, 'invalid openid list size');
			const infos: Record<string, unknown>[] = [];
			for (const entry of list) {
				const f = isObject(entry) ? acc.followers.get(String(entry.openid ?? '')) : undefined;
				if (!f) return fail(40003, 'invalid openid');
				infos.push(userInfo(f));
			}
			return reply({ user_info_list: infos });
		}),

		appRoute('GET', '/cgi-bin/user/get', (ctx, acc) =>
			openidPage(acc, subscribed(acc).map((f) => f.openid), String(ctx.req.query.next_openid ?? '')),
		),

		appRoute('POST', '/cgi-bin/user/info/updateremark', (ctx, acc) => {
			const body = bodyObject(ctx);
			const f = acc.followers.get(String(body.openid ?? ''));
			if (!f) return fail(40003, 'invalid openid');
			const remark = str(body.remark) ?? '';
			// 新的备注名，长度必须小于30字节 — the code for a longer one is not documented (README).
			if (Buffer.byteLength(remark, 'utf8') >= REMARK_MAX_BYTES) return fail(45003, 'remark size out of limit');
			f.remark = remark;
			return ok();
		}),

		appRoute('POST', '/cgi-bin/tags/create', (ctx, acc) => {
			const raw = bodyObject(ctx).tag;
			const name = tagName(acc, isObject(raw) ? raw.name : undefined);
			if (typeof name !== 'string') return name;
			if ([...acc.tags.keys()].filter((id) => !RESERVED_TAGS.includes(id)).length >= TAGS_MAX) return fail(45056, 'too many tags');
			const tag = { id: acc.nextTagId++, name };
			acc.tags.set(tag.id, tag);
			return reply({ tag });
		}),

		appRoute('GET', '/cgi-bin/tags/get', (_ctx, acc) =>
			reply({
				tags: [...acc.tags.values()].map((t) => ({ ...t, count: [...acc.followers.values()].filter((f) => f.tagid_list.includes(t.id)).length })),
			}),
		),

		appRoute('POST', '/cgi-bin/tags/update', (ctx, acc) => {
			const raw = bodyObject(ctx).tag;
			if (!isObject(raw)) return fail(45159, 'invalid tag id');
			if (RESERVED_TAGS.includes(int(raw.id) ?? -1)) return fail(45058, 'can not modify the tag');
			const tag = tagOf(acc, raw.id);
			if (!isTag(tag)) return tag;
			const name = tagName(acc, raw.name, tag.id);
			if (typeof name !== 'string') return name;
			tag.name = name;
			return ok();
		}),

		appRoute('POST', '/cgi-bin/tags/delete', (ctx, acc) => {
			const raw = bodyObject(ctx).tag;
			if (!isObject(raw)) return fail(45159, 'invalid tag id');
			if (RESERVED_TAGS.includes(int(raw.id) ?? -1)) return fail(45058, 'can not modify the tag');
			const tag = tagOf(acc, raw.id);
			if (!isTag(tag)) return tag;
			acc.tags.delete(tag.id);
			for (const f of acc.followers.values()) f.tagid_list = f.tagid_list.filter((id) => id !== tag.id);
			return ok();
		}),

		tagging(false),
		tagging(true),

		appRoute('POST', '/cgi-bin/tags/getidlist', (ctx, acc) => {
			const f = acc.followers.get(String(bodyObject(ctx).openid ?? ''));
			return f ? reply({ tagid_list: [...f.tagid_list] }) : fail(40003, 'invalid openid');
		}),

		appRoute('POST', '/cgi-bin/user/tag/get', (ctx, acc) => {
			const body = bodyObject(ctx);
			const tag = tagOf(acc, body.tagid);
			if (!isTag(tag)) return tag;
			const openids = [...acc.followers.values()].filter((f) => f.tagid_list.includes(tag.id)).map((f) => f.openid);
			const page = openidPage(acc, openids, String(body.next_openid ?? ''));
			// user/tag/get answers without "total".
			const { total: _total, ...rest } = page.body as Record<string, unknown>;
			return reply(rest);
		}),
	];
}
