/**
 * sync_msg (developer.work.weixin.qq.com/document/path/94670, 读取消息): one page, and every page
 * from a cursor to the end. A page may hold fewer messages than asked, none at all, and still say
 * has_more: only has_more ends the loop, never an empty msg_list.
 */
import type { IDataObject } from 'n8n-workflow';
import type { RequestContext } from '../shared/request';
import { kfRequest } from './transport';

/** limit: 默认值和最大值都为1000 (path/94670). */
export const SYNC_MAX_LIMIT = 1000;

export interface SyncRequest {
	/** The previous page's next_cursor; none: from the oldest message of the last 3 days. */
	cursor?: string;
	/** The callback's Token (valid 10 minutes). Without it WeChat limits sync_msg strictly. */
	token?: string;
	openKfId?: string;
	limit?: number;
	/** 0 AMR (default), 1 Silk. */
	voiceFormat?: number;
	itemIndex?: number;
}

export interface SyncPage {
	messages: IDataObject[];
	/** The cursor to continue from: the page's next_cursor, or the one sent when it gave none. */
	nextCursor: string;
	hasMore: boolean;
}

/** POST /cgi-bin/kf/sync_msg: one page. A read, so it may be sent again after a lost answer. */
export async function syncPage(this: RequestContext, request: SyncRequest): Promise<SyncPage> {
	const body: IDataObject = { limit: Math.min(SYNC_MAX_LIMIT, Math.max(1, Math.floor(request.limit ?? SYNC_MAX_LIMIT))) };
	if (request.cursor) body.cursor = request.cursor;
	if (request.token) body.token = request.token;
	if (request.openKfId) body.open_kfid = request.openKfId;
	if (request.voiceFormat !== undefined) body.voice_format = request.voiceFormat;
	const response = await kfRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/kf/sync_msg',
		body,
		itemIndex: request.itemIndex,
		safeToResend: true,
	});
	const list = Array.isArray(response.msg_list) ? (response.msg_list as IDataObject[]) : [];
	const next = typeof response.next_cursor === 'string' && response.next_cursor !== '' ? response.next_cursor : request.cursor ?? '';
	return { messages: list, nextCursor: next, hasMore: Number(response.has_more) === 1 || response.has_more === true };
}

/** The most pages one drain reads: 100 000 messages; the rest comes with the next callback. */
export const MAX_PAGES = 100;
/** Empty pages that say has_more but hand back the same cursor: after these, stop instead of spinning. */
const MAX_STALLED_PAGES = 5;

export interface Drained {
	messages: IDataObject[];
	/** Where the next drain starts. */
	cursor: string;
	pages: number;
}

/**
 * Every page from `request.cursor` on, while has_more says so (an empty page with has_more is
 * followed, not taken for the end). A failed page fails the whole drain: the caller keeps its
 * cursor, so nothing read here is lost or skipped.
 */
export async function drain(this: RequestContext, request: SyncRequest): Promise<Drained> {
	const messages: IDataObject[] = [];
	let cursor = request.cursor ?? '';
	let stalled = 0;
	let pages = 0;
	while (pages < MAX_PAGES) {
		const page = await syncPage.call(this, { ...request, cursor, limit: SYNC_MAX_LIMIT });
		pages++;
		messages.push(...page.messages);
		const advanced = page.nextCursor !== cursor;
		cursor = page.nextCursor;
		if (!page.hasMore) break;
		stalled = page.messages.length === 0 && !advanced ? stalled + 1 : 0;
		if (stalled >= MAX_STALLED_PAGES) break;
	}
	return { messages, cursor, pages };
}
