import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { tagIdField } from './fields';

export const description: INodeProperties[] = [
	tagIdField(['update']),
	{
		displayName: 'New Tag Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['tag'], operation: ['update'] } },
	},
];

export const orderingKey = keyFrom('tagId', 'tag');

/** POST /cgi-bin/tag/update — developer.work.weixin.qq.com/document/path/90211 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const tagid = itemParameter.call(this, 'tagId', i) as number;
	const tagname = itemParameter.call(this, 'tagName', i) as string;
	const response = await weComRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/tag/update',
		body: { tagid, tagname },
		itemIndex: i,
	});
	return { tagid, tagname, ...withoutEnvelope(response), success: true };
}
