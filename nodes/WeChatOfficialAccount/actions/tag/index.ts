import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as create from './create.operation';
import * as deleteTag from './delete.operation';
import * as getUserTags from './getUserTags.operation';
import * as list from './list.operation';
import * as listUsers from './listUsers.operation';
import * as tagUsers from './tagUsers.operation';
import * as untagUsers from './untagUsers.operation';
import * as update from './update.operation';

export const operations: Resource = { create, delete: deleteTag, getUserTags, list, listUsers, tagUsers, untagUsers, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a tag' },
			{ name: 'Delete', value: 'delete', action: 'Delete a tag' },
			{ name: 'Get User Tags', value: 'getUserTags', action: 'Get the tags of a follower' },
			{ name: 'List', value: 'list', action: 'List tags' },
			{ name: 'List Users', value: 'listUsers', action: 'List the followers of a tag' },
			{ name: 'Tag Users', value: 'tagUsers', action: 'Tag followers' },
			{ name: 'Untag Users', value: 'untagUsers', action: 'Untag followers' },
			{ name: 'Update', value: 'update', action: 'Rename a tag' },
		],
		default: 'create',
	},
	...create.description,
	...update.description,
	...deleteTag.description,
	...tagUsers.description,
	...untagUsers.description,
	...getUserTags.description,
	...listUsers.description,
	...list.description,
];
