/**
 * The send options of Send One-to-One (openim/sendmsg, cloud.tencent.com/document/product/269/2282),
 * Send to Many (openim/batchsendmsg, 269/1612) and Send to Group (send_group_msg, 269/1629). One
 * table says which operation takes which option: it builds each operation's Options collection
 * and sets only those options in the body.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export const SEND_OPERATIONS = ['sendOne', 'sendMany', 'sendGroup'];

type SendOperation = 'sendOne' | 'sendMany' | 'sendGroup';

interface SendOption {
	property: INodeProperties;
	operations: SendOperation[];
	/** Sets the option's field of the request body from the value the user gave. */
	apply(body: IDataObject, value: unknown): void;
}

const ALL: SendOperation[] = ['sendOne', 'sendMany', 'sendGroup'];

const nonEmptyList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0;

/** In the order the Options collections list them. */
const OPTIONS: SendOption[] = [
	{
		property: {
			displayName: 'Cloud Custom Data',
			name: 'cloudCustomData',
			type: 'string',
			default: '',
			description: 'Custom data stored with the message in the cloud (CloudCustomData)',
		},
		operations: ALL,
		apply: (body, value) => {
			if (value) body.CloudCustomData = String(value);
		},
	},
	{
		property: {
			displayName: 'Disable Callbacks',
			name: 'forbidCallbackControl',
			type: 'multiOptions',
			options: [
				{ name: 'After-Send Callback', value: 'ForbidAfterSendMsgCallback' },
				{ name: 'Before-Send Callback', value: 'ForbidBeforeSendMsgCallback' },
			],
			default: [],
			description:
				'Callbacks Tencent must not send for this message (ForbidCallbackControl) — e.g. so a reply sent from an after-send workflow does not start it again',
		},
		operations: ['sendOne', 'sendGroup'],
		apply: (body, value) => {
			if (nonEmptyList(value)) body.ForbidCallbackControl = value;
		},
	},
	{
		property: {
			displayName: 'From Account',
			name: 'fromAccount',
			type: 'string',
			default: '',
			description: 'Send as this UserID (From_Account) instead of the admin account',
		},
		operations: ALL,
		apply: (body, value) => {
			if (value) body.From_Account = String(value).trim();
		},
	},
	{
		property: {
			displayName: 'Message Lifetime (Seconds)',
			name: 'msgLifeTime',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 604800 },
			default: 604800,
			description: 'How long the message waits for an offline recipient (MsgLifeTime, at most 7 days); 0 = online only',
		},
		operations: ['sendOne'],
		apply: (body, value) => {
			if (value !== undefined) body.MsgLifeTime = Number(value);
		},
	},
	{
		property: {
			displayName: 'Online Only',
			name: 'onlineOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to deliver only to online users, without unread count or history (OnlineOnlyFlag)',
		},
		operations: ['sendMany', 'sendGroup'],
		apply: (body, value) => {
			if (value) body.OnlineOnlyFlag = 1;
		},
	},
	{
		property: {
			displayName: 'Priority',
			name: 'msgPriority',
			type: 'options',
			options: [
				{ name: 'High', value: 'High' },
				{ name: 'Low', value: 'Low' },
				{ name: 'Lowest', value: 'Lowest' },
				{ name: 'Normal', value: 'Normal' },
			],
			default: 'Normal',
			description: 'Group message priority (MsgPriority)',
		},
		operations: ['sendGroup'],
		apply: (body, value) => {
			if (value) body.MsgPriority = String(value);
		},
	},
	{
		property: {
			displayName: 'Send Control',
			name: 'sendMsgControl',
			type: 'multiOptions',
			options: [
				{ name: 'No Last Message Update', value: 'NoLastMsg' },
				{ name: 'No Unread Count', value: 'NoUnread' },
				{ name: 'Respect Do-Not-Disturb', value: 'WithMuteNotifications' },
			],
			default: [],
			description: 'SendMsgControl flags',
		},
		operations: ALL,
		apply: (body, value) => {
			if (nonEmptyList(value)) body.SendMsgControl = value;
		},
	},
	{
		property: {
			displayName: 'Sync to Sender',
			name: 'syncOtherMachine',
			type: 'options',
			options: [
				{ name: 'Sync to the Sender’s Devices and Roaming', value: 1 },
				{ name: 'Do Not Sync', value: 2 },
			],
			default: 1,
			description: 'SyncOtherMachine',
		},
		operations: ['sendOne', 'sendMany'],
		apply: (body, value) => {
			if (value !== undefined) body.SyncOtherMachine = Number(value);
		},
	},
];

