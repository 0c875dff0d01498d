/**
 * What each customer service message type gives the table in index.ts: its menu name, its
 * properties (without displayOptions: the table adds them) and the builder of its body part.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter } from '../../../../shared/params';

export type MessageType =
	| 'text'
	| 'image'
	| 'voice'
	| 'video'
	| 'music'
	| 'news'
	| 'mpnews'
	| 'mpnewsarticle'
	| 'msgmenu'
	| 'miniprogrampage';

export interface BuiltContent {
	/** `{ msgtype, [msgtype]: {...} }`, ready to merge into the request body. */
	body: IDataObject;
	/** The media/upload answer when a file of the workflow was uploaded for this message. */
	uploaded?: IDataObject;
}

export interface MessageTypeEntry {
	type: MessageType;
	name: string;
	properties: INodeProperties[];
	build(this: IExecuteFunctions, i: number): Promise<BuiltContent>;
}

/** A trimmed parameter, '' when blank. */
export function textParameter(context: IExecuteFunctions, name: string, i: number): string {
	return String(itemParameter.call(context, name, i, '') ?? '').trim();
}

/** Sets `key` only when the value is not blank: WeChat reads an empty string as a value. */
export function optional(target: IDataObject, key: string, value: string): void {
	if (value !== '') target[key] = value;
}
