import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { qrImage } from './image';

const show = { resource: ['qrCode'], operation: ['getImage'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Ticket',
		name: 'ticket',
		type: 'string',
		required: true,
		default: '',
		description: 'The ticket of QR Code → Create',
		displayOptions: { show },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the image in',
		displayOptions: { show },
	},
];

/** GET mp.weixin.qq.com/cgi-bin/showqrcode — …/Generating_a_Parametric_QR_Code.html; an unknown or expired ticket answers HTTP 404. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const ticket = requiredId.call(this, 'ticket', i, 'Ticket');
	return await qrImage.call(this, i, ticket, itemParameter.call(this, 'binaryPropertyName', i, 'data') as string);
}
