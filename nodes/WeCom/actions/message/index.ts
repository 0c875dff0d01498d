import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as recall from './recall.operation';
import * as send from './send.operation';

export const operations: Resource = { recall, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Recall', value: 'recall', action: 'Recall an app message' },
			{ name: 'Send', value: 'send', action: 'Send an app message' },
		],
		default: 'send',
	},
	...send.description,
	...recall.description,
];
