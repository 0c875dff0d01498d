import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { officialAccountRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';

export const description: INodeProperties[] = [];

/**
 * GET /cgi-bin/get_current_selfmenu_info — developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html.
 * The menu in use, set here or in the console; sub-buttons under sub_button.list.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return withoutEnvelope(await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/get_current_selfmenu_info', itemIndex: i }));
}
