import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { timRequest } from '../../transport';
import { groupIdField } from './fields';

export const description: INodeProperties[] = [groupIdField(['destroy'])];

export const orderingKey = keyFrom('groupId', 'group');

/** POST /v4/group_open_http_svc/destroy_group — cloud.tencent.com/document/product/269/1624 (解散群组). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const groupId = requiredId.call(this, 'groupId', i, 'Group ID');
	await timRequest.call(this, { path: '/v4/group_open_http_svc/destroy_group', body: { GroupId: groupId }, itemIndex: i });
	return { GroupId: groupId, destroyed: true };
}
