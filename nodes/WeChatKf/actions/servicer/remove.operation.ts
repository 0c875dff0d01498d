import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { keyFrom } from '../../../shared/router';
import { changeServicers, memberFields } from './members';

export const description: INodeProperties[] = memberFields({ resource: ['servicer'], operation: ['remove'] }, 'remove');

export const orderingKey = keyFrom('openKfId', 'account');

/** POST /cgi-bin/kf/servicer/del — developer.work.weixin.qq.com/document/path/94647; one item per user or department. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await changeServicers.call(this, i, '/cgi-bin/kf/servicer/del');
}
