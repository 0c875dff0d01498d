import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as build from './build.operation';

export const operations: Resource = { build };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callbackAnswer'] } },
		options: [{ name: 'Build', value: 'build', action: 'Build a callback answer' }],
		default: 'build',
	},
	...build.description,
];
