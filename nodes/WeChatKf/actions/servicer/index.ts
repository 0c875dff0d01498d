import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as add from './add.operation';
import * as list from './list.operation';
import * as remove from './remove.operation';

export const operations: Resource = { add, list, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['servicer'] } },
		options: [
			{ name: 'Add', value: 'add', action: 'Add servicers to a KF account' },
			{ name: 'List', value: 'list', action: 'List the servicers of a KF account' },
			{ name: 'Remove', value: 'remove', action: 'Remove servicers from a KF account' },
		],
		default: 'list',
	},
	...add.description,
	...remove.description,
	...list.description,
];
