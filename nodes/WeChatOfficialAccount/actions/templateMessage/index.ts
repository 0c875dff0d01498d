import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as deleteTemplate from './deleteTemplate.operation';
import * as listTemplates from './listTemplates.operation';
import * as send from './send.operation';

export const operations: Resource = { deleteTemplate, listTemplates, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['templateMessage'] } },
		options: [
			{ name: 'Delete Template', value: 'deleteTemplate', action: 'Delete a message template' },
			{ name: 'List Templates', value: 'listTemplates', action: 'List the message templates' },
			{ name: 'Send', value: 'send', action: 'Send a template message' },
		],
		default: 'send',
	},
	...send.description,
	...listTemplates.description,
	...deleteTemplate.description,
];