const offlinePushField: INodeProperties = {
	displayName: 'Offline Push',
	name: 'offlinePush',
	type: 'collection',
	placeholder: 'Add Push Field',
	default: {},
	description: 'OfflinePushInfo: what a phone shows when the recipient is offline',
	displayOptions: { show: { resource: ['message'], operation: SEND_OPERATIONS } },
	options: [
		{ displayName: 'Android Sound', name: 'androidSound', type: 'string', default: '' },
		{ displayName: 'APNs Badge Unchanged', name: 'apnsBadgeMode', type: 'boolean', default: false, description: 'Whether the iOS badge is left alone (BadgeMode 1)' },
		{ displayName: 'APNs Image', name: 'apnsImage', type: 'string', default: '' },
		{ displayName: 'APNs Mutable Content', name: 'apnsMutableContent', type: 'boolean', default: false },
		{ displayName: 'APNs Sound', name: 'apnsSound', type: 'string', default: '' },
		{ displayName: 'APNs Subtitle', name: 'apnsSubTitle', type: 'string', default: '' },
		{ displayName: 'Description', name: 'desc', type: 'string', default: '', description: 'Push body (Desc)' },
		{ displayName: 'Disable Push', name: 'disable', type: 'boolean', default: false, description: 'Whether to send no offline push (PushFlag 1)' },
		{ displayName: 'Ext', name: 'ext', type: 'string', default: '', description: 'Passed through to the app' },
		{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	],
};

const optionsOf = (operation: string) =>
	OPTIONS.filter((option) => option.operations.includes(operation as SendOperation));

export const optionFields: INodeProperties[] = [
	// One collection per operation: n8n cannot resolve displayOptions on a collection's children.
	...SEND_OPERATIONS.map(
		(operation): INodeProperties => ({
			displayName: 'Options',
			name: 'messageOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { resource: ['message'], operation: [operation] } },
			options: optionsOf(operation).map((option) => option.property),
		}),
	),
	offlinePushField,
];

/** The operation's options (From_Account, CloudCustomData, …) and OfflinePushInfo, as body fields. */
export function sendOptions(this: IExecuteFunctions, i: number, operation: SendOperation): IDataObject {
	const given = this.getNodeParameter('messageOptions', i, {}) as IDataObject;
	const body: IDataObject = {};
	for (const option of optionsOf(operation)) option.apply(body, given[option.property.name]);
	const push = offlinePushInfo(this.getNodeParameter('offlinePush', i, {}) as IDataObject);
	if (push) body.OfflinePushInfo = push;
	return body;
}

function offlinePushInfo(p: IDataObject): IDataObject | undefined {
	if (!p || Object.keys(p).length === 0) return undefined;
	const info: IDataObject = { PushFlag: p.disable ? 1 : 0 };
	if (p.title) info.Title = String(p.title);
	if (p.desc) info.Desc = String(p.desc);
	if (p.ext) info.Ext = String(p.ext);
	if (p.androidSound) info.AndroidInfo = { Sound: String(p.androidSound) };
	const apns: IDataObject = {};
	if (p.apnsSound) apns.Sound = String(p.apnsSound);
	if (p.apnsBadgeMode) apns.BadgeMode = 1;
	if (p.apnsSubTitle) apns.SubTitle = String(p.apnsSubTitle);
	if (p.apnsImage) apns.Image = String(p.apnsImage);
	if (p.apnsMutableContent) apns.MutableContent = 1;
	if (Object.keys(apns).length) info.ApnsInfo = apns;
	return info;
}
