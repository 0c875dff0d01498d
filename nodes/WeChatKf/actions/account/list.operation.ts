import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { returnAllFields } from '../../../shared/fields';
import { paginate } from '../../../shared/params';
import { kfRequest } from '../../transport';

const show = { resource: ['account'], operation: ['list'] };

// account/list: limit 1..100 per call, from offset (path/94661).
const MAX_PAGE = 100;

export const description: INodeProperties[] = [...returnAllFields(show)];

/** POST /cgi-bin/kf/account/list — developer.work.weixin.qq.com/document/path/94661; one item per account. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	return await paginate<IDataObject, number>({ limit, pageSize: MAX_PAGE, first: 0 }, async (offset, size) => {
		const response = await kfRequest.call(this, {
			method: 'POST',
			path: '/cgi-bin/kf/account/list',
			body: { offset, limit: size },
			itemIndex: i,
			safeToResend: true,
		});
		const accounts = (response.account_list as IDataObject[] | undefined) ?? [];
		// A short page is the last one.
		return { items: accounts, next: accounts.length < size ? undefined : offset + accounts.length };
	});
}
