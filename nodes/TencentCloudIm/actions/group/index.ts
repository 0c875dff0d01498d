import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as addMembers from './addMembers.operation';
import * as create from './create.operation';
import * as destroy from './destroy.operation';
import * as getInfo from './getInfo.operation';
import * as getMembers from './getMembers.operation';
import * as removeMembers from './removeMembers.operation';

export const operations: Resource = { create, destroy, getInfo, getMembers, addMembers, removeMembers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Add Members', value: 'addMembers', action: 'Add members to a group' },
			{ name: 'Create', value: 'create', action: 'Create a group' },
			{ name: 'Destroy', value: 'destroy', action: 'Destroy a group' },
			{ name: 'Get Info', value: 'getInfo', action: 'Get group info' },
			{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a group' },
			{ name: 'Remove Members', value: 'removeMembers', action: 'Remove members from a group' },
		],
		default: 'create',
	},
	...create.description,
	...destroy.description,
	...getInfo.description,
	...getMembers.description,
	...addMembers.description,
	...removeMembers.description,
];
