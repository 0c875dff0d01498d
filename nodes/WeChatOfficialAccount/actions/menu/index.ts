import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as create from './create.operation';
import * as deleteMenu from './delete.operation';
import * as get from './get.operation';

export const operations: Resource = { create, delete: deleteMenu, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['menu'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create the menu' },
			{ name: 'Delete', value: 'delete', action: 'Delete the menu' },
			{ name: 'Get', value: 'get', action: 'Get the menu' },
		],
		default: 'get',
	},
	...create.description,
	...get.description,
	...deleteMenu.description,
];
