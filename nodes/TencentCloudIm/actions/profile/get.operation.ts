import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, fail, idList, itemParameter, requiredIds } from '../../../shared/params';
import { timRequest } from '../../transport';
import { userIdsField } from '../common/fields';
import { TIM_IDS } from '../common/ids';
import { STANDARD_TAGS } from './fields';
import { customTag } from './tags';

/** portrait_get takes at most 100 accounts a call (269/1639). */
export const PROFILE_LIMIT = 100;

const show = { resource: ['profile'], operation: ['get'] };

export const description: INodeProperties[] = [
	userIdsField(['get'], 'UserIDs, separated by commas or new lines; more than 100 are read in several calls', 'profile'),
	{
		displayName: 'Standard Tags',
		name: 'tags',
		type: 'multiOptions',
		options: STANDARD_TAGS,
		default: ['Tag_Profile_IM_Nick', 'Tag_Profile_IM_Image'],
		displayOptions: { show },
	},
	{
		displayName: 'Custom Tags',
		name: 'customTags',
		type: 'string',
		default: '',
		placeholder: 'Level, Tag_Profile_Custom_Vip',
		description: 'Custom profile fields, with or without the Tag_Profile_Custom_ prefix',
		displayOptions: { show },
	},
];

/**
 * POST /v4/profile/portrait_get — cloud.tencent.com/document/product/269/1639 (拉取资料).
 * One output item per user, the tags flattened into `profile`.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const accounts = requiredIds.call(this, 'userIds', i, 'User IDs', TIM_IDS);
	const tags = [
		...(this.getNodeParameter('tags', i, []) as string[]),
		...idList(itemParameter.call(this, 'customTags', i, ''), TIM_IDS).map(customTag),
	];
	if (tags.length === 0) fail.call(this, i, 'Choose at least one tag');
	const users: IDataObject[] = [];
	for (const part of chunks(accounts, PROFILE_LIMIT)) {
		const response = await timRequest.call(this, {
			path: '/v4/profile/portrait_get',
			body: { To_Account: part, TagList: tags },
			itemIndex: i,
			safeToResend: true,
		});
		for (const item of (response.UserProfileItem as IDataObject[] | undefined) ?? []) {
			const profile: IDataObject = {};
			for (const entry of (item.ProfileItem as IDataObject[] | undefined) ?? []) profile[String(entry.Tag)] = entry.Value;
			users.push({ UserID: item.To_Account, ResultCode: item.ResultCode ?? 0, ResultInfo: item.ResultInfo ?? '', profile });
		}
	}
	return users;
}
