import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest } from '../../transport';

export const description: INodeProperties[] = [];

/** GET /cgi-bin/tag/list — developer.work.weixin.qq.com/document/path/90216; one item per tag. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const response = await weComRequest.call(this, { method: 'GET', path: '/cgi-bin/tag/list', itemIndex: i });
	return (response.taglist as IDataObject[] | undefined) ?? [];
}
