import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { openKfIdField } from '../common/fields';

export const description: INodeProperties[] = [openKfIdField({ resource: ['servicer'], operation: ['list'] })];

/**
 * GET /cgi-bin/kf/servicer/list?open_kfid= — developer.work.weixin.qq.com/document/path/94645.
 * One item per servicer (userid, status 0 receiving / 1 paused) or department.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const response = await kfRequest.call(this, {
		method: 'GET',
		path: '/cgi-bin/kf/servicer/list',
		qs: { open_kfid: openKfId },
		itemIndex: i,
	});
	return ((response.servicer_list as IDataObject[] | undefined) ?? []).map((entry) => ({ open_kfid: openKfId, ...entry }));
}
