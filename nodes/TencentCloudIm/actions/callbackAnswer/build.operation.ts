import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { buildAnswer } from './fields';

export const description: INodeProperties[] = [
	{
		displayName:
			'Only builds the answer and sends nothing: the output is the JSON to return from a callback you answer yourself. To answer the Tencent Cloud IM Trigger\'s callback, choose Answer.',
		name: 'buildOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['callbackAnswer'], operation: ['build'] } },
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await buildAnswer.call(this, i);
}
