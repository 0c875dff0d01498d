/** Directory members: path/90196 get, 96067 list_id, 90202 convert_to_openid / convert_to_userid. */
import type { Route } from '../../types';
import { bodyObject, int, str } from '../shared';
import type { Corp, WecomUser } from './model';
import { fail, ok, openidOf, reply, type Checked, type WecomState } from './state';

/** The member a userid names, whatever its case. */
function userOf(corp: Corp, raw: unknown): Checked<WecomUser> {
	const user = corp.users.get((str(raw) ?? '').toLowerCase());
	if (!user) return { error: fail(60111, 'userid not found') };
	return { value: user };
}

export function userRoutes({ appRoute }: WecomState): Route[] {
	return [
		appRoute('GET', '/cgi-bin/user/get', (ctx, corp) => {
			const user = userOf(corp, ctx.req.query.userid);
			if (user.error) return user.error;
			const { userid, name, department, position } = user.value;
			return reply(
				ok({
					userid,
					name,
					department: [...department],
					position: position ?? '',
					status: 1,
					main_department: department[0],
				}),
			);
		}),

		appRoute('POST', '/cgi-bin/user/list_id', (ctx, corp) => {
			const body = bodyObject(ctx);
			const limit = body.limit === undefined ? 10000 : int(body.limit);
			// 分页，预期请求的数据量，取值范围 1 ~ 10000 (path/96067).
			if (limit === undefined || limit < 1 || limit > 10000) return fail(40058, 'invalid limit');
			let offset = 0;
			const cursor = str(body.cursor);
			if (cursor) {
				const decoded = /^emu:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
				if (!decoded) return fail(50100, 'invalid cursor');
				offset = Number(decoded[1]);
			}
			// One row per (user, department) pair, in a stable order, so paging is deterministic.
			const rows = [...corp.users.values()]
				.sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0))
				.flatMap((u) => u.department.map((department) => ({ userid: u.userid, department })));
			const page = rows.slice(offset, offset + limit);
			const end = offset + page.length;
			const nextCursor = end < rows.length ? Buffer.from(`emu:${end}`, 'utf8').toString('base64url') : '';
			return reply(ok({ next_cursor: nextCursor, dept_user: page }));
		}),

		appRoute('POST', '/cgi-bin/user/convert_to_openid', (ctx, corp) => {
			const user = userOf(corp, bodyObject(ctx).userid);
			if (user.error) return user.error;
			return reply(ok({ openid: openidOf(corp.corpId, user.value.userid) }));
		}),

		appRoute('POST', '/cgi-bin/user/convert_to_userid', (ctx, corp) => {
			const openid = str(bodyObject(ctx).openid);
			const user = [...corp.users.values()].find((u) => openidOf(corp.corpId, u.userid) === openid);
			if (!user) return fail(40073, 'invalid openid');
			return reply(ok({ userid: user.userid }));
		}),
	];
}
