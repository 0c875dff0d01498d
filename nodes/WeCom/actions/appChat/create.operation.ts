import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { idList, weComRequest, withoutEnvelope } from '../../transport';
import { assertCount, fail } from '../common/checks';
import { CHAT_ID_PATTERN, MAX_MEMBERS, MIN_MEMBERS } from './fields';

const show = { resource: ['appChat'], operation: ['create'] };

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
	const userlist = [...new Set(idList(this.getNodeParameter('userIds', i, '')))];
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
	const response = await weComRequest.call(this, 'POST', '/cgi-bin/appchat/create', body, undefined, i);
	return { ...body, ...withoutEnvelope(response) };
}
