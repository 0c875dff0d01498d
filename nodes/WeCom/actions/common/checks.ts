/**
 * Checks made before a call, so a workflow fails with the field's name instead of WeCom's bare
 * errcode, or instead of WeCom silently cutting the text short.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

export function utf8Length(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

export function fail(this: IExecuteFunctions, i: number, message: string, description?: string): never {
	throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
}

export function assertMaxBytes(this: IExecuteFunctions, i: number, field: string, text: string, max: number): void {
	const length = utf8Length(text);
	if (length > max) {
		fail.call(
			this,
			i,
			`${field}: at most ${max} bytes (UTF-8), got ${length}`,
			'A Chinese character takes 3 bytes in UTF-8. Shorten the text or split it into several messages.',
		);
	}
}

export function assertNotEmpty(this: IExecuteFunctions, i: number, field: string, text: string): void {
	if (text.trim() === '') fail.call(this, i, `${field} is empty`);
}

export function assertCount(
	this: IExecuteFunctions,
	i: number,
	field: string,
	count: number,
	min: number,
	max: number,
): void {
	if (count < min || count > max) {
		const range = min === max ? `exactly ${min}` : count < min ? `at least ${min}` : `at most ${max}`;
		fail.call(this, i, `${field}: ${range} allowed, got ${count}`);
	}
}

/** A JSON parameter as an object: n8n hands in a string, or an object when an expression made one. */
export function jsonObject(this: IExecuteFunctions, i: number, field: string, value: unknown): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') fail.call(this, i, `${field} is empty: give a JSON object`);
		try {
			parsed = jsonParse(value);
		} catch (error) {
			fail.call(this, i, `${field} is not valid JSON`, (error as Error).message);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		fail.call(this, i, `${field} must be a JSON object`);
	}
	return parsed as IDataObject;
}
