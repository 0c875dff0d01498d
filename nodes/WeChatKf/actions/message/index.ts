import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as send from './send.operation';
import * as sendOnEvent from './sendOnEvent.operation';
import * as sync from './sync.operation';

export const operations: Resource = { send, sendOnEvent, sync };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Send', value: 'send', action: 'Send a message to a customer' },
			{ name: 'Send on Event', value: 'sendOnEvent', action: 'Send a welcome or event reply' },
			{ name: 'Sync', value: 'sync', action: 'Read received messages' },
		],
		default: 'send',
	},
	...send.description,
	...sendOnEvent.description,
	...sync.description,
];
