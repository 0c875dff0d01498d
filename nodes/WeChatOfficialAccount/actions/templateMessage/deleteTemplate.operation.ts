import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['templateMessage'], operation: ['deleteTemplate'] } },
	},
];

/** POST /cgi-bin/template/del_private_template — …/Template_Message_Interface.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const template_id = requiredId.call(this, 'templateId', i, 'Template ID');
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/template/del_private_template', body: { template_id }, itemIndex: i });
	return { template_id, deleted: true };
}
