import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { buildReply } from './message';

export const description: INodeProperties[] = [
	{
		displayName:
			'Only builds the reply and answers nothing: the output\'s "body" is what to return (Content-Type: text/xml) from a callback you answer yourself. To answer the WeChat Official Account Trigger\'s callback, choose Reply.',
		name: 'buildOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['passiveReply'], operation: ['build'] } },
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await buildReply.call(this, i);
}
