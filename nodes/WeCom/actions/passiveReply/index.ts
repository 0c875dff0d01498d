import type { INodeProperties } from 'n8n-workflow';
import { operationMenu } from '../../../shared/fields';
import type { Resource } from '../../../shared/router';
import * as build from './build.operation';
import { replyFields } from './fields';
import * as reply from './reply.operation';

// "build" was the only operation (a Respond to Webhook node returned its output); it stays.
export const operations: Resource = { reply, build };

export const description: INodeProperties[] = [
	// Version 1 had only "build" (answered by a Respond to Webhook node): its workflows keep it.
	...operationMenu(
		'passiveReply',
		[
			{
				name: 'Build Only',
				value: 'build',
				description: 'Build the encrypted reply without answering anything',
				action: 'Build an encrypted passive reply',
			},
			{
				name: 'Reply',
				value: 'reply',
				description: 'Answer the waiting WeCom callback with an encrypted passive reply',
				action: 'Reply to the waiting callback',
			},
		],
		[
			{ versions: [1], value: 'build' },
			{ versions: [1.1], value: 'reply' },
		],
	),
	...reply.description,
	...build.description,
	...replyFields,
];
