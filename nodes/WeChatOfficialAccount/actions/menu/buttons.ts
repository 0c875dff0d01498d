/**
 * The menu from fields: one row per button, a sub-button naming its sub-menu as Parent. The caps
 * of menu/create (developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html):
 * 1 to 3 top-level buttons of at most 16 bytes, 1 to 5 sub-buttons of at most 60 bytes, keys of at
 * most 128 bytes, URLs of at most 1024 bytes. Checked here, with the button's name, before the call.
 */
import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fail, utf8Length } from '../../../shared/params';

const MAX_TOP = 3;
const MAX_SUB = 5;
const TOP_NAME_BYTES = 16;
const SUB_NAME_BYTES = 60;
const KEY_BYTES = 128;
const URL_BYTES = 1024;

/** Button types, and which field each needs besides its name. */
const TYPES: Record<string, { name: string; needs: Array<'key' | 'url' | 'appId' | 'pagePath' | 'mediaId' | 'articleId'> }> = {
	submenu: { name: 'Sub-Menu (Holds Sub-Buttons)', needs: [] },
	click: { name: 'Click (Sends a CLICK Event)', needs: ['key'] },
	view: { name: 'Open URL', needs: ['url'] },
	miniprogram: { name: 'Open Mini Program', needs: ['url', 'appId', 'pagePath'] },
	scancode_push: { name: 'Scan Code', needs: ['key'] },
	scancode_waitmsg: { name: 'Scan Code and Wait', needs: ['key'] },
	pic_sysphoto: { name: 'Take Photo', needs: ['key'] },
	pic_photo_or_album: { name: 'Photo or Album', needs: ['key'] },
	pic_weixin: { name: 'WeChat Album', needs: ['key'] },
	location_select: { name: 'Send Location', needs: ['key'] },
	media_id: { name: 'Send Material', needs: ['mediaId'] },
	article_id: { name: 'Open Article', needs: ['articleId'] },
	article_view_limited: { name: 'Open Article (Limited)', needs: ['articleId'] },
};

const NEEDS: Record<string, string> = { key: 'a Key', url: 'a URL', appId: 'an App ID', pagePath: 'a Page Path', mediaId: 'a Media ID', articleId: 'an Article ID' };
const FIELD: Record<string, string> = { key: 'key', url: 'url', appId: 'appid', pagePath: 'pagepath', mediaId: 'media_id', articleId: 'article_id' };

export const BUTTON_TYPES: INodePropertyOptions[] = Object.entries(TYPES)
	.map(([value, { name }]) => ({ name, value }))
	.sort((a, b) => a.name.localeCompare(b.name));

function button(this: IExecuteFunctions, i: number, row: IDataObject, sub: boolean): IDataObject {
	const name = String(row.name ?? '').trim();
	const label = `Button "${name}"`;
	if (name === '') fail.call(this, i, 'Buttons: a button has no name');
	const cap = sub ? SUB_NAME_BYTES : TOP_NAME_BYTES;
	if (utf8Length(name) > cap) fail.call(this, i, `${label}: the name is ${utf8Length(name)} bytes, at most ${cap} for a ${sub ? 'sub-button' : 'top-level button'}`);
	const type = String(row.type ?? '');
	const spec = TYPES[type];
	if (!spec || type === 'submenu') fail.call(this, i, `${label}: "${type}" is not a button type here`);
	const out: IDataObject = { type, name };
	for (const need of spec.needs) {
		const value = String(row[need] ?? '').trim();
		if (value === '') fail.call(this, i, `${label}: needs ${NEEDS[need]}`);
		if (need === 'key' && utf8Length(value) > KEY_BYTES) fail.call(this, i, `${label}: the key is over ${KEY_BYTES} bytes`);
		if (need === 'url' && utf8Length(value) > URL_BYTES) fail.call(this, i, `${label}: the URL is over ${URL_BYTES} bytes`);
		out[FIELD[need]] = value;
	}
	return out;
}

/** The `button` array of menu/create from the rows, in their order. */
export function menuFromRows(this: IExecuteFunctions, i: number, rows: IDataObject[]): IDataObject[] {
	const top: IDataObject[] = [];
	const submenus = new Map<string, IDataObject[]>();
	for (const row of rows) {
		if (String(row.parent ?? '').trim() !== '') continue;
		if (row.type === 'submenu') {
			const name = String(row.name ?? '').trim();
			if (name === '' || utf8Length(name) > TOP_NAME_BYTES) fail.call(this, i, `Sub-menu "${name}": a name of 1 to ${TOP_NAME_BYTES} bytes`);
			if (submenus.has(name)) fail.call(this, i, `Sub-menu "${name}" is given twice`);
			const subs: IDataObject[] = [];
			submenus.set(name, subs);
			top.push({ name, sub_button: subs });
		} else {
			top.push(button.call(this, i, row, false));
		}
	}
	for (const row of rows) {
		const parent = String(row.parent ?? '').trim();
		if (parent === '') continue;
		const subs = submenus.get(parent);
		if (!subs) return fail.call(this, i, `Button "${String(row.name ?? '')}": no sub-menu "${parent}" (add a button of type Sub-Menu with that name)`);
		subs.push(button.call(this, i, row, true));
	}
	if (top.length < 1 || top.length > MAX_TOP) fail.call(this, i, `Buttons: 1 to ${MAX_TOP} top-level buttons, got ${top.length}`);
	for (const [name, subs] of submenus) {
		if (subs.length < 1 || subs.length > MAX_SUB) fail.call(this, i, `Sub-menu "${name}": 1 to ${MAX_SUB} sub-buttons, got ${subs.length}`);
	}
	return top;
}
