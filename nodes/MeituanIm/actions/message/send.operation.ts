import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { meituanEncryptContent } from '../../../shared/crypto';
import { credentialData } from '../../../shared/request';
import { fail, idList, itemParameter } from '../../../shared/params';
import { MEITUAN_CREDENTIAL, MEITUAN_PATHS, meituanAppId, meituanRequest, meituanSecret, newMsgId } from '../../transport';
import { idValue, jsonWithIds, MEITUAN_IDS, storeCodeField, textParameter } from '../common';

const show = { resource: ['message'], operation: ['send'] };

/** msgSend (商家发送IM消息): msg_type per kind and chat; a goods card carries at most 7 app_spu_codes. */
const MSG_TYPES = { text: { single: 1, group: 11 }, picture: { single: 2, group: 12 }, goods: { single: 4, group: 14 } } as const;
const MAX_SPU_CODES = 7;
const MAX_TEXT_CHARS = 1000;

/** result_code of msgSend: 1 all sent, 2 partly, 3 failed, 4 the request failed. */
const RESULT_CODES: Record<string, string> = { '1': 'sent', '2': 'partly sent', '3': 'not sent', '4': 'request failed' };

export const description: INodeProperties[] = [
	storeCodeField(show),
	{
		displayName: 'Chat',
		name: 'chat',
		type: 'options',
		options: [
			{ name: 'One-to-One', value: 'single', description: 'To one user (open_user_id)' },
			{ name: 'Group', value: 'group', description: 'To a group chat (group_id)' },
		],
		default: 'single',
		displayOptions: { show },
	},
	{
		displayName: 'Open User ID',
		name: 'openUserId',
		type: 'string',
		required: true,
		default: '',
		description: 'The user (open_user_id): openUserId of a trigger item',
		displayOptions: { show: { ...show, chat: ['single'] } },
	},
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		required: true,
		default: '',
		description: 'The group chat (group_id): groupId of a trigger item',
		displayOptions: { show: { ...show, chat: ['group'] } },
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text' },
			{ name: 'Picture', value: 'picture', description: 'A picture by URL' },
			{ name: 'Goods Card', value: 'goods', description: 'Up to 7 products of the store (app_spu_codes)' },
		],
		default: 'text',
		displayOptions: { show },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'Sent encrypted (msg_content) as Meituan requires',
		displayOptions: { show: { ...show, messageType: ['text'] } },
	},
	{
		displayName: 'Picture URL',
		name: 'pictureUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/menu.jpg',
		displayOptions: { show: { ...show, messageType: ['picture'] } },
	},
	{
		displayName: 'SPU Codes',
		name: 'spuCodes',
		type: 'string',
		required: true,
		default: '',
		description: 'Product codes of the store (app_spu_code) separated by commas, at most 7',
		displayOptions: { show: { ...show, messageType: ['goods'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Order ID',
				name: 'orderId',
				type: 'string',
				default: '',
				description: 'The order the conversation is about (order_id): orderId of a trigger item',
			},
			{
				displayName: 'Message ID',
				name: 'msgId',
				type: 'string',
				default: '',
				description:
					'Our own msg_id for the message (digits). Empty: a new one. Meituan recognises a message sent again with the same ID, so the node resends safely after an unclear answer.',
			},
		],
	},
];

/** Messages into one conversation go out in item order. */
export function orderingKey(this: IExecuteFunctions, i: number): string | undefined {
	const poi = String(itemParameter.call(this, 'appPoiCode', i, '') ?? '').trim();
	const chat = itemParameter.call(this, 'chat', i, 'single');
	const to = String(itemParameter.call(this, chat === 'group' ? 'groupId' : 'openUserId', i, '') ?? '').trim();
	return poi && to ? `${chat}:${poi}/${to}` : undefined;
}

