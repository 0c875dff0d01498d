/** The WeCom data model: what tests seed (apps, users, departments, tags) and what the API creates. */
import type { RecordedMessage } from '../../types';

export interface WecomUser {
	userid: string;
	name: string;
	department: number[];
	position?: string;
}

export interface WecomDepartment {
	id: number;
	name: string;
	parentid: number;
}

export interface WecomTagSeed {
	tagid?: number;
	tagname: string;
	userlist?: string[];
	partylist?: number[];
}

export interface WecomAppOptions {
	corpId: string;
	corpSecret: string;
	agentId: number;
	/** Callback Token (接收消息服务器配置). */
	token: string;
	/** Callback EncodingAESKey, 43 characters. */
	encodingAesKey: string;
	name?: string;
	/** Directory members, shared by every app of the corp. A bare string is a userid. */
	users?: Array<string | (Partial<WecomUser> & { userid: string })>;
	departments?: WecomDepartment[];
	tags?: WecomTagSeed[];
	/** Access token lifetime in seconds (WeCom: 7200). Short values make expiry testable. */
	tokenTtl?: number;
}

export interface WecomApp {
	corpId: string;
	corpSecret: string;
	agentId: number;
	token: string;
	encodingAesKey: string;
	name: string;
	tokenTtl: number;
}

export interface WecomMedia {
	media_id: string;
	type: string;
	data: Buffer;
	filename: string;
	contentType: string;
	created_at: number;
}

/** Not exported from the platform: tests read tags through `emulator.wecom.tags(corpId)`. */
export interface Tag {
	tagid: number;
	tagname: string;
	users: Set<string>;
	parties: Set<number>;
	/** The agent that created it through the API; seeded tags have none and anyone may edit them. */
	ownerAgentId?: number;
}

export interface WecomChat {
	chatid: string;
	name: string;
	owner: string;
	userlist: string[];
	creatorAgentId: number;
}

/** Not exported from the platform. */
export interface Corp {
	corpId: string;
	apps: Map<number, WecomApp>;
	users: Map<string, WecomUser>;
	departments: Map<number, WecomDepartment>;
	tagSeeds: WecomTagSeed[];
	tags: Map<number, Tag>;
	chats: Map<string, WecomChat>;
	media: Map<string, WecomMedia>;
}

export interface WecomRobotOptions {
	/** Messages per minute before errcode 45009; the docs' limit is 20 (path/91770). 0 disables it. */
	rateLimitPerMinute?: number;
}

/** Not exported from the platform. */
export interface Robot {
	key: string;
	rateLimitPerMinute: number;
	media: Map<string, WecomMedia>;
	sendTimes: number[];
}

export interface WecomMessage extends RecordedMessage {
	kind: 'app' | 'appchat' | 'robot';
	msgtype: string;
	/** The object under the msgtype key, after WeCom's truncation. */
	payload: Record<string, unknown>;
	/** The whole request body as sent. */
	body: Record<string, unknown>;
	corpId?: string;
	agentid?: number;
	msgid?: string;
	to?: { touser?: string; toparty?: string; totag?: string };
	/** Userids the message reached (after expanding @all, parties and tags). */
	recipients?: string[];
	chatid?: string;
	robotKey?: string;
	truncated?: boolean;
	response_code?: string;
	recalledAt?: number;
}
