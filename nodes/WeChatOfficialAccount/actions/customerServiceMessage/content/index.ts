/**
 * The body of a customer service message (message/custom/send,
 * developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage.html):
 * `{ msgtype, [msgtype]: {...} }`. One table keyed by msgtype gives the menu, the properties and
 * the builder, so they cannot drift apart.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../../shared/fields';
import { propertiesByType } from '../../../../shared/fields';
import { fail, itemParameter } from '../../../../shared/params';
import type { BuiltContent, MessageType, MessageTypeEntry } from './entry';
import { image, video, voice } from './media';
import { miniprogrampage, mpnews, mpnewsarticle, msgmenu, music, news, text } from './rich';

export type { BuiltContent, MessageType } from './entry';

/** In the order their properties appear under the Message Type menu. */
const TABLE: Record<MessageType, MessageTypeEntry> = {
	text,
	image,
	voice,
	video,
	music,
	news,
	mpnews,
	mpnewsarticle,
	msgmenu,
	miniprogrampage,
};

/** The Message Type menu and the properties of every type, shown where `show` applies. */
export function contentDescription(show: Show): INodeProperties[] {
	const entries = Object.values(TABLE);
	return [
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			options: entries.map(({ name, type }) => ({ name, value: type })).sort((a, b) => a.name.localeCompare(b.name)),
			default: 'text',
			displayOptions: { show },
		},
		...propertiesByType(show, 'messageType', entries),
	];
}

/** Reads the content parameters of item `i` and builds `{ msgtype, [msgtype]: {...} }`. */
export async function buildContent(this: IExecuteFunctions, i: number): Promise<BuiltContent> {
	const type = itemParameter.call(this, 'messageType', i) as MessageType;
	const entry = Object.prototype.hasOwnProperty.call(TABLE, type) ? TABLE[type] : undefined;
	if (!entry) return fail.call(this, i, `Message Type "${String(type)}" is not supported`);
	return await entry.build.call(this, i);
}
