/**
 * What the WeChat KF Trigger does after it has acknowledged a callback: WeChat KF's callback
 * (kf_msg_or_event, developer.work.weixin.qq.com/document/path/94670) carries no message, only a
 * Token valid for 10 minutes and the OpenKfId whose messages wait. The trigger reads them itself
 * with sync_msg from the cursor it keeps per open_kfid, and emits each message once:
 *
 * - Callbacks for one open_kfid run one after the other in this process; the second continues
 *   from the cursor the first left, kept in memory as well as in the workflow's static data (so it
 *   survives a restart: n8n saves static data after webhook() returns).
 * - The msgids emitted are remembered (bounded, per process): a page that overlaps an earlier one
 *   never emits a message twice.
 * - A drain that fails leaves the cursor where it was and fails the callback (n8n answers 500, so
 *   WeChat resends it and the next drain reads the same messages). The callback is acknowledged
 *   only once n8n has stored the execution; when it could not, the drain is undone.
 * - Several webhook processes (queue mode) each keep their own cursor and memory: route this
 *   trigger's path to one of them (README, "Running several n8n processes").
 * - Messages older than the workflow's activation are not emitted unless "Include the Last 3
 *   Days" is on (without a cursor sync_msg starts at the oldest message of the last 3 days).
 * - A callback to the Test URL (the editor listening) emits the messages of that callback only and
 *   never moves the production cursor.
 *
 * "Once" holds per n8n process: the webhook context has no shared store to keep a cursor in with
 * a lock (static data is saved whole, last writer wins, and only when an execution ends).
 */
import type { IDataObject, IHookFunctions, INodeType, IWebhookFunctions } from 'n8n-workflow';
import type { WxCallback } from '../shared/wechat/trigger';
import type { MessageFilter } from './messages';
import { readableMessage, wanted } from './messages';
import { drain } from './sync';

/** Clock skew and whole-second send times: a message this close before the activation still counts. */
const ACTIVATION_SLACK_SECONDS = 5;
/** Test URL: messages sent this long before the callback was made count as "of this callback". */
const TEST_WINDOW_SECONDS = 60;
/** Without an activation time (static data lost): treat the first callback's time, less this, as it. */
const FALLBACK_LOOKBACK_MS = 60 * 1000;
const MAX_SEEN_IDS = 10000;
const MAX_CURSORS = 10000;

/** msgids per open_kfid kept in static data, for the other n8n processes (queue mode). */
const MAX_SHARED_IDS = 500;

/**
 * The node's static data: when the workflow was activated, and per open_kfid the cursor, how many
 * drains have moved it (`seqs`), and the msgids emitted last (`recent`). n8n loads it from the
 * database for every callback and saves it when it answers (live-webhooks), so a webhook process
 * continues from where another one left, unless the two handle callbacks at the same moment.
 */
interface Stored {
	activatedAt?: number;
	cursors?: Record<string, string>;
	seqs?: Record<string, number>;
	recent?: Record<string, string[]>;
}

// Per process: the cursor each open_kfid reached (and its seq), the msgids emitted, and the drain under way.
const cursors = new Map<string, string>();
const cursorSeqs = new Map<string, number>();
const seen = new Map<string, Set<string>>();
const running = new Map<string, Promise<unknown>>();

