import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import type { MediaType } from '../common/media';
import { uploadTemporary } from '../common/media';
import { mediaTypeField } from './fields';
import { itemParameter } from '../../../shared/params';

const show = { resource: ['media'], operation: ['uploadTemporary'] };

export const description: INodeProperties[] = [mediaTypeField(show), binaryPropertyField(show)];

/** POST /cgi-bin/media/upload — developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html; kept 3 days. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = itemParameter.call(this, 'mediaType', i) as MediaType;
	const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
	const file = await readBinaryFile.call(this, i, property);
	return { type, ...(await uploadTemporary.call(this, i, type, file)) };
}
