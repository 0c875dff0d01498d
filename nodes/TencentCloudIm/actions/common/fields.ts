import type { INodeProperties } from 'n8n-workflow';

/** A list of UserIDs (commas or new lines) for the given resource's operations. */
export function userIdsField(operations: string[], description: string, resource = 'account'): INodeProperties {
	return {
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'user1, user2',
		description,
		displayOptions: { show: { resource: [resource], operation: operations } },
	};
}
