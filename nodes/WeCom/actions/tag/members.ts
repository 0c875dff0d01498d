/** Add Members and Remove Members: the same body, the same answer, another path. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fail, idList, itemParameter } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { splitInvalid, withoutEnvelope } from '../common/answer';
import { WECOM_IDS } from '../common/ids';

// Per call: at most 1000 users and 100 departments (document/path/90214).
const MAX_USERS = 1000;
const MAX_DEPARTMENTS = 100;

/**
 * tag/addtagusers and tag/deltagusers take the same body and answer the same way: they change
 * what they can and list the rest (invalidlist "a|b", invalidparty [ids]).
 */
export async function changeTagMembers(
	this: IExecuteFunctions,
	i: number,
	path: '/cgi-bin/tag/addtagusers' | '/cgi-bin/tag/deltagusers',
): Promise<IDataObject> {
	const tagid = itemParameter.call(this, 'tagId', i) as number;
	const userlist = idList(itemParameter.call(this, 'userIds', i, ''), WECOM_IDS);
	const partylist = idList(itemParameter.call(this, 'departmentIds', i, ''), WECOM_IDS).map(Number);
	if (userlist.length === 0 && partylist.length === 0) fail.call(this, i, 'Give at least one user ID or department ID');
	if (userlist.length > MAX_USERS) fail.call(this, i, `User IDs: at most ${MAX_USERS} per call`);
	if (partylist.length > MAX_DEPARTMENTS) fail.call(this, i, `Department IDs: at most ${MAX_DEPARTMENTS} per call`);
	if (partylist.some((id) => !Number.isInteger(id))) fail.call(this, i, 'Department IDs must be whole numbers');
	const body: IDataObject = { tagid };
	if (userlist.length) body.userlist = userlist;
	if (partylist.length) body.partylist = partylist;
	const response = await weComRequest.call(this, { method: 'POST', path, body, itemIndex: i });
	return { tagid, ...splitInvalid(withoutEnvelope(response), ['invalidlist']) };
}
