/**
 * The state of the WeCom platform (corps with their apps, directory, tags, chats and media; group
 * robots; the app messages sent, for recall) and the helpers the resource modules share: the
 * {errcode, errmsg} answers, the token → app lookup and `appRoute`, which every access_token route
 * is declared with.
 */
import { createHash } from 'crypto';
import type { EmulatorCore } from '../../core';
import type { EmulatorResponse, HttpMethod, Route, RouteContext } from '../../types';
import { hint, int } from '../shared';
import type { Corp, Robot, WecomApp, WecomAppOptions, WecomMessage, WecomRobotOptions, WecomUser } from './model';

export const PLATFORM = 'wecom';

export function wecomError(code: number, message: string): { errcode: number; errmsg: string } {
	// The shape of WeCom's errmsg: callers must branch on errcode, never on this text.
	return {
		errcode: code,
		errmsg: `${message}, hint: [${hint()}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`,
	};
}

export function ok(extra: Record<string, unknown> = {}, errmsg = 'ok'): Record<string, unknown> {
	return { errcode: 0, errmsg, ...extra };
}

export const reply = (body: unknown): EmulatorResponse => ({ body });
export const fail = (code: number, message: string): EmulatorResponse => reply(wecomError(code, message));

export type Checked<T> = { value: T; error?: undefined } | { error: EmulatorResponse; value?: undefined };

export function openidOf(corpId: string, userid: string): string {
	return `o${createHash('sha1').update(`${corpId}\u0000${userid.toLowerCase()}`).digest('base64url').slice(0, 27)}`;
}

/** A route's handler, given the corp and app its access_token was issued to. */
export type AppHandler = (ctx: RouteContext, corp: Corp, app: WecomApp) => EmulatorResponse;

export function createWecomState(core: EmulatorCore) {
	const corps = new Map<string, Corp>();
	const robots = new Map<string, Robot>();
	const sent = new Map<string, WecomMessage>();

	function corpOf(corpId: string): Corp {
		let corp = corps.get(corpId);
		if (!corp) {
			corp = {
				corpId,
				apps: new Map(),
				users: new Map(),
				departments: new Map([[1, { id: 1, name: corpId, parentid: 0 }]]),
				tagSeeds: [],
				tags: new Map(),
				chats: new Map(),
				media: new Map(),
			};
			corps.set(corpId, corp);
		}
		return corp;
	}

	function seedTags(corp: Corp): void {
		corp.tags.clear();
		let next = 1;
		for (const seed of corp.tagSeeds) {
			const tagid = seed.tagid ?? next;
			next = Math.max(next, tagid + 1);
			corp.tags.set(tagid, {
				tagid,
				tagname: seed.tagname,
				users: new Set((seed.userlist ?? []).map((u) => u.toLowerCase())),
				parties: new Set(seed.partylist ?? []),
			});
		}
	}

	function addApp(options: WecomAppOptions): WecomApp {
		const corp = corpOf(options.corpId);
		if (corp.apps.has(options.agentId)) throw new Error(`Agent ${options.agentId} already exists in ${options.corpId}`);
		for (const other of corp.apps.values()) {
			if (other.corpSecret === options.corpSecret) throw new Error('Two apps of one corp cannot share a secret');
		}
		const app: WecomApp = {
			corpId: options.corpId,
			corpSecret: options.corpSecret,
			agentId: options.agentId,
			token: options.token,
			encodingAesKey: options.encodingAesKey,
			name: options.name ?? `Emulator app ${options.agentId}`,
			tokenTtl: options.tokenTtl ?? 7200,
		};
		corp.apps.set(app.agentId, app);
		for (const dept of options.departments ?? []) corp.departments.set(dept.id, { ...dept });
		for (const user of options.users ?? []) addUser(options.corpId, typeof user === 'string' ? { userid: user } : user);
		if (options.tags?.length) {
			corp.tagSeeds.push(...options.tags);
			seedTags(corp);
		}
		return app;
	}

	function addUser(corpId: string, user: Partial<WecomUser> & { userid: string }): WecomUser {
		const corp = corpOf(corpId);
		const full: WecomUser = {
			userid: user.userid,
			name: user.name ?? user.userid,
			department: user.department?.length ? [...user.department] : [1],
			position: user.position ?? '',
		};
		// Userids are case-insensitive in WeCom (path/90236: 返回包中的userid……统一转为小写).
		corp.users.set(full.userid.toLowerCase(), full);
		return full;
	}

	function addRobot(key: string, options: WecomRobotOptions = {}): void {
		robots.set(key, { key, rateLimitPerMinute: options.rateLimitPerMinute ?? 20, media: new Map(), sendTimes: [] });
	}

	function apps(): WecomApp[] {
		return [...corps.values()].flatMap((c) => [...c.apps.values()]);
	}

	/** The first app matching what is given (any app when nothing is). */
	function resolveApp(options: { app?: Partial<WecomApp>; corpId?: string; agentId?: number }): WecomApp | undefined {
		const corpId = options.app?.corpId ?? options.corpId;
		const agentId = options.app?.agentId ?? options.agentId;
		return apps().find((a) => (corpId === undefined || a.corpId === corpId) && (agentId === undefined || a.agentId === agentId));
	}

	function appOfToken(ctx: RouteContext): { corp: Corp; app: WecomApp } {
		const meta = ctx.token?.meta as { corpId: string; agentId: number };
		const corp = corpOf(meta.corpId);
		return { corp, app: corp.apps.get(meta.agentId) as WecomApp };
	}

	/** A route that requires a valid access_token; its handler is given the token's corp and app. */
	function appRoute(method: HttpMethod, path: string, handler: AppHandler): Route {
		return {
			method,
			path,
			auth: true,
			handler: (ctx) => {
				const { corp, app } = appOfToken(ctx);
				return handler(ctx, corp, app);
			},
		};
	}

	/** The app an agentid in a request names, checked against the token's own app. */
	function checkAgent(corp: Corp, app: WecomApp, raw: unknown): Checked<WecomApp> {
		if (raw === undefined || raw === null || raw === '') return { error: fail(41011, 'agentid missing') };
		const agentId = int(raw);
		if (agentId === undefined || !corp.apps.has(agentId)) return { error: fail(40056, 'invalid agentid') };
		if (agentId !== app.agentId) return { error: fail(301002, 'access_token and agentid mismatch') };
		return { value: app };
	}

	function recordMessage(message: Omit<WecomMessage, 'platform' | 'time'>): WecomMessage {
		return core.recordMessage({ platform: PLATFORM, ...message }) as WecomMessage;
	}

	/** Forget what the API created (chats, media, tag edits, robot rate windows, sent messages); keep what was seeded. */
	function reset(): void {
		for (const corp of corps.values()) {
			seedTags(corp);
			corp.chats.clear();
			corp.media.clear();
		}
		for (const robot of robots.values()) {
			robot.media.clear();
			robot.sendTimes = [];
		}
		sent.clear();
	}

	return { core, corps, robots, sent, addApp, addUser, addRobot, apps, resolveApp, appRoute, checkAgent, recordMessage, reset };
}

export type WecomState = ReturnType<typeof createWecomState>;
