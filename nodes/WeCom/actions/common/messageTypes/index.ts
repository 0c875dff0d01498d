/**
 * The message body shared by Message → Send (message/send, developer.work.weixin.qq.com/document/path/90236)
 * and App Chat → Send (appchat/send, document/path/90248): both take `{ msgtype, [msgtype]: {...} }`
 * with the same shapes, and app chats accept a subset of the types. One table keyed by msgtype
 * gives the menu, the properties and the builder, so they cannot drift apart.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../../shared/fields';
import { propertiesByType } from '../../../../shared/fields';
import { fail, itemParameter } from '../../../../shared/params';
import { file, image, video, voice } from './attachment';
import type { BuiltContent, MessageType, MessageTypeEntry } from './entry';
import { markdown } from './markdown';
import { miniprogramNotice } from './miniprogramNotice';
import { mpnews } from './mpnews';
import { news } from './news';
import { templateCard } from './templateCard';
import { text } from './text';
import { textcard } from './textcard';

export type { BuiltContent, MessageType } from './entry';

/** In the order their properties appear under the Message Type menu. */
const TABLE: Record<MessageType, MessageTypeEntry> = {
	text,
	markdown,
	image,
	voice,
	video,
	file,
	textcard,
	news,
	mpnews,
	miniprogram_notice: miniprogramNotice,
	template_card: templateCard,
};

export const APP_MESSAGE_TYPES = Object.keys(TABLE) as MessageType[];

/** appchat/send takes no mini program notice and no template card (document/path/90248). */
export const APP_CHAT_MESSAGE_TYPES = APP_MESSAGE_TYPES.filter(
	(type) => type !== 'miniprogram_notice' && type !== 'template_card',
);

/** The Message Type menu and the properties of `types`, shown where `show` applies. */
export function messageContentDescription(show: Show, types: MessageType[]): INodeProperties[] {
	const entries = APP_MESSAGE_TYPES.filter((type) => types.includes(type)).map((type) => TABLE[type]);
	return [
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			options: entries
				.map(({ name, type }) => ({ name, value: type }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: 'text',
			displayOptions: { show },
		},
		...propertiesByType(show, 'messageType', entries),
	];
}

/** Reads the content parameters of item `i` and builds `{ msgtype, [msgtype]: {...} }`. */
export async function buildMessageContent(this: IExecuteFunctions, i: number): Promise<BuiltContent> {
	const type = itemParameter.call(this, 'messageType', i) as MessageType;
	const entry = Object.prototype.hasOwnProperty.call(TABLE, type) ? TABLE[type] : undefined;
	if (!entry) return fail.call(this, i, `Message Type "${String(type)}" is not supported here`);
	return await entry.build.call(this, i);
}
