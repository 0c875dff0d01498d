import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as markRead from './markRead.operation';
import * as send from './send.operation';

export const operations: Resource = { send, markRead };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Send', value: 'send', action: 'Send a message', description: 'Send a text, picture or goods card to a user or group' },
			{ name: 'Mark Read', value: 'markRead', action: 'Mark a message as read' },
		],
		default: 'send',
	},
	...send.description,
	...markRead.description,
];
