import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as convertToOpenId from './convertToOpenId.operation';
import * as convertToUserId from './convertToUserId.operation';
import * as get from './get.operation';
import * as listIds from './listIds.operation';

export const operations: Resource = { convertToOpenId, convertToUserId, get, listIds };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Convert to OpenID', value: 'convertToOpenId', action: 'Get the openid of a user' },
			{ name: 'Convert to User ID', value: 'convertToUserId', action: 'Find the user behind an openid' },
			{ name: 'Get', value: 'get', action: 'Get a user' },
			{
				name: 'List IDs',
				value: 'listIds',
				action: 'List users and their departments',
				description: 'Needs a credential with the Contacts Sync (通讯录同步) Secret',
			},
		],
		default: 'get',
	},
	...get.description,
	...listIds.description,
	...convertToOpenId.description,
	...convertToUserId.description,
];
