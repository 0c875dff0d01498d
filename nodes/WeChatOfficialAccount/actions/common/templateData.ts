/**
 * What a template message and a subscription notice share: the template's data as key/value
 * fields ({ keyword1: { value } }) and the mini program to open.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import { fail } from '../../../shared/params';

export function templateDataFields(show: Show, example: string): INodeProperties[] {
	return [
		{
			displayName: 'Data',
			name: 'data',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Field',
			default: {},
			description: `The template's fields: the key as the template names it (${example}) and its value`,
			displayOptions: { show },
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
	];
}

/** { key: { value } } from the Data fields; at least one, no key twice. */
export function templateData(this: IExecuteFunctions, i: number): IDataObject {
	const fields = ((this.getNodeParameter('data', i, {}) as IDataObject).field ?? []) as IDataObject[];
	const data: IDataObject = {};
	for (const field of fields) {
		const key = String(field.key ?? '').trim();
		if (key === '') fail.call(this, i, 'Data: a field has no key');
		if (Object.prototype.hasOwnProperty.call(data, key)) fail.call(this, i, `Data: the key "${key}" is given twice`);
		data[key] = { value: String(field.value ?? '') };
	}
	if (Object.keys(data).length === 0) fail.call(this, i, 'Data: give at least one field of the template');
	return data;
}

/** The mini program a message opens: { appid, pagepath }, or nothing when no App ID is given. */
export function miniprogram(appId: unknown, pagePath: unknown): IDataObject | undefined {
	const appid = String(appId ?? '').trim();
	if (appid === '') return undefined;
	const pagepath = String(pagePath ?? '').trim();
	return pagepath ? { appid, pagepath } : { appid };
}
