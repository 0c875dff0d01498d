import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as batchGet from './batchGet.operation';
import * as batchSet from './batchSet.operation';
import * as get from './get.operation';
import * as set from './set.operation';

export const operations: Resource = { get, set, batchGet, batchSet };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['storeImStatus'] } },
		options: [
			{ name: 'Batch Get', value: 'batchGet', action: 'Get the IM status of several stores' },
			{ name: 'Batch Set', value: 'batchSet', action: 'Set the IM status of several stores' },
			{ name: 'Get', value: 'get', action: 'Get the IM status of a store' },
			{ name: 'Set', value: 'set', action: 'Set the IM status of a store' },
		],
		default: 'get',
	},
	...get.description,
	...set.description,
	...batchGet.description,
	...batchSet.description,
];
