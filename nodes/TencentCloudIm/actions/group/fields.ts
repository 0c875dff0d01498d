import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

export function requiredGroupId(this: IExecuteFunctions, i: number): string {
	const groupId = String(this.getNodeParameter('groupId', i, '')).trim();
	if (!groupId) throw new NodeOperationError(this.getNode(), 'Group ID: required', { itemIndex: i });
	return groupId;
}

/** Community (社群) IDs start with "@TGS#_" (269/1615): those page members with Next, not Offset. */
export function isCommunity(groupId: string): boolean {
	return groupId.startsWith('@TGS#_');
}
