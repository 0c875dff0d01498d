import type { INodeProperties } from 'n8n-workflow';

export function tagIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Tag ID',
		name: 'tagId',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: { show: { resource: ['tag'], operation: operations } },
	};
}

export function memberFields(operations: string[]): INodeProperties[] {
	const show = { resource: ['tag'], operation: operations };
	return [
		{
			displayName: 'User IDs',
			name: 'userIds',
			type: 'string',
			default: '',
			placeholder: 'zhangsan, lisi',
			description: 'User IDs separated by commas or "|" (at most 1000)',
			displayOptions: { show },
		},
		{
			displayName: 'Department IDs',
			name: 'departmentIds',
			type: 'string',
			default: '',
			placeholder: '2, 3',
			description: 'Department IDs separated by commas or "|" (at most 100)',
			displayOptions: { show },
		},
	];
}
