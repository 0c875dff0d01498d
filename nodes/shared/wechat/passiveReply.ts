/**
 * Passive replies of the WeChat family: the XML a callback is answered with, plain or in the
 * encrypted envelope. One table keyed by message type; a product offers the types it has
 * (WeCom: text, image, voice, video, news; the Official Account adds music).
 * Formats: developer.work.weixin.qq.com/document/path/90241 (被动回复消息格式) and
 * developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html.
 */
import { wxEncrypt, wxSignature } from '../crypto';
import { buildXml } from '../xml';
import type { WxCallbackKeys } from './callback';

export type WxReplyType = 'text' | 'image' | 'voice' | 'video' | 'music' | 'news';

export interface WxReply {
	type: WxReplyType;
	/** text */
	content?: string;
	/** image, voice, video */
	mediaId?: string;
	/** video, music */
	title?: string;
	description?: string;
	/** music */
	musicUrl?: string;
	hqMusicUrl?: string;
	thumbMediaId?: string;
	/** news: title, description, url, picUrl each */
	articles?: Array<Record<string, unknown>>;
}

/** A reply that cannot be built; the message names the field, for the node to show as it is. */
export class ReplyInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReplyInputError';
	}
}

/** Both formats cap a text reply at 2048 bytes (UTF-8). */
export const TEXT_LIMIT_BYTES = 2048;
export const MAX_ARTICLES = 8;

function required(value: string | undefined, field: string): string {
	if (!value) throw new ReplyInputError(`${field}: required`);
	return value;
}

const BODIES: Record<WxReplyType, (reply: WxReply) => Record<string, unknown>> = {
	text: ({ content = '' }) => {
		if (!content) throw new ReplyInputError('Content: the text is empty');
		const bytes = Buffer.byteLength(content, 'utf8');
		if (bytes > TEXT_LIMIT_BYTES) throw new ReplyInputError(`Content: at most ${TEXT_LIMIT_BYTES} bytes (UTF-8), got ${bytes}`);
		return { Content: content };
	},
	image: (reply) => ({ Image: { MediaId: required(reply.mediaId, 'Media ID') } }),
	voice: (reply) => ({ Voice: { MediaId: required(reply.mediaId, 'Media ID') } }),
	video: (reply) => ({
		Video: { MediaId: required(reply.mediaId, 'Media ID'), Title: reply.title ?? '', Description: reply.description ?? '' },
	}),
	music: (reply) => ({
		Music: {
			Title: reply.title ?? '',
			Description: reply.description ?? '',
			MusicUrl: reply.musicUrl ?? '',
			HQMusicUrl: reply.hqMusicUrl ?? '',
			ThumbMediaId: required(reply.thumbMediaId, 'Thumb Media ID'),
		},
	}),
	news: ({ articles = [] }) => {
		if (articles.length < 1 || articles.length > MAX_ARTICLES) {
			throw new ReplyInputError(`Articles: 1 to ${MAX_ARTICLES} articles, got ${articles.length}`);
		}
		return {
			ArticleCount: articles.length,
			Articles: {
				item: articles.map((a) => ({
					Title: String(a.title ?? ''),
					Description: String(a.description ?? ''),
					PicUrl: String(a.picUrl ?? ''),
					Url: String(a.url ?? ''),
				})),
			},
		};
	},
};

/** The plaintext reply XML: to the user who wrote, from the account (Corp ID, or the account's original ID). */
export function passiveReplyXml(
	reply: WxReply,
	envelope: { toUser: string; fromUser: string; createTime: number },
): string {
	const body = Object.prototype.hasOwnProperty.call(BODIES, reply.type) ? BODIES[reply.type] : undefined;
	if (!body) throw new ReplyInputError(`Reply Type "${String(reply.type)}" is not supported`);
	return buildXml({
		ToUserName: envelope.toUser,
		FromUserName: envelope.fromUser,
		CreateTime: envelope.createTime,
		MsgType: reply.type,
		...body(reply),
	});
}

/** The encrypted passive-reply envelope for a plaintext reply XML (throws CryptoInputError on a bad key). */
export function encryptReply(
	keys: WxCallbackKeys,
	replyXml: string,
	timestamp: string | number = Math.floor(Date.now() / 1000),
	nonce: string = String(Math.floor(Math.random() * 1e10)),
): string {
	const encrypt = wxEncrypt(keys.encodingAesKey, keys.receiveId, replyXml);
	return buildXml({
		Encrypt: encrypt,
		MsgSignature: wxSignature(keys.token, timestamp, nonce, encrypt),
		TimeStamp: Number(timestamp),
		Nonce: nonce,
	});
}

/**
 * What to answer a callback with: the plain XML to a plaintext callback, the envelope to an
 * encrypted one (in compatible mode the platform reads either; it answers in the callback's kind).
 */
export function passiveReplyBody(keys: WxCallbackKeys, replyXml: string, encrypted: boolean, timestamp?: number): string {
	return encrypted ? encryptReply(keys, replyXml, timestamp) : replyXml;
}
