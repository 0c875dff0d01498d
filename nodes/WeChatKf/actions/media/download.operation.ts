import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { downloadMedia } from '../../../shared/wechat/media';
import { kfRequest } from '../../transport';

const show = { resource: ['media'], operation: ['download'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'A media_id: mediaId of a received image, voice, video or file, or from an upload (valid for 3 days)',
		displayOptions: { show },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show },
	},
];

/** GET /cgi-bin/media/get with the KF token — developer.work.weixin.qq.com/document/path/90254 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const mediaId = requiredId.call(this, 'mediaId', i, 'Media ID');
	const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	return await downloadMedia.call(this, kfRequest, i, { path: '/cgi-bin/media/get', mediaId, property });
}
