/** The WeChat KF data model: what tests seed (corps, accounts, servicers, customers) and what the API creates. */
import type { RecordedMessage } from '../../types';

export interface KfMemberSeed {
	userid: string;
	/** Has activated WeCom (企业微信); a servicer who has not cannot take sessions (95014). Default true. */
	active?: boolean;
	department?: number[];
}

export interface KfCustomerSeed {
	external_userid: string;
	nickname?: string;
	avatar?: string;
	gender?: number;
	unionid?: string;
}

export interface KfAccountSeed {
	open_kfid: string;
	name: string;
	/** Servicers (接待人员) by userid. */
	servicers?: string[];
}

export interface KfCorpOptions {
	corpId: string;
	/** The Secret under 微信客服 → API. */
	secret: string;
	/** Callback Token and EncodingAESKey (接收事件服务器). */
	token: string;
	encodingAesKey: string;
	tokenTtl?: number;
	members?: Array<string | KfMemberSeed>;
	accounts?: KfAccountSeed[];
	customers?: KfCustomerSeed[];
}

export interface KfMember {
	userid: string;
	active: boolean;
	department: number[];
}

export interface KfAccount {
	open_kfid: string;
	name: string;
	media_id: string;
	avatar: string;
	manage_privilege: boolean;
	/** userid → status: 0 receiving (接待中), 1 paused (停止接待). */
	servicers: Map<string, number>;
	departments: Set<number>;
	/** msgids sent in this account (send_msg and send_msg_on_event): must be unique (path/94677). */
	msgids: Set<string>;
}

export interface KfCustomer extends Required<Omit<KfCustomerSeed, 'unionid'>> {
	unionid?: string;
	enter_session_context?: { scene: string; scene_param: string; wechat_channels?: Record<string, unknown> };
}

/** A session of one customer with one account (会话状态, path/94669). */
export interface KfSession {
	/** 0 new, 1 bot, 2 queue, 3 servicer, 4 ended or not started. */
	state: number;
	servicer?: string;
	/** Emulator-clock ms of the customer's last message: send_msg is allowed for 48 h after it. */
	lastCustomerAt?: number;
	/** Messages sent through the API since then: at most 5. */
	sentSince: number;
}

/** A code for send_msg_on_event: a welcome code (enter_session) or a session-change msg_code. */
export interface KfCode {
	code: string;
	kind: 'welcome' | 'state';
	open_kfid: string;
	external_userid: string;
	/** For a state code: the state the session must still be in. */
	state?: number;
	expiresAt: number;
	used: boolean;
}

/** A message as sync_msg returns it, with its place in the log. */
export interface KfLogEntry {
	seq: number;
	message: Record<string, unknown>;
}

export interface KfMedia {
	media_id: string;
	type: string;
	data: Buffer;
	filename: string;
	contentType: string;
	created_at: number;
}

export interface KfCorp {
	corpId: string;
	secret: string;
	token: string;
	encodingAesKey: string;
	tokenTtl: number;
	members: Map<string, KfMember>;
	accounts: Map<string, KfAccount>;
	accountSeeds: KfAccountSeed[];
	customers: Map<string, KfCustomer>;
	customerSeeds: KfCustomerSeed[];
	sessions: Map<string, KfSession>;
	log: KfLogEntry[];
	/** Callback Tokens handed out with kf_msg_or_event: valid 10 minutes (path/94670). */
	callbackTokens: Map<string, { expiresAt: number; open_kfid: string }>;
	codes: Map<string, KfCode>;
	media: Map<string, KfMedia>;
	/** sync_msg calls without a Token, emulator-clock ms (a strict limit applies to them). */
	untokenedSyncs: number[];
}

/** What send_msg and send_msg_on_event record: `to` is the customer. */
export interface KfSentMessage extends RecordedMessage {
	platform: 'kf';
	kind: 'send' | 'event';
	open_kfid?: string;
	to?: string;
	code?: string;
	msgid: string;
	msgtype: string;
	payload: unknown;
}
