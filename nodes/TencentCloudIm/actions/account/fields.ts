import type { INodeProperties } from 'n8n-workflow';

export function userIdsField(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'user1, user2',
		description,
		displayOptions: { show: { resource: ['account'], operation: operations } },
	};
}
