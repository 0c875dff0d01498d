/** Several elements at once: a whole MsgBody array as JSON (cloud.tencent.com/document/product/269/2720). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fail, jsonParameter } from '../../../../shared/params';
import type { ElementEntry } from './entry';

/** Checks a MsgBody from JSON: a non-empty array of { MsgType, MsgContent } objects. */
export function checkMsgBody(this: IExecuteFunctions, i: number, value: unknown, what: string): IDataObject[] {
	if (!Array.isArray(value) || value.length === 0) return fail.call(this, i, `${what}: an array of message elements`);
	for (const [n, element] of value.entries()) {
		const el = element as IDataObject;
		if (!el || typeof el !== 'object' || typeof el.MsgType !== 'string' || !el.MsgContent || typeof el.MsgContent !== 'object') {
			fail.call(this, i, `${what}: element ${n + 1} needs MsgType (e.g. "TIMTextElem") and a MsgContent object`);
		}
	}
	return value as IDataObject[];
}

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
