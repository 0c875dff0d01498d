import type { INodeProperties } from 'n8n-workflow';

export function chatIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Chat ID',
		name: 'chatId',
		type: 'string',
		required: true,
		default: '',
		description: 'The chatid returned by Create (or chosen there)',
		displayOptions: { show: { resource: ['appChat'], operation: operations } },
	};
}
