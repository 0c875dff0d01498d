import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import { bodyFields } from './elements';
import * as groupSystemNotification from './groupSystemNotification.operation';
import * as sendGroup from './sendGroup.operation';
import * as sendMany from './sendMany.operation';
import * as sendOne from './sendOne.operation';
import { optionFields } from './sendOptions';

export const operations: Resource = { sendOne, sendMany, sendGroup, groupSystemNotification };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Send Group System Notification', value: 'groupSystemNotification', action: 'Send a group system notification' },
			{ name: 'Send One-to-One', value: 'sendOne', action: 'Send a message to one user' },
			{ name: 'Send to Group', value: 'sendGroup', action: 'Send a message to a group' },
			{ name: 'Send to Many', value: 'sendMany', action: 'Send a message to many users' },
		],
		default: 'sendOne',
	},
	...sendOne.description,
	...sendMany.description,
	...sendGroup.description,
	...groupSystemNotification.description,
	...bodyFields,
	...optionFields,
];