function content(this: IExecuteFunctions, i: number, kind: keyof typeof MSG_TYPES, secret: string): IDataObject {
	if (kind === 'goods') {
		const codes = idList(itemParameter.call(this, 'spuCodes', i, ''), MEITUAN_IDS);
		if (codes.length === 0) fail.call(this, i, 'SPU Codes is empty');
		if (codes.length > MAX_SPU_CODES) fail.call(this, i, `A goods card takes at most ${MAX_SPU_CODES} SPU codes, got ${codes.length}`);
		return { app_spu_codes: codes.join(',') };
	}
	const text = kind === 'text' ? String(itemParameter.call(this, 'text', i, '') ?? '') : textParameter.call(this, 'pictureUrl', i);
	if (!text.trim()) fail.call(this, i, kind === 'text' ? 'Text is empty' : 'Picture URL is empty');
	if (kind === 'text' && [...text].length > MAX_TEXT_CHARS) fail.call(this, i, `Text is longer than ${MAX_TEXT_CHARS} characters`);
	if (kind === 'picture' && !/^https?:\/\//i.test(text)) fail.call(this, i, 'Picture URL must start with http:// or https://');
	return { msg_content: meituanEncryptContent(secret, text) };
}

/** POST ecommerce/IM/msgSend (商家发送IM消息): push_content is a JSON string, msg_content encrypted. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const credentials = await credentialData(this, MEITUAN_CREDENTIAL);
	const secret = meituanSecret(credentials);
	if (secret.length < 16) fail.call(this, i, 'The credential\'s App Secret is shorter than 16 characters', 'Meituan encrypts message content with its first 16 characters: copy the whole App Secret from the developer console.');
	const appPoiCode = textParameter.call(this, 'appPoiCode', i);
	if (!appPoiCode) fail.call(this, i, 'Store Code is empty');
	const chat = itemParameter.call(this, 'chat', i, 'single') === 'group' ? 'group' : 'single';
	const kind = String(itemParameter.call(this, 'messageType', i, 'text')) as keyof typeof MSG_TYPES;
	if (!MSG_TYPES[kind]) fail.call(this, i, `Unknown message type "${kind}"`);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const to = textParameter.call(this, chat === 'group' ? 'groupId' : 'openUserId', i);
	if (!to) fail.call(this, i, chat === 'group' ? 'Group ID is empty' : 'Open User ID is empty');
	const ownId = String(options.msgId ?? '').trim();
	if (ownId && !/^\d{1,19}$/.test(ownId)) fail.call(this, i, 'Message ID must be digits (at most 19)');
	const msgId = ownId || String(newMsgId());
	const orderId = String(options.orderId ?? '').trim();
	const push: IDataObject = {
		app_id: idValue(meituanAppId(credentials)),
		app_poi_code: appPoiCode,
		msg_id: idValue(msgId),
		msg_source: 1,
		msg_type: MSG_TYPES[kind][chat],
		cts: Math.floor(Date.now() / 1000),
		...(chat === 'group' ? { group_id: idValue(to) } : { open_user_id: idValue(to) }),
		...(orderId ? { order_id: idValue(orderId) } : {}),
		...content.call(this, i, kind, secret),
	};
	const response = await meituanRequest.call(this, {
		method: 'POST',
		path: MEITUAN_PATHS.msgSend,
		form: { push_content: jsonWithIds(push) },
		itemIndex: i,
		// Meituan drops a message whose msg_id it has already taken.
		safeToResend: true,
		recipients: [`${chat}:${appPoiCode}/${to}`],
	});
	const result = (response.data && typeof response.data === 'object' ? response.data : response) as IDataObject;
	const resultCode = String(result.result_code ?? response.result_code ?? '1');
	const errorList = (result.error_list ?? response.error_list ?? []) as IDataObject[];
	if (resultCode !== '1') {
		const codes = errorList.map((e) => `${e.code ?? '?'} ${e.msg ?? e.message ?? ''}`.trim()).join('; ');
		throw new NodeApiError(
			this.getNode(),
			{ platform: 'Meituan', resultCode, errorList: JSON.parse(JSON.stringify(errorList)) },
			{
				message: `Meituan: message ${RESULT_CODES[resultCode] ?? `result_code ${resultCode}`}${codes ? ` (${codes})` : ''}`,
				description: 'msgSend answered result_code ' + resultCode + ' (1 all sent, 2 partly, 3 failed, 4 request failed): see errorList.',
				itemIndex: i,
				httpCode: resultCode,
			},
		);
	}
	return { msgId, appPoiCode, ...(chat === 'group' ? { groupId: to } : { openUserId: to }), ...(orderId ? { orderId } : {}), messageType: kind, resultCode: 1, errorList };
}
