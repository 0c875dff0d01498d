import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as create from './create.operation';
import * as getImage from './getImage.operation';

export const operations: Resource = { create, getImage };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['qrCode'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a QR code with a scene' },
			{ name: 'Get Image', value: 'getImage', action: 'Get the image of a QR code' },
		],
		default: 'create',
	},
	...create.description,
	...getImage.description,
];
