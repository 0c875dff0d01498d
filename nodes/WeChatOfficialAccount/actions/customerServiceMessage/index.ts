import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as send from './send.operation';
import * as typing from './typing.operation';

export const operations: Resource = { send, typing };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customerServiceMessage'] } },
		options: [
			{ name: 'Send', value: 'send', action: 'Send a customer service message' },
			{ name: 'Set Typing', value: 'typing', action: 'Show or hide typing to a follower' },
		],
		default: 'send',
	},
	...send.description,
	...typing.description,
];
