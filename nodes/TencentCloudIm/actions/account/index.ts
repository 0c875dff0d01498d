import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as check from './check.operation';
import * as deleteAccount from './delete.operation';
import * as importMany from './importMany.operation';
import * as importOne from './importOne.operation';

export const operations: Resource = { importOne, importMany, delete: deleteAccount, check };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{ name: 'Check', value: 'check', action: 'Check whether accounts are imported' },
			{ name: 'Delete', value: 'delete', action: 'Delete accounts' },
			{ name: 'Import Many', value: 'importMany', action: 'Import many accounts' },
			{ name: 'Import One', value: 'importOne', action: 'Import an account' },
		],
		default: 'importOne',
	},
	...importOne.description,
	...importMany.description,
	...deleteAccount.description,
	...check.description,
];
