import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { weComRequest } from '../../transport';
import { fail } from '../common/checks';
import { chatIdField } from './fields';

export const description: INodeProperties[] = [chatIdField(['get'])];

/** GET /cgi-bin/appchat/get — developer.work.weixin.qq.com/document/path/90247; the output is chat_info. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatid = String(this.getNodeParameter('chatId', i)).trim();
	if (!chatid) fail.call(this, i, 'Chat ID is empty');
	const response = await weComRequest.call(this, 'GET', '/cgi-bin/appchat/get', undefined, { chatid }, i);
	return (response.chat_info as IDataObject | undefined) ?? { chatid };
}
