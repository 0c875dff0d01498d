/**
 * 自定义菜单 (menu/create, get_current_selfmenu_info, menu/delete) and 带参数二维码
 * (qrcode/create, and showqrcode, which WeChat serves from mp.weixin.qq.com without a token).
 * developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html and
 * .../Account_Management/Generating_a_Parametric_QR_Code.html. Button errors follow the global
 * code table (40016–40027).
 */
import { createHash, randomBytes } from 'crypto';
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, byteLength, int, isObject, str } from '../shared';
import type { Account, OfficialAccountState } from './state';
import { fail, ok, reply } from './state';

const KEYED = ['click', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select'];
const TYPES = [...KEYED, 'view', 'miniprogram', 'media_id', 'article_id', 'article_view_limited'];
const QR_MAX_SECONDS = 2592000;
const QR_DEFAULT_SECONDS = 60;
const QR_LIMIT_SCENE_MAX = 100000;

/** One button's own checks; `sub` picks the sub-button codes (40024–40027) over the top-level ones (40017–40020). */
function checkButton(acc: Account, button: Record<string, unknown>, sub: boolean): EmulatorResponse | undefined {
	const [typeCode, nameCode, keyCode, urlCode] = sub ? [40024, 40025, 40026, 40027] : [40017, 40018, 40019, 40020];
	const name = str(button.name) ?? '';
	// 一级菜单最多4个汉字, 二级菜单最多8个汉字: 16 and 60 bytes, as the docs give them.
	if (name === '' || byteLength(name) > (sub ? 60 : 16)) return fail(nameCode, 'invalid button name size');
	const type = str(button.type) ?? '';
	if (!TYPES.includes(type)) return fail(typeCode, 'invalid button type');
	const key = str(button.key) ?? '';
	if (KEYED.includes(type) && (key === '' || byteLength(key) > 128)) return fail(keyCode, 'invalid button key size');
	const url = str(button.url) ?? '';
	if ((type === 'view' || type === 'miniprogram') && (url === '' || byteLength(url) > 1024)) return fail(urlCode, 'invalid button url size');
	if (type === 'miniprogram' && (!str(button.appid) || !str(button.pagepath))) return fail(47003, 'argument invalid! appid or pagepath is empty');
	if (type === 'media_id' && !acc.materials.has(String(button.media_id ?? ''))) return fail(40007, 'invalid media_id');
	if ((type === 'article_id' || type === 'article_view_limited') && !str(button.article_id)) return fail(47003, 'argument invalid! article_id is empty');
	return undefined;
}

function checkMenu(acc: Account, buttons: unknown): EmulatorResponse | undefined {
	if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return fail(40016, 'invalid button size');
	for (const button of buttons) {
		if (!isObject(button)) return fail(40017, 'invalid button type');
		const subs = button.sub_button;
		if (Array.isArray(subs) && subs.length > 0) {
			const name = str(button.name) ?? '';
			if (name === '' || byteLength(name) > 16) return fail(40018, 'invalid button name size');
			if (subs.length > 5) return fail(40023, 'invalid sub button size');
			for (const entry of subs) {
				if (!isObject(entry)) return fail(40024, 'invalid sub button type');
				if (Array.isArray(entry.sub_button) && entry.sub_button.length > 0) return fail(40022, 'invalid sub menu level');
				const error = checkButton(acc, entry, true);
				if (error) return error;
			}
			continue;
		}
		const error = checkButton(acc, button, false);
		if (error) return error;
	}
	return undefined;
}

/** get_current_selfmenu_info's shape: sub-buttons under {list: [...]}. */
function selfmenu(buttons: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
	return buttons.map((button) => {
		const { sub_button: subs, ...rest } = button;
		return Array.isArray(subs) && subs.length > 0 ? { name: rest.name, sub_button: { list: subs } } : rest;
	});
}

export function menuRoutes(state: OfficialAccountState): Route[] {
	const { appRoute, core } = state;

	function createQr(acc: Account, body: Record<string, unknown>): EmulatorResponse {
		const action = str(body.action_name) ?? '';
		if (!['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'].includes(action)) return fail(40052, 'invalid action name');
		const scene = isObject(body.action_info) && isObject(body.action_info.scene) ? body.action_info.scene : {};
		const permanent = action.startsWith('QR_LIMIT');
		let value: number | string;
		if (action.endsWith('STR_SCENE')) {
			const text = str(scene.scene_str) ?? '';
			if (text === '' || text.length > 64) return fail(40053, 'invalid action info, scene_str');
			value = text;
		} else {
			const id = int(scene.scene_id);
			const max = permanent ? QR_LIMIT_SCENE_MAX : 4294967295;
			if (id === undefined || id < 1 || id > max) return fail(40053, 'invalid action info, scene_id');
			value = id;
		}
		const ticket = `gQ${randomBytes(36).toString('base64')}`;
		const url = `http://weixin.qq.com/q/${randomBytes(12).toString('base64url')}`;
		const seconds = permanent ? undefined : Math.min(QR_MAX_SECONDS, Math.max(1, int(body.expire_seconds) ?? QR_DEFAULT_SECONDS));
		acc.qrcodes.set(ticket, { ticket, action_name: action, scene: value, url, expiresAt: seconds === undefined ? undefined : core.now() + seconds * 1000 });
		return reply(seconds === undefined ? { ticket, url } : { ticket, expire_seconds: seconds, url });
	}

	return [
		appRoute('POST', '/cgi-bin/menu/create', (ctx, acc) => {
			const buttons = bodyObject(ctx).button;
			const error = checkMenu(acc, buttons);
			if (error) return error;
			acc.menu = (buttons as Array<Record<string, unknown>>).map((b) => ({ ...b }));
			return ok();
		}),

		appRoute('GET', '/cgi-bin/get_current_selfmenu_info', (_ctx, acc) =>
			reply(acc.menu ? { is_menu_open: 1, selfmenu_info: { button: selfmenu(acc.menu) } } : { is_menu_open: 0 }),
		),

		appRoute('GET', '/cgi-bin/menu/delete', (_ctx, acc) => {
			acc.menu = undefined;
			return ok();
		}),

		appRoute('POST', '/cgi-bin/qrcode/create', (ctx, acc) => createQr(acc, bodyObject(ctx))),

		{
			// mp.weixin.qq.com/cgi-bin/showqrcode?ticket=TICKET: 错误情况下（如ticket非法）返回HTTP错误码404.
			method: 'GET',
			path: '/cgi-bin/showqrcode',
			handler: (ctx) => {
				const ticket = String(ctx.req.query.ticket ?? '');
				for (const acc of state.accounts.values()) {
					const qr = acc.qrcodes.get(ticket);
					if (!qr || (qr.expiresAt !== undefined && qr.expiresAt <= core.now())) continue;
					const fill = createHash('sha256').update(ticket).digest();
					return { headers: { 'content-type': 'image/jpg' }, body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), fill, Buffer.from([0xff, 0xd9])]) };
				}
				return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>404 Not Found</body></html>' };
			},
		},
	];
}

/** The scene of a ticket, for tests. */
export function qrScene(acc: Account, ticket: string): number | string | undefined {
	return acc.qrcodes.get(ticket)?.scene;
}
