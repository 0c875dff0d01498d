import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as send from './send.operation';

export const operations: Resource = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscriptionNotice'] } },
		options: [{ name: 'Send', value: 'send', action: 'Send a subscription notice' }],
		default: 'send',
	},
	...send.description,
];
