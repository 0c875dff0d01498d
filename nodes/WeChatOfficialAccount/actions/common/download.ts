/**
 * A file of the account into an n8n binary field: temporary media (media/get), permanent
 * material (material/get_material) and QR code images. A video comes back as a JSON link
 * (video_url, down_url) on a host that takes no token: it is fetched from there.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { BinaryResponse, PlatformRequest } from '../../../shared/request';
import { downloadedFile } from '../../../shared/wechat/media';
import { officialAccountRequest } from '../../transport';
import { withoutEnvelope } from './answer';

const FILE_TIMEOUT_MS = 120000;

function isJson(response: BinaryResponse): boolean {
	const type = Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === 'content-type')?.[1];
	return /json/i.test(String(Array.isArray(type) ? type[0] : type ?? ''));
}

/** The file behind `call` in the binary field `property`; a JSON answer without a link comes back as JSON only. */
export async function downloadFile(
	this: IExecuteFunctions,
	i: number,
	call: Pick<PlatformRequest, 'method' | 'path' | 'qs' | 'body' | 'url' | 'anonymous'>,
	property: string,
	name: string,
	json: IDataObject = {},
): Promise<INodeExecutionData> {
	let response = (await officialAccountRequest.call(this, {
		...call,
		binary: true,
		itemIndex: i,
		timeoutMs: FILE_TIMEOUT_MS,
		// Reads: asking again changes nothing.
		safeToResend: true,
	})) as unknown as BinaryResponse;
	let info: IDataObject = {};
	if (isJson(response)) {
		info = withoutEnvelope(JSON.parse(response.body.toString('utf8')) as IDataObject);
		const link = typeof info.video_url === 'string' ? info.video_url : typeof info.down_url === 'string' ? info.down_url : '';
		if (!link) return { json: { ...json, ...info } };
		// 视频文件不支持https下载: the link is WeChat's file host, which wants no token.
		response = (await officialAccountRequest.call(this, {
			method: 'GET',
			path: '/video',
			url: link,
			anonymous: true,
			binary: true,
			itemIndex: i,
			timeoutMs: FILE_TIMEOUT_MS,
		})) as unknown as BinaryResponse;
	}
	const { fileName, mimeType } = downloadedFile(response.headers, name);
	const binary = await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
	return {
		json: { ...json, ...info, fileName: binary.fileName ?? fileName, mimeType: binary.mimeType, fileSize: response.body.length },
		binary: { [property]: binary },
	};
}
