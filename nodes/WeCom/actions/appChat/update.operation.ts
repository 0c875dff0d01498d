import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { keyFrom } from '../../../shared/router';
import { fail, idList, requiredId } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { WECOM_IDS } from '../common/ids';
import { chatIdField } from './fields';

export const description: INodeProperties[] = [
	chatIdField(['update']),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['appChat'], operation: ['update'] } },
		options: [
			{
				displayName: 'Add Member User IDs',
				name: 'addUserIds',
				type: 'string',
				default: '',
				placeholder: 'wangwu, zhaoliu',
				description: 'User IDs separated by commas or "|"',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'The new chat name, at most 50 characters',
			},
			{
				displayName: 'Owner User ID',
				name: 'owner',
				type: 'string',
				default: '',
				description: 'The new owner, a member of the chat',
			},
			{
				displayName: 'Remove Member User IDs',
				name: 'removeUserIds',
				type: 'string',
				default: '',
				placeholder: 'lisi',
				description: 'User IDs separated by commas or "|"',
			},
		],
	},
];

export const orderingKey = keyFrom('chatId', 'chat');

/** POST /cgi-bin/appchat/update — developer.work.weixin.qq.com/document/path/90246 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatid = requiredId.call(this, 'chatId', i, 'Chat ID');
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body: IDataObject = { chatid };
	const name = String(fields.name ?? '').trim();
	const owner = String(fields.owner ?? '').trim();
	const add = idList(fields.addUserIds, WECOM_IDS);
	const remove = idList(fields.removeUserIds, WECOM_IDS);
	if (name) body.name = name;
	if (owner) body.owner = owner;
	if (add.length) body.add_user_list = add;
	if (remove.length) body.del_user_list = remove;
	if (Object.keys(body).length === 1) {
		fail.call(this, i, 'Update Fields: set a name, an owner, members to add or members to remove');
	}
	await weComRequest.call(this, { method: 'POST', path: '/cgi-bin/appchat/update', body, itemIndex: i });
	return { ...body, success: true };
}
