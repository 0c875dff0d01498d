import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as get from './get.operation';
import * as set from './set.operation';

export const operations: Resource = { get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get user profiles' },
			{ name: 'Set', value: 'set', action: 'Set a user profile' },
		],
		default: 'get',
	},
	...get.description,
	...set.description,
];
