import type { INodeProperties } from 'n8n-workflow';
import { operationMenu } from '../../../shared/fields';
import type { Resource } from '../../../shared/router';
import * as answer from './answer.operation';
import * as build from './build.operation';
import { answerFields } from './fields';

// "build" was the only operation (a Respond to Webhook node returned its output); it stays.
export const operations: Resource = { answer, build };

export const description: INodeProperties[] = [
	// Version 1 had only "build" (answered by a Respond to Webhook node): its workflows keep it.
	...operationMenu(
		'callbackAnswer',
		[
			{
				name: 'Answer',
				value: 'answer',
				description: 'Allow, block, drop or rewrite the message the waiting before-send callback is about',
				action: 'Answer the waiting before send callback',
			},
			{
				name: 'Build Only',
				value: 'build',
				description: 'Build the answer JSON without sending it',
				action: 'Build a callback answer',
			},
		],
		[
			{ versions: [1], value: 'build' },
			{ versions: [1.1], value: 'answer' },
		],
	),
	...answer.description,
	...build.description,
	...answerFields,
];
