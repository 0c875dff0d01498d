/**
 * msgmenu (菜单消息, path/94677): a head text, up to 10 menu items and a tail text. Items: click
 * (the customer's tap comes back as a text message with its menu_id), view (a link), miniprogram,
 * and text (plain text between the items). Caps as the doc gives them, in bytes.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertMaxBytes, assertNotEmpty, fail, itemParameter } from '../../../../shared/params';
import type { ContentEntry } from './entry';
import { optionalText } from './entry';

const HEAD_MAX = 1024;
const TAIL_MAX = 1024;
export const MAX_MENU_ITEMS = 10;

type ItemType = 'click' | 'view' | 'miniprogram' | 'text';

/** Per item type: its fields (parameter, key, label, cap in bytes). */
const ITEM_FIELDS: Record<ItemType, Array<{ name: string; key: string; field: string; max: number }>> = {
	click: [
		{ name: 'id', key: 'id', field: 'Menu ID', max: 64 },
		{ name: 'content', key: 'content', field: 'Content', max: 128 },
	],
	view: [
		{ name: 'url', key: 'url', field: 'URL', max: 2048 },
		{ name: 'content', key: 'content', field: 'Content', max: 1024 },
	],
	miniprogram: [
		{ name: 'appId', key: 'appid', field: 'Mini Program App ID', max: 32 },
		{ name: 'pagePath', key: 'pagepath', field: 'Page Path', max: 1024 },
		{ name: 'content', key: 'content', field: 'Content', max: 1024 },
	],
	text: [{ name: 'content', key: 'content', field: 'Content', max: 256 }],
};

function buildItem(this: IExecuteFunctions, i: number, raw: IDataObject, index: number): IDataObject {
	const type = String(raw.type ?? 'click') as ItemType;
	const fields = ITEM_FIELDS[type];
	if (!fields) fail.call(this, i, `Menu item ${index + 1}: unknown type "${type}"`);
	const payload: IDataObject = {};
	for (const { name, key, field, max } of fields) {
		const value = String(raw[name] ?? '');
		const label = `Menu item ${index + 1}: ${field}`;
		assertNotEmpty.call(this, i, label, value);
		assertMaxBytes.call(this, i, label, value, max);
		payload[key] = value;
	}
	if (type === 'text') payload.no_newline = raw.noNewline ? 1 : 0;
	return { type, [type]: payload };
}

export const msgmenu: ContentEntry = {
	type: 'msgmenu',
	name: 'Menu',
	properties: [
		{ displayName: 'Head Text', name: 'headContent', type: 'string', typeOptions: { rows: 2 }, default: '', description: `Shown above the items, at most ${HEAD_MAX} bytes` },
		{
			displayName: 'Menu Items',
			name: 'menuItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Menu Item',
			default: {},
			description: `At most ${MAX_MENU_ITEMS} items`,
			options: [
				{
					displayName: 'Item',
					name: 'items',
					values: [
						{ displayName: 'Content', name: 'content', type: 'string', default: '', description: 'What the item shows' },
						{
							displayName: 'Menu ID',
							name: 'id',
							type: 'string',
							default: '',
							description: 'At most 64 bytes; comes back as menuId when the customer taps it',
							displayOptions: { show: { type: ['click'] } },
						},
						{
							displayName: 'Mini Program App ID',
							name: 'appId',
							type: 'string',
							default: '',
							displayOptions: { show: { type: ['miniprogram'] } },
						},
						{
							displayName: 'No Line Break',
							name: 'noNewline',
							type: 'boolean',
							default: false,
							description: 'Whether the next item follows on the same line (no_newline)',
							displayOptions: { show: { type: ['text'] } },
						},
						{
							displayName: 'Page Path',
							name: 'pagePath',
							type: 'string',
							default: '',
							displayOptions: { show: { type: ['miniprogram'] } },
						},
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: [
								{ name: 'Click (Reply)', value: 'click', description: "The customer's tap comes back as a text message with this menu ID" },
								{ name: 'Link', value: 'view' },
								{ name: 'Mini Program', value: 'miniprogram' },
								{ name: 'Text', value: 'text', description: 'Plain text between the items' },
							],
							default: 'click',
						},
						{ displayName: 'URL', name: 'url', type: 'string', default: '', displayOptions: { show: { type: ['view'] } } },
					],
				},
			],
		},
		{ displayName: 'Tail Text', name: 'tailContent', type: 'string', typeOptions: { rows: 2 }, default: '', description: `Shown below the items, at most ${TAIL_MAX} bytes` },
	],
	async build(i) {
		const raw = ((itemParameter.call(this, 'menuItems', i, {}) as IDataObject).items as IDataObject[] | undefined) ?? [];
		if (raw.length === 0) fail.call(this, i, 'Menu Items: add at least one item');
		if (raw.length > MAX_MENU_ITEMS) fail.call(this, i, `Menu Items: at most ${MAX_MENU_ITEMS} allowed, got ${raw.length}`);
		const payload: IDataObject = {};
		optionalText.call(this, i, payload, 'head_content', 'headContent', 'Head Text', HEAD_MAX);
		payload.list = raw.map((item, index) => buildItem.call(this, i, item, index));
		optionalText.call(this, i, payload, 'tail_content', 'tailContent', 'Tail Text', TAIL_MAX);
		return { body: { msgtype: 'msgmenu', msgmenu: payload } };
	},
};
