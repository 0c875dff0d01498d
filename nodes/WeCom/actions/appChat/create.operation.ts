import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, fail, idList, itemParameter } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { WECOM_IDS } from '../common/ids';

const show = { resource: ['appChat'], operation: ['create'] };

/** chatid: at most 32 characters, digits and letters only (document/path/90245). */
const CHAT_ID_PATTERN = /^[0-9a-zA-Z]{1,32}$/;

/** An app chat holds 2 to 2000 members (document/path/90245). */
const MIN_MEMBERS = 2;
const MAX_MEMBERS = 2000;

export const description: INodeProperties[] = [
	{
		displayName: 'Member User IDs',
		name: 'userIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'zhangsan, lisi',
		description: 'User IDs separated by commas or "|": 2 to 2000 members, the owner included',
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
				displayName: 'Chat ID',
				name: 'chatId',
				type: 'string',
				default: '',
				description: 'A chosen ID (at most 32 letters and digits); WeCom makes one up when empty',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'At most 50 characters; WeCom cuts longer names',
			},
			{
				displayName: 'Owner User ID',
				name: 'owner',
				type: 'string',
				default: '',
				description: 'Must be one of the members; WeCom picks one at random when empty',
			},
		],
	},
];

/** POST /cgi-bin/appchat/create — developer.work.weixin.qq.com/document/path/90245 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	// Each member counts once towards 2 to 2000, however often it is given.
	const userlist = idList(itemParameter.call(this, 'userIds', i, ''), { ...WECOM_IDS, unique: true });
	assertCount.call(this, i, 'Member User IDs', userlist.length, MIN_MEMBERS, MAX_MEMBERS);
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = { userlist };
	const name = String(fields.name ?? '').trim();
	const owner = String(fields.owner ?? '').trim();
	const chatid = String(fields.chatId ?? '').trim();
	if (name) body.name = name;
	if (owner) {
		if (!userlist.includes(owner)) fail.call(this, i, `Owner User ID "${owner}" is not one of the Member User IDs`);
		body.owner = owner;
	}
	if (chatid) {
		if (!CHAT_ID_PATTERN.test(chatid)) fail.call(this, i, 'Chat ID: at most 32 characters, letters and digits only');
		body.chatid = chatid;
	}
	const response = await weComRequest.call(this, { method: 'POST', path: '/cgi-bin/appchat/create', body, itemIndex: i });
	return { ...body, ...withoutEnvelope(response) };
}
