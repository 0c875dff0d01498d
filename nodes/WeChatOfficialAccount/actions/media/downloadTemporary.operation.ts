import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { downloadFile } from '../common/download';
import { mediaIdField, outputBinaryField } from './fields';

const show = { resource: ['media'], operation: ['downloadTemporary'] };

export const description: INodeProperties[] = [
	mediaIdField(show, 'A media_id of an upload or of a received message (kept 3 days)'),
	outputBinaryField(show),
];

/**
 * GET /cgi-bin/media/get — developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html.
 * A video answers with its link (video_url), which is downloaded too.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const mediaId = requiredId.call(this, 'mediaId', i, 'Media ID');
	const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
	return await downloadFile.call(this, i, { method: 'GET', path: '/cgi-bin/media/get', qs: { media_id: mediaId } }, property, mediaId, {
		media_id: mediaId,
	});
}
