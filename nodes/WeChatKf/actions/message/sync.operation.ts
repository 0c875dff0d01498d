import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { itemParameter } from '../../../shared/params';
import { readableMessage } from '../../messages';
import { SYNC_MAX_LIMIT, syncPage } from '../../sync';

const show = { resource: ['message'], operation: ['sync'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'The WeChat KF Trigger reads messages by itself. Use Sync to read them on your own schedule: keep each run\'s last nextCursor and start the next run from it.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Open KF ID',
		name: 'openKfId',
		type: 'string',
		default: '',
		description: 'Only the messages of this KF account (recommended with many accounts). Empty: every account the Secret may read.',
		displayOptions: { show },
	},
	{
		displayName: 'Cursor',
		name: 'cursor',
		type: 'string',
		default: '',
		description: 'The nextCursor of an earlier run. Empty: from the oldest message of the last 3 days.',
		displayOptions: { show },
	},
	...returnAllFields(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Callback Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'The Token of a kf_msg_or_event callback (valid 10 minutes). Without it WeChat limits sync_msg strictly.',
			},
			{
				displayName: 'Voice Format',
				name: 'voiceFormat',
				type: 'options',
				options: [
					{ name: 'AMR', value: 0 },
					{ name: 'Silk', value: 1 },
				],
				default: 0,
				description: 'The format of voice messages (voice_format)',
			},
		],
	},
];

/**
 * POST /cgi-bin/kf/sync_msg — developer.work.weixin.qq.com/document/path/94670. One item per
 * message, each with the nextCursor of its page; pages are followed while has_more says so, empty
 * ones too. Each page asks for no more than is still wanted, so the last cursor is never past a
 * message that was not returned.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const openKfId = String(itemParameter.call(this, 'openKfId', i, '') ?? '').trim();
	let cursor = String(itemParameter.call(this, 'cursor', i, '') ?? '').trim();
	const out: IDataObject[] = [];
	const seen = new Set<string>([cursor]);
	for (;;) {
		const page = await syncPage.call(this, {
			cursor,
			token: String(options.token ?? '').trim() || undefined,
			openKfId: openKfId || undefined,
			limit: Math.min(SYNC_MAX_LIMIT, limit - out.length),
			voiceFormat: options.voiceFormat === undefined ? undefined : Number(options.voiceFormat),
			itemIndex: i,
		});
		for (const message of page.messages) out.push({ ...readableMessage(message), nextCursor: page.nextCursor });
		cursor = page.nextCursor;
		// A cursor handed back twice would page forever.
		if (!page.hasMore || out.length >= limit || seen.has(cursor)) break;
		seen.add(cursor);
	}
	return out.slice(0, limit);
}
