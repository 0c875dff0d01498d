import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { EVERYONE } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';

export const description: INodeProperties[] = [];

export const orderingKey = () => EVERYONE;

/** GET /cgi-bin/menu/delete — developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Deleting_Custom-Defined_Menu.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/menu/delete', itemIndex: i });
	return { deleted: true };
}
