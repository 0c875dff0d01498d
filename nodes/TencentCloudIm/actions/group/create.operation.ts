import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, idList, itemParameter } from '../../../shared/params';
import { timRequest, withoutEnvelope } from '../../transport';
import { TIM_IDS } from '../common/ids';

const show = { resource: ['group'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'groupType',
		type: 'options',
		options: [
			{ name: 'Audio-Video Chat Room (AVChatRoom)', value: 'AVChatRoom', description: '直播群' },
			{ name: 'Community', value: 'Community', description: '社群: a custom Group ID must start with @TGS#_' },
			{ name: 'Meeting (ChatRoom)', value: 'ChatRoom', description: '会议群' },
			{ name: 'Public', value: 'Public', description: '陌生人社交群' },
			{ name: 'Work (Private)', value: 'Private', description: '好友工作群' },
		],
		default: 'Public',
		displayOptions: { show },
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Apply Join Option',
				name: 'applyJoinOption',
				type: 'options',
				options: [
					{ name: 'Disabled', value: 'DisableApply' },
					{ name: 'Free Access', value: 'FreeAccess' },
					{ name: 'Need Permission', value: 'NeedPermission' },
				],
				default: 'NeedPermission',
			},
			{ displayName: 'Avatar URL', name: 'faceUrl', type: 'string', default: '' },
			{
				displayName: 'Group ID',
				name: 'groupId',
				type: 'string',
				default: '',
				description: 'A custom group ID; empty = Tencent picks one',
			},
			{
				displayName: 'Initial Members',
				name: 'members',
				type: 'string',
				default: '',
				placeholder: 'user1, user2',
				description: 'UserIDs added at creation (MemberList); not allowed for AVChatRoom',
			},
			{ displayName: 'Introduction', name: 'introduction', type: 'string', default: '' },
			{ displayName: 'Max Members', name: 'maxMemberCount', type: 'number', default: 0, description: '0 = the package limit' },
			{ displayName: 'Notification', name: 'notification', type: 'string', default: '' },
			{ displayName: 'Owner Account', name: 'ownerAccount', type: 'string', default: '', description: 'Group owner (Owner_Account); empty = no owner' },
		],
	},
];

/** POST /v4/group_open_http_svc/create_group — cloud.tencent.com/document/product/269/1615 (创建群组). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = itemParameter.call(this, 'groupType', i) as string;
	const name = String(itemParameter.call(this, 'name', i, '')).trim();
	if (!name) fail.call(this, i, 'Name is empty');
	const f = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = { Type: type, Name: name };
	if (f.ownerAccount) body.Owner_Account = String(f.ownerAccount).trim();
	if (f.groupId) {
		const groupId = String(f.groupId).trim();
		if (type === 'Community' && !groupId.startsWith('@TGS#_')) {
			fail.call(this, i, 'Group ID: a Community group ID must start with "@TGS#_"');
		}
		body.GroupId = groupId;
	}
	if (f.introduction) body.Introduction = String(f.introduction);
	if (f.notification) body.Notification = String(f.notification);
	if (f.faceUrl) body.FaceUrl = String(f.faceUrl);
	if (Number(f.maxMemberCount) > 0) body.MaxMemberCount = Number(f.maxMemberCount);
	if (f.applyJoinOption) body.ApplyJoinOption = String(f.applyJoinOption);
	const members = idList(f.members, TIM_IDS);
	if (members.length) {
		if (type === 'AVChatRoom') {
			fail.call(this, i, 'Initial Members: an AVChatRoom cannot have initial members');
		}
		body.MemberList = members.map((Member_Account) => ({ Member_Account }));
	}
	const response = await timRequest.call(this, { path: '/v4/group_open_http_svc/create_group', body, itemIndex: i });
	return { Type: type, Name: name, ...withoutEnvelope(response) };
}
