/** TIMLocationElem (cloud.tencent.com/document/product/269/2720). */
import type { ElementEntry } from './entry';
import { itemParameter } from '../../../../shared/params';

export const location: ElementEntry = {
	type: 'location',
	name: 'Location (TIMLocationElem)',
	properties: [
		{ displayName: 'Description', name: 'locationDesc', type: 'string', default: '' },
		{ displayName: 'Latitude', name: 'latitude', type: 'number', typeOptions: { numberPrecision: 6 }, default: 0 },
		{ displayName: 'Longitude', name: 'longitude', type: 'number', typeOptions: { numberPrecision: 6 }, default: 0 },
	],
	build(i) {
		return [
			{
				MsgType: 'TIMLocationElem',
				MsgContent: {
					Desc: String(itemParameter.call(this, 'locationDesc', i, '')),
					Latitude: Number(itemParameter.call(this, 'latitude', i, 0)),
					Longitude: Number(itemParameter.call(this, 'longitude', i, 0)),
				},
			},
		];
	},
};
