/**
 * Accounts (客服账号管理, path/94662 add, 94663 del, 94664 update, 94661 list, 94665
 * add_contact_way), servicers (接待人员, 94646 add, 94647 del, 94645 list), session state
 * (94669 service_state get / trans) and customers (95159 customer/batchget).
 */
import type { Route } from '../../types';
import { bodyObject, byteLength, int, str } from '../shared';
import { fail, ok, randomToken, reply, STATE_CODE_TTL_MS, type KfState } from './state';

const NAME_MAX_CHARS = 16;
const SCENE = /^[0-9a-zA-Z_-]{0,32}$/;
const MAX_IDS = 100;

/**
 * Which changes service_state/trans allows (path/94669): new → bot, queue, servicer; bot → queue,
 * servicer; queue → servicer; servicer → another servicer. Ending (4) is allowed from every open
 * state (the docs show 结束会话 for servicer sessions; the emulator allows it for all); an ended
 * session cannot be changed by the API.
 */
const TRANSITIONS: Record<number, number[]> = { 0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [] };

export function manageRoutes(state: KfState): Route[] {
	const { core, kfRoute, account, session, issueCode } = state;

	const idList = (value: unknown): unknown[] | undefined => (value === undefined ? [] : Array.isArray(value) ? value : undefined);

	return [
		kfRoute('POST', '/cgi-bin/kf/account/add', (ctx, corp) => {
			const body = bodyObject(ctx);
			const name = str(body.name) ?? '';
			if (name === '' || [...name].length > NAME_MAX_CHARS) return fail(95006, 'invalid kf account name');
			const media = corp.media.get(str(body.media_id) ?? '');
			if (!media || media.type !== 'image') return fail(40007, 'invalid media_id');
			const openKfId = randomToken('wk', 21);
			corp.accounts.set(openKfId, {
				open_kfid: openKfId,
				name,
				media_id: media.media_id,
				avatar: `https://wework.qpic.cn/wwhead/${openKfId}/0`,
				manage_privilege: true,
				servicers: new Map(),
				departments: new Set(),
				msgids: new Set(),
			});
			return reply(ok({ open_kfid: openKfId }));
		}),

		kfRoute('POST', '/cgi-bin/kf/account/del', (ctx, corp) => {
			const found = account(corp, bodyObject(ctx).open_kfid);
			if (found.error) return found.error;
			corp.accounts.delete(found.value.open_kfid);
			return reply(ok());
		}),

		kfRoute('POST', '/cgi-bin/kf/account/update', (ctx, corp) => {
			const body = bodyObject(ctx);
			const found = account(corp, body.open_kfid);
			if (found.error) return found.error;
			if (body.name === undefined && body.media_id === undefined) return fail(40058, 'nothing to update');
			if (body.name !== undefined) {
				const name = str(body.name) ?? '';
				if (name === '' || [...name].length > NAME_MAX_CHARS) return fail(95006, 'invalid kf account name');
				found.value.name = name;
			}
			if (body.media_id !== undefined) {
				const media = corp.media.get(str(body.media_id) ?? '');
				if (!media || media.type !== 'image') return fail(40007, 'invalid media_id');
				found.value.media_id = media.media_id;
			}
			return reply(ok());
		}),

		kfRoute('POST', '/cgi-bin/kf/account/list', (ctx, corp) => {
			const body = bodyObject(ctx);
			const offset = body.offset === undefined ? 0 : int(body.offset);
			const limit = body.limit === undefined ? 100 : int(body.limit);
			if (offset === undefined || offset < 0 || limit === undefined || limit < 1 || limit > 100) return fail(40058, 'invalid offset or limit');
			const accounts = [...corp.accounts.values()].slice(offset, offset + limit);
			return reply(
				ok({
					account_list: accounts.map((a) => ({ open_kfid: a.open_kfid, name: a.name, avatar: a.avatar, manage_privilege: a.manage_privilege })),
				}),
			);
		}),

		kfRoute('POST', '/cgi-bin/kf/add_contact_way', (ctx, corp) => {
			const body = bodyObject(ctx);
			const found = account(corp, body.open_kfid);
			if (found.error) return found.error;
			const scene = str(body.scene) ?? '';
			if (!SCENE.test(scene) || byteLength(scene) > 32) return fail(40058, 'invalid scene');
			const base = `https://work.weixin.qq.com/kfid/kfc${Buffer.from(found.value.open_kfid).toString('hex').slice(0, 16)}`;
			return reply(ok({ url: scene ? `${base}?enc_scene=ENC${Buffer.from(scene).toString('base64url')}` : base }));
		}),

		...(['add', 'del'] as const).map((verb) =>
			kfRoute('POST', `/cgi-bin/kf/servicer/${verb}`, (ctx, corp) => {
				const body = bodyObject(ctx);
				const found = account(corp, body.open_kfid);
				if (found.error) return found.error;
				const users = idList(body.userid_list);
				const departments = idList(body.department_id_list);
				if (!users || !departments) return fail(40058, 'userid_list and department_id_list must be arrays');
				if (users.length === 0 && departments.length === 0) return fail(40058, 'userid_list and department_id_list are both empty');
				if (users.length > MAX_IDS || departments.length > MAX_IDS) return fail(40058, 'at most 100 ids per list');
				const results: Array<Record<string, unknown>> = [];
				const servicers = found.value.servicers;
				for (const raw of users) {
					const userid = String(raw);
					let result: [number, string] = [0, 'success'];
					if (!corp.members.has(userid)) result = [60111, 'userid not found'];
					else if (verb === 'add') servicers.set(userid, servicers.get(userid) ?? 0);
					else if (!servicers.delete(userid)) result = [95014, 'user is not servicer'];
					results.push({ userid, errcode: result[0], errmsg: result[1] });
				}
				for (const raw of departments) {
					const id = int(raw) ?? -1;
					let result: [number, string] = [0, 'success'];
					if (![...corp.members.values()].some((m) => m.department.includes(id))) result = [60123, 'invalid party id'];
					else if (verb === 'add') found.value.departments.add(id);
					else if (!found.value.departments.delete(id)) result = [95014, 'department is not servicer'];
					results.push({ department_id: raw, errcode: result[0], errmsg: result[1] });
				}
				return reply(ok({ result_list: results }));
			}),
		),

		kfRoute('GET', '/cgi-bin/kf/servicer/list', (ctx, corp) => {
			const found = account(corp, ctx.req.query.open_kfid);
			if (found.error) return found.error;
			const list: Array<Record<string, unknown>> = [...found.value.servicers].map(([userid, status]) => ({ userid, status }));
			for (const department_id of found.value.departments) list.push({ department_id });
			return reply(ok({ servicer_list: list }));
		}),

		kfRoute('POST', '/cgi-bin/kf/service_state/get', (ctx, corp) => {
			const body = bodyObject(ctx);
			const found = account(corp, body.open_kfid);
			if (found.error) return found.error;
			const user = str(body.external_userid);
			if (!user || !corp.customers.has(user)) return fail(40096, 'invalid external userid');
			const s = session(corp, found.value.open_kfid, user);
			return reply(ok({ service_state: s.state, ...(s.state === 3 ? { servicer_userid: s.servicer } : {}) }));
		}),

		kfRoute('POST', '/cgi-bin/kf/service_state/trans', (ctx, corp) => {
			const body = bodyObject(ctx);
			const found = account(corp, body.open_kfid);
			if (found.error) return found.error;
			const user = str(body.external_userid);
			if (!user || !corp.customers.has(user)) return fail(40096, 'invalid external userid');
			const target = int(body.service_state);
			if (target === undefined || target < 0 || target > 4) return fail(40058, 'invalid service_state');
			const s = session(corp, found.value.open_kfid, user);
			if (!TRANSITIONS[s.state].includes(target)) return fail(95016, 'service state transfer not allowed');
			let servicer: string | undefined;
			if (target === 3) {
				servicer = str(body.servicer_userid);
				if (!servicer) return fail(40058, 'servicer_userid missing');
				// 接待人员须处于“正在接待”中, and must have activated WeCom (95014).
				const member = corp.members.get(servicer);
				if (found.value.servicers.get(servicer) !== 0 || !member?.active) return fail(95014, 'user is not servicer or not active');
			}
			const first = target !== s.state && (target === 2 || target === 3);
			s.state = target;
			s.servicer = servicer;
			// msg_code: 初次变更为 2 和 3 时返回回复语code, 为 4 时返回结束语code (path/94669).
			const msgCode =
				first || target === 4
					? issueCode(corp, { kind: 'state', state: target, open_kfid: found.value.open_kfid, external_userid: user, expiresAt: core.now() + STATE_CODE_TTL_MS })
					: undefined;
			return reply(ok(msgCode ? { msg_code: msgCode } : {}));
		}),

		kfRoute('POST', '/cgi-bin/kf/customer/batchget', (ctx, corp) => {
			const body = bodyObject(ctx);
			const ids = body.external_userid_list;
			if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS) return fail(40058, 'external_userid_list must hold 1..100 ids');
			const withContext = Number(body.need_enter_session_context) === 1;
			const customers: Array<Record<string, unknown>> = [];
			const invalid: string[] = [];
			for (const raw of ids) {
				const found = corp.customers.get(String(raw));
				if (!found) {
					invalid.push(String(raw));
					continue;
				}
				const { enter_session_context: context, ...rest } = found;
				customers.push({ ...rest, ...(withContext ? { enter_session_context: context ?? { scene: '', scene_param: '' } } : {}) });
			}
			return reply(ok({ customer_list: customers, invalid_external_userid: invalid }));
		}),
	];
}
