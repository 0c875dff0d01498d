import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Draft Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'The media_id of a draft (Draft → Add); publishing takes a while: ask with Get Status',
		displayOptions: { show: { resource: ['publish'], operation: ['publish'] } },
	},
];

/**
 * POST /cgi-bin/freepublish/submit — developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html.
 * Published, the article is not pushed to followers (发布 ≠ 群发); a publish_id to follow it.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const media_id = requiredId.call(this, 'mediaId', i, 'Draft Media ID');
	const response = await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/freepublish/submit', body: { media_id }, itemIndex: i });
	return { media_id, publish_id: response.publish_id, msg_data_id: response.msg_data_id };
}
