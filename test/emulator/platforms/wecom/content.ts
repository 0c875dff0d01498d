/**
 * Message bodies: `{msgtype, [msgtype]: {...}}` as app messages (path/90236), app-chat messages
 * (path/90248) and robot messages (path/91770) share them, and the checks of their parts.
 */
import type { EmulatorResponse } from '../../types';
import { byteLength, isObject, str, truncateBytes } from '../shared';
import type { Corp, WecomMedia } from './model';
import { fail, type Checked } from './state';

export const INTERACTIVE_CARDS = ['button_interaction', 'vote_interaction', 'multiple_interaction'];
export const APP_CARD_TYPES = ['text_notice', 'news_notice', ...INTERACTIVE_CARDS];
export const ROBOT_CARD_TYPES = ['text_notice', 'news_notice'];

type Validate = (msgtype: string, payload: Record<string, unknown>) => EmulatorResponse | undefined;

/**
 * The msgtype of a body (one of `types`) and a copy of the object under it, which `validate`
 * checks and may fix up (truncation).
 */
export function readMessage(
	body: Record<string, unknown>,
	types: string[],
	validate: Validate,
): Checked<{ msgtype: string; payload: Record<string, unknown> }> {
	const msgtype = str(body.msgtype);
	if (!msgtype || !types.includes(msgtype)) return { error: fail(40008, 'invalid message type') };
	const raw = body[msgtype];
	if (!isObject(raw)) return { error: fail(40058, `${msgtype} missing`) };
	const payload: Record<string, unknown> = { ...raw };
	const error = validate(msgtype, payload);
	if (error) return { error };
	return { value: { msgtype, payload } };
}

/** A media_id of `store` (a corp's or a robot's uploads) of the given type. */
export function mediaOf(store: Map<string, WecomMedia>, id: unknown, type: string): Checked<WecomMedia> {
	const mediaId = str(id);
	if (!mediaId) return { error: fail(41006, 'media_id missing') };
	const media = store.get(mediaId);
	// A media_id of another type is as invalid as an unknown one (path/90313, 错误码 40007).
	if (!media || media.type !== type) return { error: fail(40007, 'invalid media_id') };
	return { value: media };
}

export function checkArticles(
	list: unknown,
	each: (article: Record<string, unknown>) => EmulatorResponse | undefined,
): EmulatorResponse | undefined {
	if (!Array.isArray(list) || list.length === 0) return fail(41016, 'articles missing');
	// 一个图文消息支持1到8条图文 (path/90236).
	if (list.length > 8) return fail(45008, 'article size out of limit');
	for (const article of list) {
		if (!isObject(article)) return fail(40058, 'invalid article');
		const error = each(article);
		if (error) return error;
	}
	return undefined;
}

export function checkTemplateCard(card: Record<string, unknown>, allowed: string[]): EmulatorResponse | undefined {
	const cardType = str(card.card_type);
	if (!cardType || !allowed.includes(cardType)) return fail(40058, 'template_card.card_type invalid');
	const mainTitle = isObject(card.main_title) ? card.main_title : {};
	if (cardType === 'text_notice' && !str(mainTitle.title) && !str(card.sub_title_text)) {
		// path/90236 文本通知型: main_title.title 和 sub_title_text 必须有一项填写.
		return fail(40058, 'template_card.main_title.title or sub_title_text required');
	}
	if ((cardType === 'text_notice' || cardType === 'news_notice') && !isObject(card.card_action)) {
		return fail(40058, 'template_card.card_action required');
	}
	if (INTERACTIVE_CARDS.includes(cardType) && !str(card.task_id)) {
		return fail(40058, 'template_card.task_id required');
	}
	return undefined;
}

/**
 * Validates the message object of one msgtype of an app or app-chat message. `textOverflow` says
 * what an over-long text does: message/send truncates it (path/90236: 超过将截断), appchat/send
 * refuses it with 45002.
 */
export function checkMessage(
	corp: Corp,
	body: Record<string, unknown>,
	allowedTypes: string[],
	textOverflow: 'truncate' | 'reject',
): Checked<{ msgtype: string; payload: Record<string, unknown>; truncated: boolean }> {
	let truncated = false;
	const checked = readMessage(body, allowedTypes, (msgtype, payload) => {
		switch (msgtype) {
			case 'text': {
				const content = str(payload.content);
				if (!content) return fail(44004, 'empty content');
				if (byteLength(content) > 2048) {
					if (textOverflow === 'reject') return fail(45002, 'content size out of limit');
					payload.content = truncateBytes(content, 2048);
					truncated = true;
				}
				return undefined;
			}
			case 'markdown': {
				const content = str(payload.content);
				if (!content) return fail(44004, 'empty content');
				if (byteLength(content) > 2048) return fail(45002, 'content size out of limit');
				return undefined;
			}
			case 'image':
			case 'voice':
			case 'video':
			case 'file': {
				const media = mediaOf(corp.media, payload.media_id, msgtype);
				if (media.error) return media.error;
				if (msgtype === 'video') {
					// path/90236 视频消息: title 不超过128个字节, description 不超过512个字节, 超过会自动截断.
					if (typeof payload.title === 'string') payload.title = truncateBytes(payload.title, 128);
					if (typeof payload.description === 'string') payload.description = truncateBytes(payload.description, 512);
				}
				return undefined;
			}
			case 'textcard': {
				if (!str(payload.title)) return fail(41016, 'title missing');
				if (!str(payload.description)) return fail(41033, 'description missing');
				if (!str(payload.url)) return fail(41010, 'url missing');
				payload.title = truncateBytes(String(payload.title), 128);
				payload.description = truncateBytes(String(payload.description), 512);
				return undefined;
			}
			case 'news':
				return checkArticles(payload.articles, (a) => {
					if (!str(a.title)) return fail(41016, 'title missing');
					// 小程序或者url必须填写一个 (path/90236 图文消息).
					if (!str(a.url) && !str(a.appid)) return fail(41010, 'url missing');
					return undefined;
				});
			case 'mpnews':
				return checkArticles(payload.articles, (a) => {
					if (!str(a.title)) return fail(41016, 'title missing');
					const thumb = mediaOf(corp.media, a.thumb_media_id, 'image');
					if (thumb.error) return thumb.error;
					if (!str(a.content)) return fail(44004, 'empty content');
					return undefined;
				});
			case 'miniprogram_notice': {
				if (!str(payload.appid)) return fail(90200, 'appid missing');
				if (!str(payload.title)) return fail(41016, 'title missing');
				if (Array.isArray(payload.content_item) && payload.content_item.length > 10) {
					return fail(90201, 'content_item size out of limit');
				}
				return undefined;
			}
			case 'template_card':
				return checkTemplateCard(payload, APP_CARD_TYPES);
			default:
				return fail(40008, 'invalid message type');
		}
	});
	if (checked.error) return { error: checked.error };
	return { value: { ...checked.value, truncated } };
}
