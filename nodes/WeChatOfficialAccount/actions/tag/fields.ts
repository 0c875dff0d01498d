import type { INodeProperties } from 'n8n-workflow';

export function tagIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Tag ID',
		name: 'tagId',
		type: 'number',
		required: true,
		default: 0,
		description: 'The ID of Tag → Create or Tag → List',
		displayOptions: { show: { resource: ['tag'], operation: operations } },
	};
}

export function tagNameField(operations: string[]): INodeProperties {
	return {
		displayName: 'Tag Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 30 characters, unique in the account',
		displayOptions: { show: { resource: ['tag'], operation: operations } },
	};
}
