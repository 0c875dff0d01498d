import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertCount, fail, idList, itemParameter, runParameter } from '../../../shared/params';
import { credentialData } from '../../../shared/request';
import { EVERYONE } from '../../../shared/router';
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

// A resend after an unclear outcome happens within a minute of the first attempt (3 resends, each
// waiting at most 10 s for an answer): a shorter check interval would let the repeat through.
const MIN_SAFE_CHECK_INTERVAL = 60;

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
				description:
					'Whether WeCom drops an identical message sent again within the check interval (enable_duplicate_check). With it, the node can safely resend a message whose answer was lost (a gateway error, a timeout); without it, such a message fails with "may have been delivered" instead of risking a duplicate.',
			},
			{
				displayName: 'Duplicate Check Interval (Seconds)',
				name: 'duplicateCheckInterval',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 14400 },
				default: 1800,
				description: 'Used with Duplicate Check; at most 4 hours. Resends are only made with at least 60 seconds.',
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

interface Targets {
	toAll: boolean;
	users: string[];
	departments: string[];
	tags: string[];
}

function targets(this: IExecuteFunctions, i: number): Targets {
	const list = (name: string) => idList(itemParameter.call(this, name, i, ''), WECOM_IDS);
	const toAll = Boolean(itemParameter.call(this, 'toAll', i, false));
	if (toAll) return { toAll, users: [], departments: [], tags: [] };
	return { toAll, users: list('userIds'), departments: list('departmentIds'), tags: list('tagIds') };
}

/**
 * Who the message reaches, as the pacer counts them: each user (user IDs are case-insensitive),
 * and a department, tag or @all as one recipient, since its members are not known here.
 */
function recipientKeys({ toAll, users, departments, tags }: Targets): string[] {
	if (toAll) return ['@all'];
	return [
		...users.map((id) => `user:${id.toLowerCase()}`),
		...departments.map((id) => `party:${id}`),
		...tags.map((id) => `tag:${id}`),
	];
}

/**
 * Messages to the same user go out in item order. A department, a tag or @all may reach anyone,
 * so such a message waits for the items before it and holds back the items after it.
 */
export function orderingKey(this: IExecuteFunctions, i: number): string[] {
	const to = targets.call(this, i);
	if (to.toAll || to.departments.length || to.tags.length) return [EVERYONE];
	return recipientKeys(to);
}

function recipients(this: IExecuteFunctions, i: number, { toAll, users, departments, tags }: Targets): IDataObject {
	if (toAll) return { touser: '@all' };
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
	const wanted = targets.call(this, i);
	const to = recipients.call(this, i, wanted);
	const { body: content, uploaded } = await buildMessageContent.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body: IDataObject = { ...to, agentid, ...content };
	if (options.safe !== undefined && Number(options.safe) !== 0) body.safe = Number(options.safe);
	if (options.enableIdTrans) body.enable_id_trans = 1;
	let checkInterval = 0;
	if (options.enableDuplicateCheck) {
		checkInterval = Number(options.duplicateCheckInterval ?? 1800);
		body.enable_duplicate_check = 1;
		body.duplicate_check_interval = checkInterval;
	}
	const response = await weComRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/message/send',
		body,
		itemIndex: i,
		// WeCom's per-member limit is paced only when asked: it holds every message past the 30th a
		// minute to one member for up to a minute, which a bulk run to a few members rarely wants.
		recipients: runParameter.call(this, 'throughput.perMemberLimit', false) ? recipientKeys(wanted) : undefined,
		// With the duplicate check WeCom drops the same request JSON sent again within the interval
		// (path/90236), so the very same body may be sent again when its answer was lost.
		safeToResend: checkInterval >= MIN_SAFE_CHECK_INTERVAL,
		resendHint: 'Turn on Options → Duplicate Check to let the node resend such a message safely.',
	});
	const result = withoutEnvelope(response);
	// Always arrays, so a workflow can test `.length` without checking that the field exists.
	for (const field of INVALID_FIELDS) result[field] ??= '';
	const output: IDataObject = { msgtype: content.msgtype, ...splitInvalid(result, INVALID_FIELDS) };
	if (uploaded) output.media_id = uploaded.media_id;
	return output;
}
