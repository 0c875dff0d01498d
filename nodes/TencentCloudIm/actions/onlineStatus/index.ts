import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as query from './query.operation';

export const operations: Resource = { query };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['onlineStatus'] } },
		options: [{ name: 'Query', value: 'query', action: 'Query online status' }],
		default: 'query',
	},
	...query.description,
];
