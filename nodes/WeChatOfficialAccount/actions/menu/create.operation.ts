import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, itemParameter, jsonParameter } from '../../../shared/params';
import { EVERYONE } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';
import { BUTTON_TYPES, menuFromRows } from './buttons';

const show = { resource: ['menu'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Menu Source',
		name: 'menuSource',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'One row per button' },
			{ name: 'JSON', value: 'json', description: 'The menu as WeChat takes it: { "button": [...] }' },
		],
		default: 'fields',
		displayOptions: { show },
	},
	{
		displayName: 'Menu (JSON)',
		name: 'menuJson',
		type: 'json',
		required: true,
		default: '{\n  "button": [\n    { "type": "click", "name": "帮助", "key": "HELP" }\n  ]\n}',
		displayOptions: { show: { ...show, menuSource: ['json'] } },
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button',
		default: {},
		description: 'Top-level buttons (at most 3) leave Parent empty; a sub-button names its Sub-Menu as Parent (at most 5 each)',
		displayOptions: { show: { ...show, menuSource: ['fields'] } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{ displayName: 'App ID', name: 'appId', type: 'string', default: '', description: 'Open Mini Program: its App ID' },
					{ displayName: 'Article ID', name: 'articleId', type: 'string', default: '', description: 'Open Article: a published article_id' },
					{ displayName: 'Key', name: 'key', type: 'string', default: '', description: 'Click and scan or photo types: sent back as EventKey' },
					{ displayName: 'Media ID', name: 'mediaId', type: 'string', default: '', description: 'Send Material: a permanent material' },
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Page Path', name: 'pagePath', type: 'string', default: '', description: 'Open Mini Program: the page' },
					{ displayName: 'Parent', name: 'parent', type: 'string', default: '', description: 'The name of the Sub-Menu it belongs in; empty for a top-level button' },
					{ displayName: 'Type', name: 'type', type: 'options', options: BUTTON_TYPES, default: 'click' },
					{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'Open URL, and the fallback page of a mini program' },
				],
			},
		],
	},
];

// One menu per account: the last item's wins, so items run in order.
export const orderingKey = () => EVERYONE;

/**
 * POST /cgi-bin/menu/create — developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html.
 * It replaces the whole menu, so sending it again sets the same menu.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	let button: IDataObject[];
	if (itemParameter.call(this, 'menuSource', i, 'fields') === 'json') {
		const value = jsonParameter.call(this, 'menuJson', i, 'Menu (JSON)', { emptyIsAbsent: false });
		const list = Array.isArray(value) ? value : (value as IDataObject | undefined)?.button;
		if (!Array.isArray(list)) fail.call(this, i, 'Menu (JSON) must be { "button": [...] } or the array of buttons');
		button = list as IDataObject[];
	} else {
		const rows = ((this.getNodeParameter('buttons', i, {}) as IDataObject).button ?? []) as IDataObject[];
		button = menuFromRows.call(this, i, rows);
	}
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/menu/create', body: { button }, itemIndex: i, safeToResend: true });
	return { button };
}
