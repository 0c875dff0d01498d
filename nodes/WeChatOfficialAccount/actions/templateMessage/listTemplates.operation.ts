import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { officialAccountRequest } from '../../transport';

export const description: INodeProperties[] = [];

/** GET /cgi-bin/template/get_all_private_template — …/Template_Message_Interface.html; one item per template. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const response = await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/template/get_all_private_template', itemIndex: i });
	return (response.template_list as IDataObject[] | undefined) ?? [];
}
