/**
 * The message body (MsgBody) and the send options the three send operations share.
 * Element formats: cloud.tencent.com/document/product/269/2720 (消息格式描述).
 */
import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { jsonParameter } from '../../transport';

export const SEND_OPERATIONS = ['sendOne', 'sendMany', 'sendGroup'];

const show = (types?: string[]) => ({
	show: { resource: ['message'], operation: SEND_OPERATIONS, ...(types ? { messageType: types } : {}) },
});

export const bodyFields: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'Custom (TIMCustomElem)', value: 'custom', description: 'Data your app interprets, e.g. a room payload' },
			{ name: 'Face (TIMFaceElem)', value: 'face' },
			{ name: 'File by URL (TIMFileElem)', value: 'file' },
			{ name: 'Image by URL (TIMImageElem)', value: 'image' },
			{ name: 'Location (TIMLocationElem)', value: 'location' },
			{ name: 'Several Elements (JSON)', value: 'json', description: 'A whole MsgBody array' },
			{ name: 'Sound by URL (TIMSoundElem)', value: 'sound' },
			{ name: 'Text (TIMTextElem)', value: 'text' },
			{ name: 'Video by URL (TIMVideoFileElem)', value: 'video' },
		],
		default: 'text',
		displayOptions: show(),
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		displayOptions: show(['text']),
	},
	{
		displayName: 'Data',
		name: 'customData',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: '{"msgType":"gift","data":{"giftId":1}}',
		description:
			'The payload your app reads; an object given by expression is sent as JSON text, e.g. a room payload {msgType, data}',
		displayOptions: show(['custom']),
	},
	{
		displayName: 'Custom Element Options',
		name: 'customOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['custom']),
		options: [
			{ displayName: 'Desc', name: 'desc', type: 'string', default: '', description: 'Shown in offline pushes' },
			{ displayName: 'Ext', name: 'ext', type: 'string', default: '' },
			{ displayName: 'Sound', name: 'sound', type: 'string', default: '', description: 'Push sound file on iOS' },
		],
	},
	{
		displayName: 'Face Index',
		name: 'faceIndex',
		type: 'number',
		default: 0,
		displayOptions: show(['face']),
	},
	{
		displayName: 'Face Data',
		name: 'faceData',
		type: 'string',
		default: '',
		displayOptions: show(['face']),
	},
	{
		displayName: 'Description',
		name: 'locationDesc',
		type: 'string',
		default: '',
		displayOptions: show(['location']),
	},
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		displayOptions: show(['location']),
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		displayOptions: show(['location']),
	},
	{
		displayName: 'URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/picture.jpg',
		description: 'Where clients download the file (Download_Flag 2: a URL outside Tencent storage)',
		displayOptions: show(['image', 'sound', 'file', 'video']),
	},
	{
		displayName: 'Media Details',
		name: 'media',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: show(['image', 'sound', 'file', 'video']),
		options: [
			{ displayName: 'Duration (Seconds)', name: 'seconds', type: 'number', default: 0, description: 'Sound or video length' },
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: '' },
			{ displayName: 'Format', name: 'format', type: 'string', default: '', placeholder: 'mp4', description: 'Video format' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 0, description: 'Image height in pixels' },
			{ displayName: 'Size (Bytes)', name: 'size', type: 'number', default: 0 },
			{ displayName: 'Thumbnail Format', name: 'thumbFormat', type: 'string', default: 'JPG' },
			{ displayName: 'Thumbnail Height', name: 'thumbHeight', type: 'number', default: 0 },
			{ displayName: 'Thumbnail Size (Bytes)', name: 'thumbSize', type: 'number', default: 0 },
			{ displayName: 'Thumbnail URL', name: 'thumbUrl', type: 'string', default: '', description: 'Video cover image' },
			{ displayName: 'Thumbnail Width', name: 'thumbWidth', type: 'number', default: 0 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 0, description: 'Image width in pixels' },
		],
	},
	{
		displayName: 'Message Body (JSON)',
		name: 'msgBody',
		type: 'json',
		required: true,
		default: '[\n  {\n    "MsgType": "TIMTextElem",\n    "MsgContent": { "Text": "hello" }\n  }\n]',
		description: 'The MsgBody array: one object per element, each with MsgType and MsgContent',
		displayOptions: show(['json']),
	},
];

