/**
 * What each WeCom message type provides to the table in index.ts: its menu name, its properties
 * (without displayOptions: the table adds them) and the builder of its part of the body.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export type MessageType =
	| 'text'
	| 'markdown'
	| 'image'
	| 'voice'
	| 'video'
	| 'file'
	| 'textcard'
	| 'news'
	| 'mpnews'
	| 'miniprogram_notice'
	| 'template_card';

export interface BuiltContent {
	/** `{ msgtype, [msgtype]: {...} }`, ready to merge into the request body. */
	body: IDataObject;
	/** The media/upload answer when a file of the workflow was uploaded for this message. */
	uploaded?: IDataObject;
}

export interface MessageTypeEntry {
	type: MessageType;
	/** The name in the Message Type menu. */
	name: string;
	properties: INodeProperties[];
	build(this: IExecuteFunctions, i: number): Promise<BuiltContent>;
}

/** Sets `key` only when the value is not blank: WeCom reads an empty string as a value. */
export function optional(target: IDataObject, key: string, value: unknown): void {
	const text = typeof value === 'string' ? value.trim() : value;
	if (text !== undefined && text !== null && text !== '') target[key] = text;
}
