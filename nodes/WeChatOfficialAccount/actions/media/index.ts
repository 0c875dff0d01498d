import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as addPermanent from './addPermanent.operation';
import * as count from './count.operation';
import * as deletePermanent from './deletePermanent.operation';
import * as downloadTemporary from './downloadTemporary.operation';
import * as getPermanent from './getPermanent.operation';
import * as listPermanent from './listPermanent.operation';
import * as uploadTemporary from './uploadTemporary.operation';

export const operations: Resource = { addPermanent, count, deletePermanent, downloadTemporary, getPermanent, listPermanent, uploadTemporary };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{ name: 'Add Permanent', value: 'addPermanent', action: 'Add a permanent material' },
			{ name: 'Count Permanent', value: 'count', action: 'Count the permanent materials' },
			{ name: 'Delete Permanent', value: 'deletePermanent', action: 'Delete a permanent material' },
			{ name: 'Download Temporary', value: 'downloadTemporary', action: 'Download a temporary media' },
			{ name: 'Get Permanent', value: 'getPermanent', action: 'Get a permanent material' },
			{ name: 'List Permanent', value: 'listPermanent', action: 'List permanent materials' },
			{ name: 'Upload Temporary', value: 'uploadTemporary', action: 'Upload a temporary media' },
		],
		default: 'uploadTemporary',
	},
	...uploadTemporary.description,
	...downloadTemporary.description,
	...addPermanent.description,
	...getPermanent.description,
	...deletePermanent.description,
	...count.description,
	...listPermanent.description,
];
