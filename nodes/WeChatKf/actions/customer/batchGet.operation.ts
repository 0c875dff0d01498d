import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { chunks, requiredIds } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { KF_IDS } from '../common/ids';

const show = { resource: ['customer'], operation: ['batchGet'] };

// external_userid_list: 可填充个数：1 ~ 100 (customer/batchget, path/95159).
const MAX_PER_CALL = 100;

export const description: INodeProperties[] = [
	{
		displayName: 'External User IDs',
		name: 'externalUserIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw',
		description: 'Customers (external_userid) separated by commas; sent 100 per call',
		displayOptions: { show },
	},
	{
		displayName: 'With Session Context',
		name: 'needEnterSessionContext',
		type: 'boolean',
		default: false,
		description: 'Whether to include how each customer last entered the session: scene, scene_param, WeChat Channels (need_enter_session_context)',
		displayOptions: { show },
	},
];

/**
 * POST /cgi-bin/kf/customer/batchget — developer.work.weixin.qq.com/document/path/95159. One item
 * per customer; an ID WeChat does not know comes back as { external_userid, invalid: true }.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const ids = requiredIds.call(this, 'externalUserIds', i, 'External User IDs', KF_IDS);
	const context = this.getNodeParameter('needEnterSessionContext', i, false) as boolean;
	const out: IDataObject[] = [];
	for (const list of chunks(ids, MAX_PER_CALL)) {
		const response = await kfRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/kf/customer/batchget',
			body: { external_userid_list: list, need_enter_session_context: context ? 1 : 0 },
			itemIndex: i,
			safeToResend: true,
		});
		out.push(...((response.customer_list as IDataObject[] | undefined) ?? []));
		for (const id of (response.invalid_external_userid as string[] | undefined) ?? []) out.push({ external_userid: id, invalid: true });
	}
	return out;
}
