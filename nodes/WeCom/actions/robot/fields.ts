import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { platformRequest } from '../../../shared/request';
import { weComRobotDialect, withoutEnvelope } from '../../transport';
import type { Show } from '../common/content';

export function robotShow(operation: string): Show {
	return { resource: ['robot'], operation: [operation] };
}

/** POST /cgi-bin/webhook/send — developer.work.weixin.qq.com/document/path/91770; the key comes from the credential. */
export async function robotSend(this: IExecuteFunctions, i: number, body: IDataObject): Promise<IDataObject> {
	const response = (await platformRequest.call(this, weComRobotDialect, {
		method: 'POST',
		path: '/cgi-bin/webhook/send',
		body,
		itemIndex: i,
		credentialType: 'weComRobotApi',
	})) as IDataObject;
	return { msgtype: body.msgtype, ...withoutEnvelope(response), success: true };
}
