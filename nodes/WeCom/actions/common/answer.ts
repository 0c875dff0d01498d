/** A WeCom answer as operations output it: without { errcode, errmsg }, id lists as arrays. */
import type { IDataObject } from 'n8n-workflow';
import { idList } from '../../../shared/params';
import { WECOM_IDS } from './ids';

export { withoutEnvelope } from '../../../shared/wechat/envelope';

/** WeCom answers lists of invalid ids as "a|b" strings: give them as arrays. */
export function splitInvalid(body: IDataObject, fields: string[]): IDataObject {
	const out = { ...body };
	for (const field of fields) {
		if (typeof out[field] === 'string') out[field] = idList(out[field], WECOM_IDS);
	}
	return out;
}
