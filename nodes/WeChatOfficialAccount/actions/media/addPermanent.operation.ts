import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import type { MediaType } from '../common/media';
import { addPermanent } from '../common/media';
import { mediaTypeField } from './fields';
import { itemParameter } from '../../../shared/params';

const show = { resource: ['media'], operation: ['addPermanent'] };

export const description: INodeProperties[] = [
	mediaTypeField(show),
	binaryPropertyField(show),
	{
		displayName: 'Video Title',
		name: 'videoTitle',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { ...show, mediaType: ['video'] } },
	},
	{
		displayName: 'Video Introduction',
		name: 'videoIntroduction',
		type: 'string',
		default: '',
		displayOptions: { show: { ...show, mediaType: ['video'] } },
	},
];

/**
 * POST /cgi-bin/material/add_material — developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html.
 * An image's answer has its URL as well.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = itemParameter.call(this, 'mediaType', i) as MediaType;
	const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
	const file = await readBinaryFile.call(this, i, property);
	const video =
		type === 'video'
			? {
					title: String(itemParameter.call(this, 'videoTitle', i, '')).trim(),
					introduction: String(itemParameter.call(this, 'videoIntroduction', i, '')).trim(),
				}
			: undefined;
	return { type, ...(await addPermanent.call(this, i, type, file, video)) };
}
