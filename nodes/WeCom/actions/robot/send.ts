/** The group robot's send call, shared by every Send operation of the resource. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { weComRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';

/** The robot's credential type: its webhook key, no access token. */
export const ROBOT_CREDENTIAL = 'weComRobotApi';

/** POST /cgi-bin/webhook/send — developer.work.weixin.qq.com/document/path/91770; the key comes from the credential. */
export async function robotSend(this: IExecuteFunctions, i: number, body: IDataObject): Promise<IDataObject> {
	const response = await weComRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/webhook/send',
		body,
		itemIndex: i,
		credentialType: ROBOT_CREDENTIAL,
	});
	return { msgtype: body.msgtype, ...withoutEnvelope(response), success: true };
}
