import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, fail, idList } from '../../../shared/params';
import { credentialData } from '../../../shared/request';
import { weComRequest } from '../../transport';
import { splitInvalid, withoutEnvelope } from '../common/answer';
import { WECOM_IDS } from '../common/ids';
import { APP_MESSAGE_TYPES, buildMessageContent, messageContentDescription } from '../common/messageTypes';

const show = { resource: ['message'], operation: ['send'] };

// Recipient caps of message/send: 1000 users, 100 departments, 100 tags (document/path/90236).
const MAX_USERS = 1000;
const MAX_DEPARTMENTS = 100;
const MAX_TAGS = 100;

const INVALID_FIELDS = ['invaliduser', 'invalidparty', 'invalidtag', 'unlicenseduser'];

export const description: INodeProperties[] = [
	{
		displayName: 'Send to Everyone',
		name: 'toAll',
		type: 'boolean',
		default: false,
		description: "Whether to send to every member in the app's visible range (@all)",
		displayOptions: { show },
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		placeholder: 'zhangsan, lisi',
		description: 'User IDs separated by commas or "|" (at most 1000)',
		displayOptions: { show: { ...show, toAll: [false] } },
	},
	{
		displayName: 'Department IDs',
		name: 'departmentIds',
		type: 'string',
		default: '',
		placeholder: '2, 3',
		description: 'Department IDs separated by commas or "|" (at most 100)',
		displayOptions: { show: { ...show, toAll: [false] } },
	},
	{
		displayName: 'Tag IDs',
		name: 'tagIds',
		type: 'string',
		default: '',
		placeholder: '1, 4',
		description: 'Tag IDs separated by commas or "|" (at most 100)',
		displayOptions: { show: { ...show, toAll: [false] } },
	},
	...messageContentDescription(show, APP_MESSAGE_TYPES),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Duplicate Check',
				name: 'enableDuplicateCheck',
				type: 'boolean',
				default: false,
				description: 'Whether WeCom drops an identical message sent again within the check interval',
			},
			{
				displayName: 'Duplicate Check Interval (Seconds)',
				name: 'duplicateCheckInterval',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 14400 },
				default: 1800,
				description: 'Used with Duplicate Check; at most 4 hours',
			},
			{
				displayName: 'Safe',
				name: 'safe',
				type: 'options',
				options: [
					{
						name: 'Confidential',
						value: 1,
						description: 'Cannot be shared, shown with a watermark',
					},
					{
						name: 'Shareable',
						value: 0,
					},
					{
						name: 'Shareable Inside the Company Only',
						value: 2,
						description: 'MP News only',
					},
				],
				default: 0,
				description: 'Whether the message is confidential (safe)',
			},
			{
				displayName: 'Translate IDs',
				name: 'enableIdTrans',
				type: 'boolean',
				default: false,
				description:
					'Whether to turn $userName=ID$ and $departmentName=ID$ in the content into names (enable_id_trans)',
			},
		],
	},
];

function recipients(this: IExecuteFunctions, i: number): IDataObject {
	if (this.getNodeParameter('toAll', i, false) as boolean) return { touser: '@all' };
	const users = idList(this.getNodeParameter('userIds', i, ''), WECOM_IDS);
	const departments = idList(this.getNodeParameter('departmentIds', i, ''), WECOM_IDS);
	const tags = idList(this.getNodeParameter('tagIds', i, ''), WECOM_IDS);
	if (!users.length && !departments.length && !tags.length) {
		fail.call(this, i, 'Give at least one user ID, department ID or tag ID, or turn on Send to Everyone');
	}
	assertCount.call(this, i, 'User IDs', users.length, 0, MAX_USERS);
	assertCount.call(this, i, 'Department IDs', departments.length, 0, MAX_DEPARTMENTS);
	assertCount.call(this, i, 'Tag IDs', tags.length, 0, MAX_TAGS);
	const to: IDataObject = {};
	if (users.length) to.touser = users.join('|');
	if (departments.length) to.toparty = departments.join('|');
	if (tags.length) to.totag = tags.join('|');
	return to;
}

/** POST /cgi-bin/message/send — developer.work.weixin.qq.com/document/path/90236 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const credentials = await credentialData(this, 'weComApi');
	const agentid = Number(String(credentials.agentId ?? '').trim());
	if (!Number.isInteger(agentid) || agentid <= 0) {
		fail.call(this, i, 'The credential\'s Agent ID must be a number, e.g. 1000002');
	}
	const to = recipients.call(this, i);
	const { body: content, uploaded } = await buildMessageContent.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body: IDataObject = { ...to, agentid, ...content };
	if (options.safe !== undefined && Number(options.safe) !== 0) body.safe = Number(options.safe);
	if (options.enableIdTrans) body.enable_id_trans = 1;
	if (options.enableDuplicateCheck) {
		body.enable_duplicate_check = 1;
		body.duplicate_check_interval = Number(options.duplicateCheckInterval ?? 1800);
	}
	const response = await weComRequest.call(this, { method: 'POST', path: '/cgi-bin/message/send', body, itemIndex: i });
	const result = withoutEnvelope(response);
	// Always arrays, so a workflow can test `.length` without checking that the field exists.
	for (const field of INVALID_FIELDS) result[field] ??= '';
	const output: IDataObject = { msgtype: content.msgtype, ...splitInvalid(result, INVALID_FIELDS) };
	if (uploaded) output.media_id = uploaded.media_id;
	return output;
}
