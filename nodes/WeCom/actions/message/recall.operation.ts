import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { weComRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'msgId',
		type: 'string',
		required: true,
		default: '',
		description: 'The msgid returned by Send; only messages sent in the last 24 hours can be recalled',
		displayOptions: { show: { resource: ['message'], operation: ['recall'] } },
	},
];

/** POST /cgi-bin/message/recall — developer.work.weixin.qq.com/document/path/94867 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const msgid = requiredId.call(this, 'msgId', i, 'Message ID');
	await weComRequest.call(this, { method: 'POST', path: '/cgi-bin/message/recall', body: { msgid }, itemIndex: i });
	return { msgid, recalled: true };
}
