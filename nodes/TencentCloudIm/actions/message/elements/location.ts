/** TIMLocationElem (cloud.tencent.com/document/product/269/2720). */
import type { ElementEntry } from './entry';

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
					Desc: String(this.getNodeParameter('locationDesc', i, '')),
					Latitude: Number(this.getNodeParameter('latitude', i, 0)),
					Longitude: Number(this.getNodeParameter('longitude', i, 0)),
				},
			},
		];
	},
};
