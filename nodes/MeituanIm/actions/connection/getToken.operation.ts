import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { MEITUAN_PATHS, meituanRequest } from '../../transport';

export const description: INodeProperties[] = [];

/** wm/IM/getConnectionToken (获取长连接token): connectionToken, userCount and appKey of the IM long connection. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const response = await meituanRequest.call(this, { method: 'GET', path: MEITUAN_PATHS.connection, itemIndex: i });
	const data = (response.data && typeof response.data === 'object' ? response.data : response) as IDataObject;
	return {
		connectionToken: data.connectionToken ?? data.connection_token ?? null,
		userCount: data.userCount ?? data.user_count ?? null,
		appKey: data.appKey ?? data.app_key ?? null,
	};
}
