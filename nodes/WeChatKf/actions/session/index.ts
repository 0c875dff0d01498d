import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as getState from './getState.operation';
import * as transfer from './transfer.operation';

export const operations: Resource = { getState, transfer };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{ name: 'Get State', value: 'getState', action: 'Get the state of a session' },
			{ name: 'Transfer', value: 'transfer', action: 'Transfer a session' },
		],
		default: 'getState',
	},
	...getState.description,
	...transfer.description,
];
