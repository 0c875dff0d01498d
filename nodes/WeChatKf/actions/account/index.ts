import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as add from './add.operation';
import * as deleteAccount from './delete.operation';
import * as getContactLink from './getContactLink.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export const operations: Resource = { add, delete: deleteAccount, getContactLink, list, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{ name: 'Add', value: 'add', action: 'Add a KF account' },
			{ name: 'Delete', value: 'delete', action: 'Delete a KF account' },
			{ name: 'Get Contact Link', value: 'getContactLink', action: 'Get the contact link of a KF account' },
			{ name: 'List', value: 'list', action: 'List KF accounts' },
			{ name: 'Update', value: 'update', action: 'Update a KF account' },
		],
		default: 'list',
	},
	...add.description,
	...update.description,
	...deleteAccount.description,
	...list.description,
	...getContactLink.description,
];
