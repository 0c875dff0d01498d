/**
 * Session states of WeChat KF (会话状态, developer.work.weixin.qq.com/document/path/94669): 0 new
 * (未处理), 1 with the bot (由智能助手接待), 2 in the queue (待接入池排队中), 3 with a servicer (由人工接待),
 * 4 ended or not started (已结束/未开始). WeChat decides which changes are allowed (95016 otherwise).
 */
export const STATE_NAMES: Record<number, string> = { 0: 'new', 1: 'bot', 2: 'queue', 3: 'servicer', 4: 'ended' };

/** What Transfer can move a session to, by name. */
export const TRANSFER_TARGETS = [
	{ name: 'Bot (Smart Assistant)', value: 1, description: 'The API answers the customer (由智能助手接待)' },
	{ name: 'End Session', value: 4, description: 'End the session (结束会话)' },
	{ name: 'Queue', value: 2, description: 'The waiting pool, until a servicer takes it (待接入池)' },
	{ name: 'Servicer', value: 3, description: 'A human servicer who is receiving (由人工接待)' },
];

export function stateName(state: unknown): string {
	return STATE_NAMES[Number(state)] ?? 'unknown';
}
