import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import { MEITUAN_PATHS, meituanRequest } from '../../transport';

/** im_status of getPoiIMStatus / setPoiIMStatus: 1 IM switched on for the store, 0 off. */
export function statusField(show: Show): INodeProperties {
	return {
		displayName: 'IM Status',
		name: 'imStatus',
		type: 'options',
		options: [
			{ name: 'On', value: 1, description: 'Customers can message the store' },
			{ name: 'Off', value: 0 },
		],
		default: 1,
		displayOptions: { show },
	};
}

function statusOf(response: IDataObject): number | null {
	const data = response.data;
	if (data && typeof data === 'object') {
		const value = (data as IDataObject).im_status ?? (data as IDataObject).imStatus ?? (data as IDataObject).status;
		return value === undefined || value === null ? null : Number(value);
	}
	return data === undefined || data === null || data === 'ok' ? null : Number(data);
}

/** GET wm/IM/getPoiIMStatus (查询门店IM状态). */
export async function getStatus(this: IExecuteFunctions, i: number, appPoiCode: string): Promise<IDataObject> {
	const response = await meituanRequest.call(this, { method: 'GET', path: MEITUAN_PATHS.getImStatus, form: { app_poi_code: appPoiCode }, itemIndex: i });
	const imStatus = statusOf(response);
	return { appPoiCode, imStatus, imOn: imStatus === 1 };
}

/** POST wm/IM/setPoiIMStatus (设置门店IM状态): setting a status twice leaves it the same, so it is resent safely. */
export async function setStatus(this: IExecuteFunctions, i: number, appPoiCode: string, imStatus: number): Promise<IDataObject> {
	await meituanRequest.call(this, {
		method: 'POST',
		path: MEITUAN_PATHS.setImStatus,
		form: { app_poi_code: appPoiCode, im_status: imStatus },
		itemIndex: i,
		safeToResend: true,
	});
	return { appPoiCode, imStatus, imOn: imStatus === 1 };
}
