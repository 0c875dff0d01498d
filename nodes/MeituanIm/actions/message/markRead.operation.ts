import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail } from '../../../shared/params';
import { MEITUAN_PATHS, meituanRequest } from '../../transport';
import { storeCodeField, textParameter } from '../common';

const show = { resource: ['message'], operation: ['markRead'] };

export const description: INodeProperties[] = [
	storeCodeField(show),
	{
		displayName: 'Message ID',
		name: 'msgId',
		type: 'string',
		required: true,
		default: '',
		description: 'The message read (msg_id): msgId of a trigger item',
		displayOptions: { show },
	},
	{
		displayName: 'Open User ID',
		name: 'openUserId',
		type: 'string',
		required: true,
		default: '',
		description: 'Who sent it (open_user_id): openUserId of a trigger item',
		displayOptions: { show },
	},
];

/** POST wm/IM/msgRead (消息已读): marks a user's message read by the store. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const appPoiCode = textParameter.call(this, 'appPoiCode', i);
	const msgId = textParameter.call(this, 'msgId', i);
	const openUserId = textParameter.call(this, 'openUserId', i);
	if (!appPoiCode) fail.call(this, i, 'Store Code is empty');
	if (!msgId) fail.call(this, i, 'Message ID is empty');
	if (!openUserId) fail.call(this, i, 'Open User ID is empty');
	const response = await meituanRequest.call(this, {
		method: 'POST',
		path: MEITUAN_PATHS.msgRead,
		form: { app_poi_code: appPoiCode, msg_id: msgId, open_user_id: openUserId },
		itemIndex: i,
		// Marking read twice changes nothing.
		safeToResend: true,
	});
	return { appPoiCode, msgId, openUserId, read: true, data: response.data ?? null };
}
