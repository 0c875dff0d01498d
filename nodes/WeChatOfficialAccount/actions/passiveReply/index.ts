import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as build from './build.operation';
import { replyFields } from './fields';
import * as reply from './reply.operation';

export const operations: Resource = { reply, build };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['passiveReply'] } },
		options: [
			{
				name: 'Build Only',
				value: 'build',
				description: 'Build the reply without answering anything',
				action: 'Build a passive reply',
			},
			{
				name: 'Reply',
				value: 'reply',
				description: 'Answer the waiting callback with a passive reply',
				action: 'Reply to the waiting callback',
			},
		],
		default: 'reply',
	},
	...reply.description,
	...build.description,
	...replyFields,
];
