import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as batchGet from './batchGet.operation';

export const operations: Resource = { batchGet };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [{ name: 'Batch Get', value: 'batchGet', action: 'Get customers' }],
		default: 'batchGet',
	},
	...batchGet.description,
];
