/**
 * What each element type of the message body provides to the table in index.ts: its menu entry,
 * its properties (without displayOptions: the table adds them) and the builder of its MsgBody.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export interface ElementEntry {
	/** The Message Type value. */
	type: string;
	/** The menu name, with Tencent's element name. */
	name: string;
	description?: string;
	properties: INodeProperties[];
	build(this: IExecuteFunctions, i: number): IDataObject[];
}

/** A parameter that may hold an object (from an expression) as the text Tencent expects. */
export function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : JSON.stringify(value);
}
