import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest } from '../../transport';
import { assertNotEmpty } from '../common/checks';

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
	const msgid = String(this.getNodeParameter('msgId', i)).trim();
	assertNotEmpty.call(this, i, 'Message ID', msgid);
	await weComRequest.call(this, 'POST', '/cgi-bin/message/recall', { msgid }, undefined, i);
	return { msgid, recalled: true };
}
