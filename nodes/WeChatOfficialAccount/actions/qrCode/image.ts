/** The QR code image of a ticket: showqrcode on mp.weixin.qq.com, which takes no token. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { baseUrlOf, credentialData } from '../../../shared/request';
import { OFFICIAL_ACCOUNT_BASE_URL, OFFICIAL_ACCOUNT_CREDENTIAL, OFFICIAL_ACCOUNT_MP_URL } from '../../transport';
import { downloadFile } from '../common/download';

/**
 * mp.weixin.qq.com/cgi-bin/showqrcode?ticket=… (ticket URL-encoded). A credential with its own
 * Base URL (a proxy) gets the image from there too, so the proxy must pass /cgi-bin/showqrcode on
 * to mp.weixin.qq.com.
 */
export async function qrImage(this: IExecuteFunctions, i: number, ticket: string, property: string): Promise<INodeExecutionData> {
	const credentials = await credentialData(this, OFFICIAL_ACCOUNT_CREDENTIAL);
	const base = baseUrlOf(credentials, OFFICIAL_ACCOUNT_BASE_URL);
	const host = base === OFFICIAL_ACCOUNT_BASE_URL ? OFFICIAL_ACCOUNT_MP_URL : base;
	const url = `${host}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
	return await downloadFile.call(this, i, { method: 'GET', path: '/cgi-bin/showqrcode', url, anonymous: true }, property, 'qrcode.jpg', { ticket });
}
