import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';
import * as send from './send.operation';
import * as update from './update.operation';

export const operations: Resource = { create, get, send, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['appChat'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create an app chat' },
			{ name: 'Get', value: 'get', action: 'Get an app chat' },
			{ name: 'Send', value: 'send', action: 'Send a message to an app chat' },
			{ name: 'Update', value: 'update', action: 'Update an app chat' },
		],
		default: 'send',
	},
	...create.description,
	...update.description,
	...get.description,
	...send.description,
];
