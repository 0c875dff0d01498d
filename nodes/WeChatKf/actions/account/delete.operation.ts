import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { openKfIdField } from '../common/fields';

const show = { resource: ['account'], operation: ['delete'] };

export const description: INodeProperties[] = [openKfIdField(show)];

/** POST /cgi-bin/kf/account/del — developer.work.weixin.qq.com/document/path/94663 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	await kfRequest.call(this, { method: 'POST', path: '/cgi-bin/kf/account/del', body: { open_kfid: openKfId }, itemIndex: i });
	return { open_kfid: openKfId, deleted: true };
}
