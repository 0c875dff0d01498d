import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { externalUserIdField, openKfIdField } from '../common/fields';
import { stateName } from './states';

const show = { resource: ['session'], operation: ['getState'] };

export const description: INodeProperties[] = [openKfIdField(show), externalUserIdField(show)];

/** POST /cgi-bin/kf/service_state/get — developer.work.weixin.qq.com/document/path/94669 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const externalUserId = requiredId.call(this, 'externalUserId', i, 'External User ID');
	const response = await kfRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/kf/service_state/get',
		body: { open_kfid: openKfId, external_userid: externalUserId },
		itemIndex: i,
		safeToResend: true,
	});
	const output: IDataObject = {
		open_kfid: openKfId,
		external_userid: externalUserId,
		service_state: Number(response.service_state),
		state: stateName(response.service_state),
	};
	if (response.servicer_userid) output.servicer_userid = response.servicer_userid;
	return output;
}
