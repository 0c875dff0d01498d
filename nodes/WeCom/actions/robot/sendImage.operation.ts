import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertMediaSize, binaryPropertyField, readBinaryFile } from '../../../shared/wechat/media';
import { robotShow } from './fields';
import { robotSend } from './send';
import { itemParameter } from '../../../shared/params';

// Robot image: JPG or PNG, at most 2 MB before base64 (developer.work.weixin.qq.com/document/path/91770).
const MAX_BYTES = 2 * 1024 * 1024;

export const description: INodeProperties[] = [binaryPropertyField(robotShow('sendImage'))];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const property = itemParameter.call(this, 'binaryPropertyName', i, 'data') as string;
	const file = await readBinaryFile.call(this, i, property);
	assertMediaSize.call(this, i, 'Input Binary Field', file, MAX_BYTES, 'JPG or PNG');
	// The md5 is of the raw bytes, not of the base64 text.
	const image = {
		base64: file.data.toString('base64'),
		md5: createHash('md5').update(file.data).digest('hex'),
	};
	const result = await robotSend.call(this, i, { msgtype: 'image', image });
	return { ...result, fileName: file.fileName, md5: image.md5 };
}
