import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertMaxBytes, assertNotEmpty, idList, itemParameter } from '../../../shared/params';
import { WECOM_IDS } from '../common/ids';
import { robotShow } from './fields';
import { robotSend } from './send';

const show = robotShow('sendText');

// Robot text: at most 2048 bytes (developer.work.weixin.qq.com/document/path/91770).
const MAX_BYTES = 2048;

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: `At most ${MAX_BYTES} bytes in UTF-8`,
		displayOptions: { show },
	},
	{
		displayName: 'Mention Everyone',
		name: 'mentionAll',
		type: 'boolean',
		default: false,
		description: 'Whether to @ everyone in the group (@all)',
		displayOptions: { show },
	},
	{
		displayName: 'Mentioned User IDs',
		name: 'mentionedUserIds',
		type: 'string',
		default: '',
		placeholder: 'zhangsan, lisi',
		description: 'Members to @, by user ID, separated by commas or "|"',
		displayOptions: { show },
	},
	{
		displayName: 'Mentioned Mobiles',
		name: 'mentionedMobiles',
		type: 'string',
		default: '',
		placeholder: '13800001111, 13900002222',
		description: 'Members to @, by mobile number, separated by commas or "|"',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const content = String(itemParameter.call(this, 'content', i, '') ?? '');
	assertNotEmpty.call(this, i, 'Text', content);
	assertMaxBytes.call(this, i, 'Text', content, MAX_BYTES);
	const users = idList(itemParameter.call(this, 'mentionedUserIds', i, ''), WECOM_IDS);
	const mobiles = idList(itemParameter.call(this, 'mentionedMobiles', i, ''), WECOM_IDS);
	if (itemParameter.call(this, 'mentionAll', i, false) as boolean) users.push('@all');
	const text: IDataObject = { content };
	if (users.length) text.mentioned_list = [...new Set(users)];
	if (mobiles.length) text.mentioned_mobile_list = mobiles;
	return await robotSend.call(this, i, { msgtype: 'text', text });
}
