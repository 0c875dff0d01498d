import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as getToken from './getToken.operation';

export const operations: Resource = { getToken };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connection'] } },
		options: [{ name: 'Get Token', value: 'getToken', action: 'Get the connection token' }],
		default: 'getToken',
	},
	...getToken.description,
];
