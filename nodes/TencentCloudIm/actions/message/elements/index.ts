/**
 * The message body (MsgBody) of the three send operations, one table keyed by element type that
 * gives the menu, the properties and the builder. Element formats:
 * cloud.tencent.com/document/product/269/2720 (消息格式描述).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { propertiesByType } from '../../../../shared/fields';
import { fail, itemParameter } from '../../../../shared/params';
import { SEND_OPERATIONS } from '../sendOptions';
import { custom } from './custom';
import type { ElementEntry } from './entry';
import { face } from './face';
import { json } from './json';
import { location } from './location';
import { file, image, sound, video } from './media';
import { text } from './text';

/** In the order their properties appear under the Message Type menu. */
const TABLE: Record<string, ElementEntry> = { text, custom, face, location, image, sound, file, video, json };

const show = { resource: ['message'], operation: SEND_OPERATIONS };

export const bodyFields: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: Object.values(TABLE)
			.map(({ name, type, description }) => ({ name, value: type, ...(description ? { description } : {}) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'text',
		displayOptions: { show },
	},
	...propertiesByType(show, 'messageType', Object.values(TABLE)),
];

/** The MsgBody of the item's parameters. */
export function buildMsgBody(this: IExecuteFunctions, i: number): IDataObject[] {
	const type = itemParameter.call(this, 'messageType', i) as string;
	const entry = Object.prototype.hasOwnProperty.call(TABLE, type) ? TABLE[type] : undefined;
	if (!entry) return fail.call(this, i, `Message Type "${type}" is not supported`);
	return entry.build.call(this, i);
}
