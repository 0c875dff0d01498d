import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filenameFromDisposition } from '../../../shared/multipart';
import { requiredId } from '../../../shared/params';
import type { BinaryResponse } from '../../../shared/request';
import { weComRequest } from '../../transport';

const show = { resource: ['media'], operation: ['download'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'A media_id from an upload or from a received message (valid for 3 days)',
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

function header(headers: BinaryResponse['headers'], name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

// WeCom sends a Chinese file name as raw UTF-8 bytes in the header, and Node reads header bytes
// as Latin-1: turn such a name back into what was uploaded.
function utf8FromLatin1(name: string): string {
	if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
	const decoded = Buffer.from(name, 'latin1').toString('utf8');
	return decoded.includes('\ufffd') ? name : decoded;
}

/** GET /cgi-bin/media/get — developer.work.weixin.qq.com/document/path/90254 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const mediaId = requiredId.call(this, 'mediaId', i, 'Media ID');
	const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const response = (await weComRequest.call(this, {
		method: 'GET',
		path: '/cgi-bin/media/get',
		qs: { media_id: mediaId },
		binary: true,
		itemIndex: i,
		timeoutMs: 120000,
	})) as unknown as BinaryResponse;
	const disposition = filenameFromDisposition(header(response.headers, 'content-disposition'));
	const fileName = disposition ? utf8FromLatin1(disposition) : mediaId;
	const mimeType = header(response.headers, 'content-type')?.split(';')[0].trim() || undefined;
	const binary = await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
	return {
		json: {
			media_id: mediaId,
			fileName: binary.fileName ?? fileName,
			mimeType: binary.mimeType,
			fileSize: response.body.length,
		},
		binary: { [property]: binary },
	};
}