const OPTIONS: Record<string, INodeProperties> = {
	cloudCustomData: {
		displayName: 'Cloud Custom Data',
		name: 'cloudCustomData',
		type: 'string',
		default: '',
		description: 'Custom data stored with the message in the cloud (CloudCustomData)',
	},
	forbidCallbackControl: {
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
	fromAccount: {
		displayName: 'From Account',
		name: 'fromAccount',
		type: 'string',
		default: '',
		description: 'Send as this UserID (From_Account) instead of the admin account',
	},
	msgLifeTime: {
		displayName: 'Message Lifetime (Seconds)',
		name: 'msgLifeTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 604800 },
		default: 604800,
		description: 'How long the message waits for an offline recipient (MsgLifeTime, at most 7 days); 0 = online only',
	},
	onlineOnly: {
		displayName: 'Online Only',
		name: 'onlineOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to deliver only to online users, without unread count or history (OnlineOnlyFlag)',
	},
	msgPriority: {
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
	sendMsgControl: {
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
	syncOtherMachine: {
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
};

// One collection per operation: n8n cannot resolve displayOptions on a collection's children.
const OPTIONS_BY_OPERATION: Record<string, string[]> = {
	sendOne: ['cloudCustomData', 'forbidCallbackControl', 'fromAccount', 'msgLifeTime', 'sendMsgControl', 'syncOtherMachine'],
	sendMany: ['cloudCustomData', 'fromAccount', 'onlineOnly', 'sendMsgControl', 'syncOtherMachine'],
	sendGroup: ['cloudCustomData', 'forbidCallbackControl', 'fromAccount', 'onlineOnly', 'msgPriority', 'sendMsgControl'],
};

export const optionFields: INodeProperties[] = [
	...SEND_OPERATIONS.map(
		(operation): INodeProperties => ({
			displayName: 'Options',
			name: 'messageOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { resource: ['message'], operation: [operation] } },
			options: OPTIONS_BY_OPERATION[operation].map((name) => OPTIONS[name]),
		}),
	),
	{
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
	},
];

function fail(this: IExecuteFunctions, i: number, message: string): NodeOperationError {
	return new NodeOperationError(this.getNode(), message, { itemIndex: i });
}

function uuidFor(url: string): string {
	return createHash('sha1').update(url).digest('hex').slice(0, 32);
}

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

// ImageFormat codes of TIMImageElem (269/2720): 1 JPG, 2 GIF, 3 PNG, 4 BMP, 255 other.
function imageFormat(url: string): number {
	const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
	return { jpg: 1, jpeg: 1, gif: 2, png: 3, bmp: 4 }[ext ?? ''] ?? 255;
}

/** Checks a MsgBody from JSON: a non-empty array of { MsgType, MsgContent } objects. */
export function checkMsgBody(this: IExecuteFunctions, i: number, value: unknown, what: string): IDataObject[] {
	if (!Array.isArray(value) || value.length === 0) throw fail.call(this, i, `${what}: an array of message elements`);
	for (const [n, element] of value.entries()) {
		const el = element as IDataObject;
		if (!el || typeof el !== 'object' || typeof el.MsgType !== 'string' || !el.MsgContent || typeof el.MsgContent !== 'object') {
			throw fail.call(this, i, `${what}: element ${n + 1} needs MsgType (e.g. "TIMTextElem") and a MsgContent object`);
		}
	}
	return value as IDataObject[];
}

/** The MsgBody of the item's parameters. */
export function buildMsgBody(this: IExecuteFunctions, i: number): IDataObject[] {
	const type = this.getNodeParameter('messageType', i) as string;
	switch (type) {
		case 'text': {
			const text = this.getNodeParameter('text', i) as string;
			if (!text) throw fail.call(this, i, 'Text: the message is empty');
			return [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
		}
		case 'custom': {
			const options = this.getNodeParameter('customOptions', i, {}) as IDataObject;
			const content: IDataObject = { Data: asText(this.getNodeParameter('customData', i, '')) };
			if (options.desc) content.Desc = String(options.desc);
			if (options.ext) content.Ext = String(options.ext);
			if (options.sound) content.Sound = String(options.sound);
			return [{ MsgType: 'TIMCustomElem', MsgContent: content }];
		}
		case 'face':
			return [
				{
					MsgType: 'TIMFaceElem',
					MsgContent: {
						Index: Number(this.getNodeParameter('faceIndex', i, 0)),
						Data: asText(this.getNodeParameter('faceData', i, '')),
					},
				},
			];
		case 'location':
			return [
				{
					MsgType: 'TIMLocationElem',
					MsgContent: {
						Desc: String(this.getNodeParameter('locationDesc', i, '')),
						Latitude: Number(this.getNodeParameter('latitude', i, 0)),
						Longitude: Number(this.getNodeParameter('longitude', i, 0)),
					},
				},
			];
		case 'image':
		case 'sound':
		case 'file':
		case 'video':
			return [mediaElement.call(this, i, type)];
		case 'json':
			return checkMsgBody.call(this, i, jsonParameter.call(this, 'msgBody', i, 'Message Body'), 'Message Body');
		default:
			throw fail.call(this, i, `Message Type "${type}" is not supported`);
	}
}

function mediaElement(this: IExecuteFunctions, i: number, type: string): IDataObject {
	const url = String(this.getNodeParameter('mediaUrl', i, '')).trim();
	if (!/^https?:\/\//i.test(url)) throw fail.call(this, i, 'URL: an http(s) address the clients can download');
	const m = this.getNodeParameter('media', i, {}) as IDataObject;
	const num = (key: string) => Number(m[key] ?? 0) || 0;
	if (type === 'image') {
		// Clients pick one of the three sizes; without separate renditions they all name the original.
		const info = (Type: number) => ({ Type, Size: num('size'), Width: num('width'), Height: num('height'), URL: url });
		return {
			MsgType: 'TIMImageElem',
			MsgContent: { UUID: uuidFor(url), ImageFormat: imageFormat(url), ImageInfoArray: [info(1), info(2), info(3)] },
		};
	}
	if (type === 'sound') {
		return {
			MsgType: 'TIMSoundElem',
			MsgContent: { Url: url, UUID: uuidFor(url), Size: num('size'), Second: num('seconds'), Download_Flag: 2 },
		};
	}
	if (type === 'file') {
		const fileName = String(m.fileName ?? '') || fileNameFromUrl(url);
		return {
			MsgType: 'TIMFileElem',
			MsgContent: { Url: url, UUID: uuidFor(url), FileSize: num('size'), FileName: fileName, Download_Flag: 2 },
		};
	}
	const thumbUrl = String(m.thumbUrl ?? '').trim();
	if (!/^https?:\/\//i.test(thumbUrl)) {
		throw fail.call(this, i, 'Media Details → Thumbnail URL: a video needs a cover image URL');
	}
	return {
		MsgType: 'TIMVideoFileElem',
		MsgContent: {
			VideoUrl: url,
			VideoUUID: uuidFor(url),
			VideoSize: num('size'),
			VideoSecond: num('seconds'),
			VideoFormat: String(m.format ?? '') || 'mp4',
			VideoDownloadFlag: 2,
			ThumbUrl: thumbUrl,
			ThumbUUID: uuidFor(thumbUrl),
			ThumbSize: num('thumbSize'),
			ThumbWidth: num('thumbWidth'),
			ThumbHeight: num('thumbHeight'),
			ThumbFormat: String(m.thumbFormat ?? '') || 'JPG',
			ThumbDownloadFlag: 2,
		},
	};
}

/** From_Account, CloudCustomData, SendMsgControl, OfflinePushInfo and the operation's own flags. */
export function sendOptions(this: IExecuteFunctions, i: number, operation: string): IDataObject {
	const o = this.getNodeParameter('messageOptions', i, {}) as IDataObject;
	const body: IDataObject = {};
	if (o.fromAccount) body.From_Account = String(o.fromAccount).trim();
	if (operation !== 'sendGroup') {
		if (o.syncOtherMachine !== undefined) body.SyncOtherMachine = Number(o.syncOtherMachine);
		if (o.msgLifeTime !== undefined && operation === 'sendOne') body.MsgLifeTime = Number(o.msgLifeTime);
	}
	if (o.cloudCustomData) body.CloudCustomData = String(o.cloudCustomData);
	if (Array.isArray(o.sendMsgControl) && o.sendMsgControl.length) body.SendMsgControl = o.sendMsgControl;
	if (Array.isArray(o.forbidCallbackControl) && o.forbidCallbackControl.length && operation !== 'sendMany') {
		body.ForbidCallbackControl = o.forbidCallbackControl;
	}
	if (o.onlineOnly && operation !== 'sendOne') body.OnlineOnlyFlag = 1;
	if (o.msgPriority && operation === 'sendGroup') body.MsgPriority = String(o.msgPriority);
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

/** The last path segment of a URL, decoded when it is valid percent-encoding (a stray "%" is kept as is). */
function fileNameFromUrl(url: string): string {
	const last = url.split(/[?#]/)[0].split('/').pop() || 'file';
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}
