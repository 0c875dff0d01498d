import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../shared/fields';
import type { IdListOptions } from '../../shared/params';
import { itemParameter } from '../../shared/params';

/** Store codes, SPU codes: separated by commas, spaces or lines; repeats dropped. */
export const MEITUAN_IDS: IdListOptions = { separators: /[\s,，]+/, unique: true };

export function storeCodeField(show: Show, description = 'The store code (app_poi_code) of the store: appPoiCode of a trigger item'): INodeProperties {
	return {
		displayName: 'Store Code',
		name: 'appPoiCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 't_Abc123',
		description,
		displayOptions: { show },
	};
}

const BIG = '__meituan_integer__';

/**
 * A Meituan ID as the JSON number Meituan sends when it is digits, else as text. Digits beyond
 * 2^53 (order IDs have up to 19) are marked here and written as an exact literal by jsonWithIds.
 */
export function idValue(text: string): number | string {
	if (!/^\d{1,19}$/.test(text)) return text;
	return Number.isSafeInteger(Number(text)) ? Number(text) : `${BIG}${text}`;
}

/** JSON.stringify, with the IDs idValue marked written as integer literals. */
export function jsonWithIds(value: unknown): string {
	return JSON.stringify(value).replace(new RegExp(`"${BIG}(\\d+)"`, 'g'), '$1');
}

/** Trimmed text of a parameter of item i. */
export function textParameter(this: IExecuteFunctions, name: string, i: number): string {
	return String(itemParameter.call(this, name, i, '') ?? '').trim();
}
