import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as get from './get.operation';

export const operations: Resource = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['accessToken'] } },
		options: [{ name: 'Get', value: 'get', action: 'Get the current access token' }],
		default: 'get',
	},
	...get.description,
];
