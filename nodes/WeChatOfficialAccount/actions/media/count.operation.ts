import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { officialAccountRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';

export const description: INodeProperties[] = [];

/** GET /cgi-bin/material/get_materialcount — developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return withoutEnvelope(await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/material/get_materialcount', itemIndex: i }));
}
