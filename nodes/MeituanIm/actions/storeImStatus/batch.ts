import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import { fail, requiredIds } from '../../../shared/params';
import { MEITUAN_IDS } from '../common';

/** Batch calls take at most this many stores per item: one call each, paced per API. */
export const MAX_BATCH_STORES = 100;

export function storeCodesField(show: Show): INodeProperties {
	return {
		displayName: 'Store Codes',
		name: 'appPoiCodes',
		type: 'string',
		required: true,
		default: '',
		placeholder: 't_Abc123, t_Def456',
		description: `Store codes (app_poi_code) separated by commas, at most ${MAX_BATCH_STORES}; one output item per store`,
		displayOptions: { show },
	};
}

export function storeCodes(this: IExecuteFunctions, i: number): string[] {
	const codes = requiredIds.call(this, 'appPoiCodes', i, 'Store Codes', MEITUAN_IDS);
	if (codes.length > MAX_BATCH_STORES) fail.call(this, i, `Store Codes: at most ${MAX_BATCH_STORES} per item, got ${codes.length}`);
	return codes;
}
