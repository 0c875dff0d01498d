import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as getStatus from './getStatus.operation';
import * as publish from './publish.operation';

export const operations: Resource = { getStatus, publish };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['publish'] } },
		options: [
			{ name: 'Get Status', value: 'getStatus', action: 'Get the status of a publication' },
			{ name: 'Publish', value: 'publish', action: 'Publish a draft' },
		],
		default: 'publish',
	},
	...publish.description,
	...getStatus.description,
];
