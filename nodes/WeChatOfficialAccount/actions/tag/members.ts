/** Tag Users and Untag Users: the same call shape, 50 OpenIDs at a time. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, itemParameter, requiredIds } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { OPENIDS } from '../common/ids';
import { tagIdField } from './fields';

// members/batchtagging and batchuntagging: at most 50 OpenIDs per call.
const PER_CALL = 50;

export function membersDescription(operation: string): INodeProperties[] {
	return [
		tagIdField([operation]),
		{
			displayName: 'OpenIDs',
			name: 'openIds',
			type: 'string',
			required: true,
			default: '',
			description: 'OpenIDs separated by commas, spaces or new lines, or an array; more than 50 go 50 at a time',
			displayOptions: { show: { resource: ['tag'], operation: [operation] } },
		},
	];
}

/** Tagging a follower twice (or untagging twice) changes nothing, so a call may be sent again. */
export async function changeMembers(this: IExecuteFunctions, i: number, path: string): Promise<IDataObject> {
	const tagid = itemParameter.call(this, 'tagId', i) as number;
	const openids = requiredIds.call(this, 'openIds', i, 'OpenIDs', OPENIDS);
	for (const part of chunks(openids, PER_CALL)) {
		await officialAccountRequest.call(this, { method: 'POST', path, body: { openid_list: part, tagid }, itemIndex: i, safeToResend: true });
	}
	return { tagid, openids, count: openids.length };
}
