/**
 * Add and Remove: servicer/add and servicer/del (path/94646, /94647) take the same body — up to
 * 100 user IDs and 100 department IDs per call — and answer a result per user or department.
 * Longer lists are sent in calls of 100; the output has one item per result.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import { chunks, fail, idList, itemParameter, requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { openKfIdField } from '../common/fields';
import { KF_IDS } from '../common/ids';

const MAX_PER_CALL = 100;

export function memberFields(show: Show, verb: string): INodeProperties[] {
	return [
		openKfIdField(show),
		{
			displayName: 'User IDs',
			name: 'userIds',
			type: 'string',
			default: '',
			placeholder: 'zhangsan, lisi',
			description: `WeCom members to ${verb}, separated by commas (sent 100 per call)`,
			displayOptions: { show },
		},
		{
			displayName: 'Department IDs',
			name: 'departmentIds',
			type: 'string',
			default: '',
			placeholder: '2, 3',
			description: `Departments to ${verb} as a whole, separated by commas (sent 100 per call)`,
			displayOptions: { show },
		},
	];
}

function result(openKfId: string, entry: IDataObject): IDataObject {
	const errcode = Number(entry.errcode ?? 0);
	return { open_kfid: openKfId, ...entry, errcode, ok: errcode === 0 };
}

export async function changeServicers(
	this: IExecuteFunctions,
	i: number,
	path: '/cgi-bin/kf/servicer/add' | '/cgi-bin/kf/servicer/del',
): Promise<IDataObject[]> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const users = idList(itemParameter.call(this, 'userIds', i, ''), KF_IDS);
	const departments = idList(itemParameter.call(this, 'departmentIds', i, ''), KF_IDS).map(Number);
	if (users.length === 0 && departments.length === 0) fail.call(this, i, 'Give at least one user ID or department ID');
	if (departments.some((id) => !Number.isInteger(id) || id <= 0)) fail.call(this, i, 'Department IDs must be whole numbers');
	const calls = Math.max(Math.ceil(users.length / MAX_PER_CALL), Math.ceil(departments.length / MAX_PER_CALL));
	const userChunks = chunks(users, MAX_PER_CALL);
	const departmentChunks = chunks(departments, MAX_PER_CALL);
	const out: IDataObject[] = [];
	for (let call = 0; call < calls; call++) {
		const body: IDataObject = { open_kfid: openKfId };
		if (userChunks[call]?.length) body.userid_list = userChunks[call];
		if (departmentChunks[call]?.length) body.department_id_list = departmentChunks[call];
		// Adding or removing a servicer twice ends the same way: safe to send again.
		const response = await kfRequest.call(this, { method: 'POST', path, body, itemIndex: i, safeToResend: true });
		for (const entry of (response.result_list as IDataObject[] | undefined) ?? []) out.push(result(openKfId, entry));
	}
	return out;
}
