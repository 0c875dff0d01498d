/**
 * sync_msg (读取消息, developer.work.weixin.qq.com/document/path/94670): the messages after a
 * cursor, at most `limit` (default and maximum 1000), `has_more` while more remain. Without a
 * cursor it starts at the oldest message of the last 3 days. Messages sent through send_msg are
 * not in the log (不支持读取通过发送消息接口发送的消息).
 *
 * The Token of a callback is valid for 10 minutes; a call without one is limited strictly (the
 * emulator: 30 a minute per corp, 45009 beyond). Tests can make pages short (`pageSize`) and make
 * the next calls answer empty pages that still say has_more (`emptyPages`), as WeChat may.
 */
import type { Route } from '../../types';
import { bodyObject, int, str } from '../shared';
import type { KfCorp } from './model';
import { fail, ok, OPEN_KFID, reply, type KfState } from './state';

const MAX_LIMIT = 1000;
const THREE_DAYS_MS = 3 * 24 * 3600 * 1000;
const UNTOKENED_PER_MINUTE = 30;

interface Cursor {
	/** The last seq returned. */
	p: number;
	/** The open_kfid the cursor belongs to ('' = all accounts). */
	k: string;
	/** Makes each cursor string new, even for the same position. */
	n: number;
}

let cursorCount = 0;

function encodeCursor(cursor: Omit<Cursor, 'n'>): string {
	return Buffer.from(JSON.stringify({ ...cursor, n: ++cursorCount })).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
	try {
		const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
		return Number.isInteger(value.p) && typeof value.k === 'string' ? value : undefined;
	} catch {
		return undefined;
	}
}

export interface SyncControls {
	/** The most messages one page returns (below `limit`); undefined: only `limit` counts. */
	pageSize?: number;
	/** The next this many calls answer an empty page with has_more 1 and a new cursor at the same place. */
	emptyPages: number;
}

export function syncRoutes(state: KfState, controls: SyncControls): Route[] {
	const { core, kfRoute } = state;

	function checkToken(corp: KfCorp, token: string | undefined): ReturnType<typeof fail> | undefined {
		const now = core.now();
		if (token === undefined || token === '') {
			corp.untokenedSyncs = corp.untokenedSyncs.filter((t) => now - t < 60000);
			if (corp.untokenedSyncs.length >= UNTOKENED_PER_MINUTE) return fail(45009, 'api freq out of limit, sync_msg without token');
			corp.untokenedSyncs.push(now);
			return undefined;
		}
		const known = corp.callbackTokens.get(token);
		// The docs give no code for a wrong or stale Token: the emulator answers 40058 (invalid parameter).
		if (!known) return fail(40058, 'invalid token');
		if (now >= known.expiresAt) return fail(40058, 'token expired');
		return undefined;
	}

	return [
		kfRoute('POST', '/cgi-bin/kf/sync_msg', (ctx, corp) => {
			const body = bodyObject(ctx);
			const tokenError = checkToken(corp, str(body.token));
			if (tokenError) return tokenError;
			const limit = body.limit === undefined ? MAX_LIMIT : int(body.limit);
			if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return fail(40058, 'invalid limit, must be 1..1000');
			const openKfId = str(body.open_kfid) ?? '';
			if (openKfId !== '') {
				if (!OPEN_KFID.test(openKfId)) return fail(95000, 'invalid open_kfid');
				if (!corp.accounts.has(openKfId)) return fail(95004, 'open_kfid not exist');
			}
			let after = 0;
			const given = str(body.cursor);
			if (given) {
				const cursor = decodeCursor(given);
				if (!cursor || cursor.k !== openKfId) return fail(40058, 'invalid cursor');
				after = cursor.p;
			}
			const oldest = Math.floor((core.now() - THREE_DAYS_MS) / 1000);
			const visible = corp.log.filter((entry) => {
				if (entry.seq <= after) return false;
				if (Number(entry.message.send_time) < oldest) return false;
				const message = entry.message;
				const kfid = message.open_kfid ?? (message.event as Record<string, unknown> | undefined)?.open_kfid;
				return openKfId === '' || kfid === openKfId;
			});
			if (controls.emptyPages > 0) {
				controls.emptyPages -= 1;
				return reply(ok({ next_cursor: encodeCursor({ p: after, k: openKfId }), has_more: 1, msg_list: [] }));
			}
			const size = Math.min(limit, controls.pageSize ?? limit);
			const page = visible.slice(0, size);
			const last = page.length > 0 ? page[page.length - 1].seq : Math.max(after, corp.log.at(-1)?.seq ?? 0);
			return reply(
				ok({
					next_cursor: encodeCursor({ p: last, k: openKfId }),
					has_more: visible.length > page.length ? 1 : 0,
					msg_list: page.map((entry) => entry.message),
				}),
			);
		}),
	];
}
