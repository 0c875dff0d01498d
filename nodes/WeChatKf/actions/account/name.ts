/** The account name, checked as account/add and account/update check it (path/94662). */
import type { IExecuteFunctions } from 'n8n-workflow';
import { fail, itemParameter } from '../../../shared/params';
import { NAME_MAX_CHARS } from './fields';

/** Item `i`'s name: trimmed, at most 16 characters; '' when blank and not required. */
export function accountName(this: IExecuteFunctions, i: number, required: boolean): string {
	const name = String(itemParameter.call(this, 'name', i, '') ?? '').trim();
	if (required && name === '') fail.call(this, i, 'Name is empty');
	const length = [...name].length;
	if (length > NAME_MAX_CHARS) fail.call(this, i, `Name: at most ${NAME_MAX_CHARS} characters, got ${length}`);
	return name;
}
