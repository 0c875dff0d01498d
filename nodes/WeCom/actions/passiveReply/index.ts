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
		displayOptions: { show: { resource: ['passiveReply'] } },
		options: [{ name: 'Build', value: 'build', action: 'Build an encrypted passive reply' }],
		default: 'build',
	},
	...build.description,
];
