/**
 * A MsgBody (cloud.tencent.com/document/product/269/2720) given as JSON: what the message
 * operations send and what a rewritten before-send answer carries.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fail } from '../../../shared/params';

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
