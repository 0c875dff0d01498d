import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { weComRequest } from '../../transport';
import { chatIdField } from './fields';

export const description: INodeProperties[] = [chatIdField(['get'])];

/** GET /cgi-bin/appchat/get — developer.work.weixin.qq.com/document/path/90247; the output is chat_info. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatid = requiredId.call(this, 'chatId', i, 'Chat ID');
	const response = await weComRequest.call(this, { method: 'GET', path: '/cgi-bin/appchat/get', qs: { chatid }, itemIndex: i });
	return (response.chat_info as IDataObject | undefined) ?? { chatid };
}
