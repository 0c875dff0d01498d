import type { INodeProperties } from 'n8n-workflow';

export function draftIdField(operation: string): INodeProperties {
	return {
		displayName: 'Draft Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'The media_id of Draft → Add or Draft → List',
		displayOptions: { show: { resource: ['draft'], operation: [operation] } },
	};
}
