import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemParameter, requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { languageField, openIdField } from './fields';

const show = { resource: ['user'], operation: ['get'] };

export const description: INodeProperties[] = [openIdField(show), languageField(show)];

/**
 * GET /cgi-bin/user/info — developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html.
 * A follower who left answers only subscribe: 0 and the OpenID.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openid = requiredId.call(this, 'openId', i, 'OpenID');
	const lang = itemParameter.call(this, 'language', i, 'zh_CN') as string;
	return withoutEnvelope(await officialAccountRequest.call(this, { method: 'GET', path: '/cgi-bin/user/info', qs: { openid, lang }, itemIndex: i }));
}
