import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { itemParameter } from '../../../shared/params';

const show = { resource: ['tag'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Tag Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 32 characters, unique in the company',
		displayOptions: { show },
	},
	{
		displayName: 'Tag ID',
		name: 'tagId',
		type: 'number',
		default: 0,
		description: 'A chosen positive ID; 0 lets WeCom assign one',
		displayOptions: { show },
	},
];

/** POST /cgi-bin/tag/create — developer.work.weixin.qq.com/document/path/90210 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const tagname = itemParameter.call(this, 'tagName', i) as string;
	const tagid = itemParameter.call(this, 'tagId', i, 0) as number;
	const body: IDataObject = { tagname };
	if (tagid > 0) body.tagid = tagid;
	const response = await weComRequest.call(this, { method: 'POST', path: '/cgi-bin/tag/create', body, itemIndex: i });
	return { tagname, ...withoutEnvelope(response) };
}
