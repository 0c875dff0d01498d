/** TIMFaceElem: an emoji by index (cloud.tencent.com/document/product/269/2720). */
import type { ElementEntry } from './entry';
import { asText } from './entry';
import { itemParameter } from '../../../../shared/params';

export const face: ElementEntry = {
	type: 'face',
	name: 'Face (TIMFaceElem)',
	properties: [
		{ displayName: 'Face Index', name: 'faceIndex', type: 'number', default: 0 },
		{ displayName: 'Face Data', name: 'faceData', type: 'string', default: '' },
	],
	build(i) {
		return [
			{
				MsgType: 'TIMFaceElem',
				MsgContent: {
					Index: Number(itemParameter.call(this, 'faceIndex', i, 0)),
					Data: asText(itemParameter.call(this, 'faceData', i, '')),
				},
			},
		];
	},
};
