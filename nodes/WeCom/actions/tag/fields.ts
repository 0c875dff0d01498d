import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { idList, splitInvalid, weComRequest, withoutEnvelope } from '../../transport';

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

/**
 * tag/addtagusers and tag/deltagusers take the same body and answer the same way: they change
 * what they can and list the rest (invalidlist "a|b", invalidparty [ids]).
 */
export async function changeTagMembers(
	this: IExecuteFunctions,
	i: number,
	path: '/cgi-bin/tag/addtagusers' | '/cgi-bin/tag/deltagusers',
): Promise<IDataObject> {
	const tagid = this.getNodeParameter('tagId', i) as number;
	const userlist = idList(this.getNodeParameter('userIds', i, ''));
	const partylist = idList(this.getNodeParameter('departmentIds', i, '')).map(Number);
	if (userlist.length === 0 && partylist.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Give at least one user ID or department ID', { itemIndex: i });
	}
	if (userlist.length > 1000) {
		throw new NodeOperationError(this.getNode(), 'User IDs: at most 1000 per call', { itemIndex: i });
	}
	if (partylist.length > 100) {
		throw new NodeOperationError(this.getNode(), 'Department IDs: at most 100 per call', { itemIndex: i });
	}
	if (partylist.some((id) => !Number.isInteger(id))) {
		throw new NodeOperationError(this.getNode(), 'Department IDs must be whole numbers', { itemIndex: i });
	}
	const body: IDataObject = { tagid };
	if (userlist.length) body.userlist = userlist;
	if (partylist.length) body.partylist = partylist;
	const response = await weComRequest.call(this, 'POST', path, body, undefined, i);
	return { tagid, ...splitInvalid(withoutEnvelope(response), ['invalidlist']) };
}
