/**
 * 客服消息: message/custom/send and message/custom/typing.
 * developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage.html and
 * api_typing.html. A follower may be sent messages only after an action of theirs, and only so
 * many (state.ts `interact`): 45015 outside the window, 45047 over the count.
 */
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, byteLength, isObject, str } from '../shared';
import { anyMedia } from './media';
import type { Account, OfficialAccountState } from './state';
import { fail, ok } from './state';

// Not documented; WeCom's text cap, and what SDKs check. Where the emulator guesses (README).
const TEXT_MAX_BYTES = 2048;
const TYPING_MS = 15 * 1000;
const TYPING_NEEDS_INTERACTION_MS = 30 * 1000;

type Check = (payload: Record<string, unknown>, acc: Account) => EmulatorResponse | undefined;

const missing = (field: string) => fail(47003, `argument invalid! data.${field} is empty`);

export function messageRoutes(state: OfficialAccountState): Route[] {
	const media = (field: string, types: string[], required = true): Check => (payload, acc) => {
		if (payload[field] === undefined || payload[field] === '') return required ? fail(40007, `invalid media_id (${field} missing)`) : undefined;
		return anyMedia(state, acc, payload[field], types) ? undefined : fail(40007, 'invalid media_id');
	};
	const required = (...fields: string[]): Check => (payload) => {
		for (const field of fields) if (!str(payload[field])) return missing(field);
		return undefined;
	};
	const all = (...checks: Check[]): Check => (payload, acc) => {
		for (const check of checks) {
			const error = check(payload, acc);
			if (error) return error;
		}
		return undefined;
	};

	// The body of each msgtype, as the send page lists them.
	const TYPES: Record<string, Check> = {
		text: (payload) => {
			const content = str(payload.content) ?? '';
			if (content === '') return fail(44004, 'empty content');
			if (byteLength(content) > TEXT_MAX_BYTES) return fail(45002, 'content size out of limit');
			return undefined;
		},
		image: media('media_id', ['image']),
		voice: media('media_id', ['voice']),
		video: all(media('media_id', ['video']), media('thumb_media_id', ['thumb', 'image'], false)),
		music: all(required('musicurl', 'hqmusicurl'), media('thumb_media_id', ['thumb', 'image'])),
		// 图文消息条数限制在1条以内，注意，如果图文数超过1，则将会返回错误码45008.
		news: (payload) => {
			const articles = Array.isArray(payload.articles) ? payload.articles : [];
			if (articles.length === 0) return missing('articles');
			if (articles.length > 1) return fail(45008, 'article size out of limit');
			const [article] = articles as Array<Record<string, unknown>>;
			return isObject(article) && str(article.title) && str(article.url) ? undefined : missing('articles.title');
		},
		mpnews: (payload, acc) => (str(payload.media_id) && acc.drafts.has(String(payload.media_id)) ? undefined : fail(40007, 'invalid media_id')),
		mpnewsarticle: (payload, acc) =>
			[...acc.publications.values()].some((p) => p.article_id && p.article_id === payload.article_id) ? undefined : fail(53600, 'invalid article_id'),
		msgmenu: (payload) => {
			const list = Array.isArray(payload.list) ? payload.list : [];
			if (list.length === 0) return missing('list');
			return list.every((entry) => isObject(entry) && str(entry.id) && str(entry.content)) ? undefined : missing('list.content');
		},
		miniprogrampage: all(required('title', 'appid', 'pagepath'), media('thumb_media_id', ['thumb', 'image'])),
	};

	/** The follower the message goes to, and the allowance their last action gave. */
	function recipient(acc: Account, touser: unknown): EmulatorResponse | string {
		const openid = str(touser);
		const follower = openid ? acc.followers.get(openid) : undefined;
		if (!openid || !follower) return fail(40003, 'invalid openid');
		if (follower.subscribe !== 1) return fail(45015, 'response out of time limit or subscription is canceled');
		return openid;
	}

	return [
		state.appRoute('POST', '/cgi-bin/message/custom/send', (ctx, acc) => {
			const body = bodyObject(ctx);
			if (Object.keys(body).length === 0) return fail(44002, 'empty post data');
			const to = recipient(acc, body.touser);
			if (typeof to !== 'string') return to;
			const msgtype = str(body.msgtype) ?? '';
			const check = Object.prototype.hasOwnProperty.call(TYPES, msgtype) ? TYPES[msgtype] : undefined;
			if (!check) return fail(40008, 'invalid message type');
			const payload = body[msgtype];
			if (!isObject(payload)) return missing(msgtype);
			const error = check(payload, acc);
			if (error) return error;
			const now = state.core.now();
			const allowance = acc.allowances.get(to);
			if (!allowance || allowance.until <= now) return fail(45015, 'response out of time limit or subscription is canceled');
			if (allowance.remaining <= 0) return fail(45047, 'out of response count limit');
			allowance.remaining -= 1;
			acc.typing.delete(to);
			state.recordMessage({ kind: 'custom', appId: acc.app.appId, to, msgtype, payload, body });
			return ok();
		}),

		state.appRoute('POST', '/cgi-bin/message/custom/typing', (ctx, acc) => {
			const body = bodyObject(ctx);
			const to = recipient(acc, body.touser);
			if (typeof to !== 'string') return to;
			const command = str(body.command);
			if (command !== 'Typing' && command !== 'CancelTyping') return fail(45072, 'command invalid');
			const now = state.core.now();
			if (command === 'CancelTyping') {
				acc.typing.delete(to);
				return ok();
			}
			const allowance = acc.allowances.get(to);
			if (!allowance || now - allowance.lastAt > TYPING_NEEDS_INTERACTION_MS) {
				return fail(45080, 'has not interacted with the user in the last 30 seconds');
			}
			if ((acc.typing.get(to) ?? 0) > now) return fail(45081, 'already in typing status');
			acc.typing.set(to, now + TYPING_MS);
			return ok();
		}),
	];
}

/** Whether "typing" shows for a follower now (for tests). */
export function isTyping(state: OfficialAccountState, acc: Account, openid: string): boolean {
	return (acc.typing.get(openid) ?? 0) > state.core.now();
}
