import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as addMembers from './addMembers.operation';
import * as create from './create.operation';
import * as deleteTag from './delete.operation';
import * as getMembers from './getMembers.operation';
import * as list from './list.operation';
import * as removeMembers from './removeMembers.operation';
import * as update from './update.operation';

export const operations: Resource = { addMembers, create, delete: deleteTag, getMembers, list, removeMembers, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{ name: 'Add Members', value: 'addMembers', action: 'Add members to a tag' },
			{ name: 'Create', value: 'create', action: 'Create a tag' },
			{ name: 'Delete', value: 'delete', action: 'Delete a tag' },
			{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a tag' },
			{ name: 'List', value: 'list', action: 'List tags' },
			{ name: 'Remove Members', value: 'removeMembers', action: 'Remove members from a tag' },
			{ name: 'Update', value: 'update', action: 'Rename a tag' },
		],
		default: 'create',
	},
	...create.description,
	...update.description,
	...deleteTag.description,
	...getMembers.description,
	...addMembers.description,
	...removeMembers.description,
	...list.description,
];
