/** Several elements at once: a whole MsgBody array as JSON (cloud.tencent.com/document/product/269/2720). */
import { jsonParameter } from '../../../../shared/params';
import { checkMsgBody } from '../../common/msgBody';
import type { ElementEntry } from './entry';

export const json: ElementEntry = {
	type: 'json',
	name: 'Several Elements (JSON)',
	description: 'A whole MsgBody array',
	properties: [
		{
			displayName: 'Message Body (JSON)',
			name: 'msgBody',
			type: 'json',
			required: true,
			default: '[\n  {\n    "MsgType": "TIMTextElem",\n    "MsgContent": { "Text": "hello" }\n  }\n]',
			description: 'The MsgBody array: one object per element, each with MsgType and MsgContent',
		},
	],
	build(i) {
		return checkMsgBody.call(this, i, jsonParameter.call(this, 'msgBody', i, 'Message Body'), 'Message Body');
	},
};
