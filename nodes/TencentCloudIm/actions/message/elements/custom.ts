/** TIMCustomElem: data the app reads itself (cloud.tencent.com/document/product/269/2720). */
import type { IDataObject } from 'n8n-workflow';
import type { ElementEntry } from './entry';
import { asText } from './entry';
import { itemParameter } from '../../../../shared/params';

export const custom: ElementEntry = {
	type: 'custom',
	name: 'Custom (TIMCustomElem)',
	description: 'Data your app interprets, e.g. a room payload',
	properties: [
		{
			displayName: 'Data',
			name: 'customData',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: '{"msgType":"gift","data":{"giftId":1}}',
			description:
				'The payload your app reads; an object given by expression is sent as JSON text, e.g. a room payload {msgType, data}',
		},
		{
			displayName: 'Custom Element Options',
			name: 'customOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{ displayName: 'Desc', name: 'desc', type: 'string', default: '', description: 'Shown in offline pushes' },
				{ displayName: 'Ext', name: 'ext', type: 'string', default: '' },
				{ displayName: 'Sound', name: 'sound', type: 'string', default: '', description: 'Push sound file on iOS' },
			],
		},
	],
	build(i) {
		const options = this.getNodeParameter('customOptions', i, {}) as IDataObject;
		const content: IDataObject = { Data: asText(itemParameter.call(this, 'customData', i, '')) };
		if (options.desc) content.Desc = String(options.desc);
		if (options.ext) content.Ext = String(options.ext);
		if (options.sound) content.Sound = String(options.sound);
		return [{ MsgType: 'TIMCustomElem', MsgContent: content }];
	},
};