function scopeOf(context: IWebhookFunctions, test: boolean): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}\u0000${node.id ?? node.name}\u0000${test ? 'test' : 'production'}`;
}

/** Runs `task` after every earlier task of `key` has ended, whatever their outcome. */
async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = running.get(key) ?? Promise.resolve();
	const result = previous.then(task, task);
	const settled = result.then(
		() => undefined,
		() => undefined,
	);
	running.set(key, settled);
	try {
		return await result;
	} finally {
		if (running.get(key) === settled) running.delete(key);
	}
}

function remember(key: string, cursor: string, seq: number): void {
	cursors.delete(key);
	cursors.set(key, cursor);
	cursorSeqs.set(key, seq);
	while (cursors.size > MAX_CURSORS) {
		const oldest = cursors.keys().next().value as string;
		cursors.delete(oldest);
		cursorSeqs.delete(oldest);
	}
}

function seenIn(scope: string): Set<string> {
	let ids = seen.get(scope);
	if (!ids) {
		ids = new Set();
		seen.set(scope, ids);
	}
	return ids;
}

function markSeen(ids: Set<string>, id: string): void {
	ids.add(id);
	while (ids.size > MAX_SEEN_IDS) ids.delete(ids.values().next().value as string);
}

function stored(context: IWebhookFunctions | IHookFunctions): Stored & IDataObject {
	return context.getWorkflowStaticData('node') as Stored & IDataObject;
}

/**
 * Activation is recorded in the webhook lifecycle n8n runs when it registers the workflow's
 * webhooks (publish, and every start: then an existing time is kept, so messages that arrived
 * while n8n was down still count) and cleared when it removes them (unpublish). The editor's
 * Test URL runs the same methods in mode "manual": they leave production's record alone.
 */
export const activationMethods: INodeType['webhookMethods'] = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return false;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			if (this.getMode() === 'manual') return true;
			const data = stored(this);
			if (typeof data.activatedAt !== 'number') data.activatedAt = Date.now();
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			if (this.getMode() === 'manual') return true;
			const data = stored(this);
			if (data.activatedAt !== undefined) delete data.activatedAt;
			return true;
		},
	},
};

export interface InboxOptions {
	filter: MessageFilter;
	includeLast3Days: boolean;
}

/** The earliest send_time (seconds) a message may have to be emitted, or undefined for any. */
function cutoff(context: IWebhookFunctions, test: boolean, callbackTime: number, options: InboxOptions): number | undefined {
	if (test) return callbackTime - TEST_WINDOW_SECONDS;
	if (options.includeLast3Days) return undefined;
	const data = stored(context);
	if (typeof data.activatedAt !== 'number') data.activatedAt = Date.now() - FALLBACK_LOOKBACK_MS;
	return Math.floor(data.activatedAt / 1000) - ACTIVATION_SLACK_SECONDS;
}

/**
 * The items of one callback: the new messages of its open_kfid that pass the filters, in the
 * order sync_msg returned them; none for a callback that is not kf_msg_or_event.
 */
export async function inboxItems(
	this: IWebhookFunctions,
	callback: WxCallback,
	options: InboxOptions,
): Promise<IDataObject[]> {
	const fields = callback.fields;
	if (fields.MsgType !== 'event' || fields.Event !== 'kf_msg_or_event') return [];
	const token = typeof fields.Token === 'string' ? fields.Token.trim() : '';
	const openKfId = typeof fields.OpenKfId === 'string' ? fields.OpenKfId.trim() : '';
	const createTime = Number(fields.CreateTime);
	const callbackTime = Number.isFinite(createTime) && createTime > 0 ? createTime : Math.floor(Date.now() / 1000);
	const test = this.getMode() === 'manual';
	const scope = scopeOf(this, test);
	const key = `${scope}\u0000${openKfId}`;
	const productionKey = `${scopeOf(this, false)}\u0000${openKfId}`;

	return await oneAtATime(key, async () => {
		const data = stored(this);
		// The stored cursor wins when another process moved it after this one last did.
		const storedCursor = test ? undefined : data.cursors?.[openKfId];
		const storedSeq = data.seqs?.[openKfId] ?? 0;
		const memoryCursor = cursors.get(key) ?? cursors.get(productionKey);
		const memorySeq = cursorSeqs.get(key) ?? -1;
		const fromStore = storedCursor !== undefined && (memoryCursor === undefined || storedSeq > memorySeq);
		const start = (fromStore ? storedCursor : memoryCursor ?? storedCursor) ?? '';
		const startSeq = fromStore ? storedSeq : Math.max(memorySeq, 0);
		const drained = await drain.call(this, { cursor: start, token, openKfId: openKfId || undefined });
		const since = cutoff(this, test, callbackTime, options);
		const ids = seenIn(scope);
		const shared = new Set(test ? [] : data.recent?.[openKfId] ?? []);
		const items: IDataObject[] = [];
		const emitted: string[] = [];
		for (const message of drained.messages) {
			const id = typeof message.msgid === 'string' ? message.msgid : '';
			if (id && (ids.has(id) || shared.has(id))) continue;
			const sendTime = Number(message.send_time);
			if (since !== undefined && Number.isFinite(sendTime) && sendTime < since) continue;
			if (!wanted(message, options.filter)) continue;
			if (id) {
				markSeen(ids, id);
				emitted.push(id);
			}
			items.push(readableMessage(message));
		}
		const seq = Math.max(startSeq, storedSeq) + 1;
		remember(key, drained.cursor, seq);
		if (!test && (drained.cursor !== (data.cursors?.[openKfId] ?? '') || emitted.length > 0)) {
			// The static data was loaded when this callback arrived and is saved whole, over what a
			// concurrent callback for another open_kfid saved meanwhile: every cursor this process
			// moved later than the stored one goes back in.
			const all: Record<string, string> = { ...(data.cursors ?? {}) };
			const seqs: Record<string, number> = { ...(data.seqs ?? {}) };
			for (const [k, cursor] of cursors) {
				if (!k.startsWith(`${scope}\u0000`)) continue;
				const id = k.slice(scope.length + 1);
				const mine = cursorSeqs.get(k) ?? 0;
				if (id === openKfId || mine > (seqs[id] ?? 0)) {
					all[id] = cursor;
					seqs[id] = mine;
				}
			}
			data.cursors = all;
			data.seqs = seqs;
			if (emitted.length > 0) {
				data.recent = { ...(data.recent ?? {}), [openKfId]: [...shared, ...emitted].slice(-MAX_SHARED_IDS) };
			}
		}
		return items;
	});
}

/** For tests: forget every cursor, msgid and drain of this process. */
export function clearInbox(): void {
	cursors.clear();
	cursorSeqs.clear();
	seen.clear();
	running.clear();
}
