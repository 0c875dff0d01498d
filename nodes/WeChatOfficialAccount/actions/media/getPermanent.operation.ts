import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { downloadFile } from '../common/download';
import { mediaIdField, outputBinaryField } from './fields';

const show = { resource: ['media'], operation: ['getPermanent'] };

export const description: INodeProperties[] = [mediaIdField(show, 'The media_id of a permanent material'), outputBinaryField(show)];

/**
 * POST /cgi-bin/material/get_material — developers.weixin.qq.com/doc/offiaccount/Asset_Management/Getting_Permanent_Assets.html.
 * Images, voices and thumbs come as the file; a video as its title, description and link (downloaded too).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const mediaId = requiredId.call(this, 'mediaId', i, 'Media ID');
	const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
	return await downloadFile.call(
		this,
		i,
		{ method: 'POST', path: '/cgi-bin/material/get_material', body: { media_id: mediaId } },
		property,
		mediaId,
		{ media_id: mediaId },
	);
}
