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

/** chatid: at most 32 characters, digits and letters only (document/path/90245). */
export const CHAT_ID_PATTERN = /^[0-9a-zA-Z]{1,32}$/;

/** An app chat holds 2 to 2000 members (document/path/90245). */
export const MIN_MEMBERS = 2;
export const MAX_MEMBERS = 2000;
