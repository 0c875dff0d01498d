import type { INodeProperties } from 'n8n-workflow';

export function groupIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '@TGS#2J4SZEAEL',
		displayOptions: { show: { resource: ['group'], operation: operations } },
	};
}

export function membersField(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'Member UserIDs',
		name: 'members',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'user1, user2',
		description,
		displayOptions: { show: { resource: ['group'], operation: operations } },
	};
}
