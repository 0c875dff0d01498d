import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { timRequest } from '../../transport';
import { groupIdField, requiredGroupId } from './fields';

export const description: INodeProperties[] = [groupIdField(['destroy'])];

/** POST /v4/group_open_http_svc/destroy_group — cloud.tencent.com/document/product/269/1624 (解散群组). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = requiredGroupId.call(this, i);
	await timRequest.call(this, '/v4/group_open_http_svc/destroy_group', { GroupId: groupId }, i);
	return { GroupId: groupId, destroyed: true };
}
