/**
 * Tencent Cloud IM third-party callbacks (第三方回调): the commands, the answers Tencent reads,
 * and how a callback is checked. Protocol: cloud.tencent.com/document/product/269/1522.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

export const CALLBACK_COMMANDS = [
	{ name: 'C2C: After Send Message', value: 'C2C.CallbackAfterSendMsg' },
	{ name: 'C2C: Before Send Message', value: 'C2C.CallbackBeforeSendMsg' },
	{ name: 'Group: After Group Destroyed', value: 'Group.CallbackAfterGroupDestroyed' },
	{ name: 'Group: After Group Info Changed', value: 'Group.CallbackAfterGroupInfoChanged' },
	{ name: 'Group: After Member Exit', value: 'Group.CallbackAfterMemberExit' },
	{ name: 'Group: After New Member Join', value: 'Group.CallbackAfterNewMemberJoin' },
	{ name: 'Group: After Send Message', value: 'Group.CallbackAfterSendMsg' },
	{ name: 'Group: Before Send Message', value: 'Group.CallbackBeforeSendMsg' },
	{ name: 'Other Commands', value: '*' },
	{ name: 'State: Online Status Change', value: 'State.StateChange' },
];

const KNOWN = new Set(CALLBACK_COMMANDS.map((c) => c.value).filter((v) => v !== '*'));

/** Whether the user chose this command (none chosen = all; "Other Commands" = any not listed). */
export function commandWanted(chosen: string[], command: string): boolean {
	if (chosen.length === 0 || chosen.includes(command)) return true;
	return chosen.includes('*') && !KNOWN.has(command);
}

/**
 * Before-callbacks (…CallbackBefore…, Sns.CallbackPrev…) let the app decide; Tencent ignores the
 * answer to after-callbacks (269/1522, 回调分类).
 */
export function isBeforeCommand(command: string): boolean {
	return /\.Callback(Before|Prev)/.test(command);
}

/** "OK, carry on": the answer to every after-callback, and to a before-callback, "allow". */
export const ALLOW_ANSWER = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
export const ALLOW_BODY = JSON.stringify(ALLOW_ANSWER);

/** Codes a before-send answer may carry through to the sender's client (269/1632). */
export const CLIENT_CODE_MIN = 120001;
export const CLIENT_CODE_MAX = 130000;

/** The text of a MsgBody's TIMTextElem elements, joined by new lines: what moderation usually reads. */
export function messageText(msgBody: unknown): string {
	if (!Array.isArray(msgBody)) return '';
	return msgBody
		.filter((el) => el && typeof el === 'object' && (el as IDataObject).MsgType === 'TIMTextElem')
		.map((el) => String(((el as IDataObject).MsgContent as IDataObject | undefined)?.Text ?? ''))
		.join('\n');
}

/**
 * A key that is the same for Tencent's resent copies of one after-event: the message's own
 * identity when it has one, otherwise the body itself.
 */
export function dedupeKey(command: string, body: IDataObject, raw: Buffer): string {
	const from = String(body.From_Account ?? '');
	if (command.startsWith('C2C.') && body.MsgKey) return `${command}|${from}|${String(body.MsgKey)}`;
	if (command.startsWith('Group.') && body.GroupId && body.MsgSeq !== undefined) {
		return `${command}|${String(body.GroupId)}|${String(body.MsgSeq)}`;
	}
	return `${command}|${createHash('sha256').update(raw).digest('hex')}`;
}
