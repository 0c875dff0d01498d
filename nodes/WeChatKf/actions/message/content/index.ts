/**
 * The message bodies of send_msg (developer.work.weixin.qq.com/document/path/94677) and, for text
 * and menus, send_msg_on_event (path/95122): one table keyed by msgtype gives the menu, the
 * properties and the builder, so they cannot drift apart.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../../shared/fields';
import { propertiesByType } from '../../../../shared/fields';
import { fail, itemParameter } from '../../../../shared/params';
import { file, image, video, voice } from './attachment';
import { link, miniprogram } from './cards';
import type { BuiltContent, ContentEntry, KfMessageType } from './entry';
import { msgmenu } from './menu';
import { businessCard, caLink, location } from './simple';
import { text } from './text';

export type { BuiltContent, KfMessageType } from './entry';

/** In the order their properties appear under the Message Type menu. */
const TABLE: Record<KfMessageType, ContentEntry> = {
	text,
	image,
	voice,
	video,
	file,
	link,
	miniprogram,
	msgmenu,
	location,
	business_card: businessCard,
	ca_link: caLink,
};

export const SEND_TYPES = Object.keys(TABLE) as KfMessageType[];

/** send_msg_on_event takes text and menus (path/95122). */
export const EVENT_REPLY_TYPES: KfMessageType[] = ['text', 'msgmenu'];

/** The Message Type menu and the properties of `types`, shown where `show` applies. */
export function contentDescription(show: Show, types: KfMessageType[]): INodeProperties[] {
	const entries = SEND_TYPES.filter((type) => types.includes(type)).map((type) => TABLE[type]);
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

/** Reads item `i`'s content and builds `{ msgtype, [msgtype]: {...} }`, for one of `types`. */
export async function buildContent(this: IExecuteFunctions, i: number, types: KfMessageType[]): Promise<BuiltContent> {
	const type = itemParameter.call(this, 'messageType', i, 'text') as KfMessageType;
	if (!types.includes(type) || !Object.prototype.hasOwnProperty.call(TABLE, type)) {
		return fail.call(this, i, `Message Type "${String(type)}" is not supported here`);
	}
	return await TABLE[type].build.call(this, i);
}
