/**
 * What each message type of send_msg (developer.work.weixin.qq.com/document/path/94677) gives the
 * table in index.ts: its menu name, its properties (without displayOptions: the table adds them)
 * and the builder of `{ msgtype, [msgtype]: {...} }`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertMaxBytes, assertNotEmpty, itemParameter } from '../../../../shared/params';

export type KfMessageType =
	| 'text'
	| 'image'
	| 'voice'
	| 'video'
	| 'file'
	| 'link'
	| 'miniprogram'
	| 'msgmenu'
	| 'location'
	| 'business_card'
	| 'ca_link';

export interface BuiltContent {
	/** `{ msgtype, [msgtype]: {...} }`, ready to merge into the request body. */
	body: IDataObject;
	/** The media/upload answers when files of the workflow were uploaded for this message. */
	uploaded?: IDataObject[];
}

export interface ContentEntry {
	type: KfMessageType;
	/** The name in the Message Type menu. */
	name: string;
	properties: INodeProperties[];
	build(this: IExecuteFunctions, i: number): Promise<BuiltContent>;
}

/** A text parameter of item `i`, required and at most `maxBytes` of UTF-8 (WeChat refuses or cuts longer ones). */
export function requiredText(this: IExecuteFunctions, i: number, name: string, field: string, maxBytes: number): string {
	const value = String(itemParameter.call(this, name, i, '') ?? '');
	assertNotEmpty.call(this, i, field, value);
	assertMaxBytes.call(this, i, field, value, maxBytes);
	return value;
}

/** An optional text parameter: set on `target` only when not blank, at most `maxBytes`. */
export function optionalText(
	this: IExecuteFunctions,
	i: number,
	target: IDataObject,
	key: string,
	name: string,
	field: string,
	maxBytes: number,
): void {
	const value = String(itemParameter.call(this, name, i, '') ?? '');
	if (value.trim() === '') return;
	assertMaxBytes.call(this, i, field, value, maxBytes);
	target[key] = value;
}
