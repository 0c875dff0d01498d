import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, itemParameter, requiredIds } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { OPENIDS } from '../common/ids';
import { languageField } from './fields';

const show = { resource: ['user'], operation: ['getMany'] };

// user/info/batchget: at most 100 OpenIDs per call.
const PER_CALL = 100;

export const description: INodeProperties[] = [
	{
		displayName: 'OpenIDs',
		name: 'openIds',
		type: 'string',
		required: true,
		default: '',
		description: 'OpenIDs separated by commas, spaces or new lines, or an array; more than 100 are asked 100 at a time',
		displayOptions: { show },
	},
	languageField(show),
];

/** POST /cgi-bin/user/info/batchget — …/User_Management/Get_users_basic_information_UnionID.html; one item per user, in the order asked. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const openids = requiredIds.call(this, 'openIds', i, 'OpenIDs', OPENIDS);
	const lang = itemParameter.call(this, 'language', i, 'zh_CN') as string;
	const users: IDataObject[] = [];
	for (const part of chunks(openids, PER_CALL)) {
		const response = await officialAccountRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/user/info/batchget',
			body: { user_list: part.map((openid) => ({ openid, lang })) },
			itemIndex: i,
			safeToResend: true,
		});
		users.push(...((response.user_info_list as IDataObject[] | undefined) ?? []));
	}
	return users;
}
