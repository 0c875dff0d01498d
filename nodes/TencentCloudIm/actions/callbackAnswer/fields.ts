import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CLIENT_CODE_MAX, CLIENT_CODE_MIN } from '../../callback';
import { itemParameter, jsonParameter } from '../../../shared/params';
import { checkMsgBody } from '../common/msgBody';

/** Both operations take the same decision. */
const show = { resource: ['callbackAnswer'], operation: ['answer', 'build'] };

export const answerFields: INodeProperties[] = [
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: [
			{ name: 'Allow', value: 'allow', description: 'Deliver the message as sent (ErrorCode 0)' },
			{ name: 'Allow Rewritten', value: 'rewrite', description: 'Deliver a changed MsgBody or CloudCustomData (ErrorCode 0)' },
			{ name: 'Block', value: 'block', description: 'Refuse it; the sender gets an error (ErrorCode 1)' },
			{ name: 'Drop Silently', value: 'drop', description: 'Discard it; the sender sees success (ErrorCode 2)' },
		],
		default: 'allow',
		displayOptions: { show },
	},
	{
		displayName: 'Error Code',
		name: 'errorCode',
		type: 'number',
		default: 1,
		description: '1, or a code from 120001 to 130000 that Tencent passes on to the sender’s client with the Error Info',
		displayOptions: { show: { ...show, decision: ['block'] } },
	},
	{
		displayName: 'Error Info',
		name: 'errorInfo',
		type: 'string',
		default: '',
		placeholder: 'Your message contains a forbidden word',
		displayOptions: { show: { ...show, decision: ['block'] } },
	},
	{
		displayName: 'Rewrite',
		name: 'rewriteMode',
		type: 'options',
		options: [
			{ name: 'Replace With Text', value: 'text' },
			{ name: 'Message Body (JSON)', value: 'json' },
			{ name: 'Only Cloud Custom Data', value: 'none' },
		],
		default: 'text',
		displayOptions: { show: { ...show, decision: ['rewrite'] } },
	},
	{
		displayName: 'New Text',
		name: 'newText',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'The message becomes this one text element',
		displayOptions: { show: { ...show, decision: ['rewrite'], rewriteMode: ['text'] } },
	},
	{
		displayName: 'New Message Body (JSON)',
		name: 'newMsgBody',
		type: 'json',
		default: '={{ JSON.stringify($json.MsgBody) }}',
		displayOptions: { show: { ...show, decision: ['rewrite'], rewriteMode: ['json'] } },
	},
	{
		displayName: 'New Cloud Custom Data',
		name: 'newCloudCustomData',
		type: 'string',
		default: '',
		description: 'Empty = leave CloudCustomData as sent',
		displayOptions: { show: { ...show, decision: ['rewrite'] } },
	},
];

/**
 * The answer to a before-send callback: C2C.CallbackBeforeSendMsg (269/1632) and
 * Group.CallbackBeforeSendMsg (269/1619) read ErrorCode 0 allow, 1 refuse, 2 drop silently,
 * and with 0 an optional MsgBody/CloudCustomData that replaces the sender's.
 */
export async function buildAnswer(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const decision = itemParameter.call(this, 'decision', i) as string;
	const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i });
	switch (decision) {
		case 'allow':
			return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
		case 'drop':
			return { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' };
		case 'block': {
			const code = Number(this.getNodeParameter('errorCode', i, 1));
			if (code !== 1 && !(Number.isInteger(code) && code >= CLIENT_CODE_MIN && code <= CLIENT_CODE_MAX)) {
				throw fail(`Error Code: 1, or ${CLIENT_CODE_MIN} to ${CLIENT_CODE_MAX} to reach the sender's client`);
			}
			return { ActionStatus: 'OK', ErrorCode: code, ErrorInfo: String(itemParameter.call(this, 'errorInfo', i, '')) };
		}
		case 'rewrite': {
			const answer: IDataObject = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
			const mode = itemParameter.call(this, 'rewriteMode', i, 'text') as string;
			if (mode === 'text') {
				const text = String(itemParameter.call(this, 'newText', i, ''));
				if (!text) throw fail('New Text: empty; to discard the message choose Drop Silently');
				answer.MsgBody = [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
			} else if (mode === 'json') {
				answer.MsgBody = checkMsgBody.call(this, i, jsonParameter.call(this, 'newMsgBody', i, 'New Message Body'), 'New Message Body');
			}
			const cloudCustomData = String(itemParameter.call(this, 'newCloudCustomData', i, ''));
			if (cloudCustomData) answer.CloudCustomData = cloudCustomData;
			if (!answer.MsgBody && !answer.CloudCustomData) throw fail('Nothing to rewrite: give a new body or Cloud Custom Data');
			return answer;
		}
		default:
			throw fail(`Decision "${decision}" is not supported`);
	}
}
