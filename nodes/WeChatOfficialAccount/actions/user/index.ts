import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as listOpenIds from './listOpenIds.operation';
import * as updateRemark from './updateRemark.operation';

export const operations: Resource = { get, getMany, listOpenIds, updateRemark };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a follower' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many followers' },
			{ name: 'List OpenIDs', value: 'listOpenIds', action: 'List the followers' },
			{ name: 'Update Remark', value: 'updateRemark', action: 'Update the remark of a follower' },
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...listOpenIds.description,
	...updateRemark.description,
];
