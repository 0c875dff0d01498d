import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as add from './add.operation';
import * as deleteDraft from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export const operations: Resource = { add, delete: deleteDraft, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['draft'] } },
		options: [
			{ name: 'Add', value: 'add', action: 'Add a draft' },
			{ name: 'Delete', value: 'delete', action: 'Delete a draft' },
			{ name: 'Get', value: 'get', action: 'Get a draft' },
			{ name: 'List', value: 'list', action: 'List drafts' },
		],
		default: 'add',
	},
	...add.description,
	...get.description,
	...list.description,
	...deleteDraft.description,
];
