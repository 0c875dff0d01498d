import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';
import { miniprogram, templateData, templateDataFields } from '../common/templateData';

const show = { resource: ['subscriptionNotice'], operation: ['send'] };

export const description: INodeProperties[] = [
	{
		displayName: 'To (OpenID)',
		name: 'openId',
		type: 'string',
		required: true,
		default: '',
		description: 'A follower who accepted this notice (订阅通知)',
		displayOptions: { show },
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID of a subscription template of the account (priTmplId)',
		displayOptions: { show },
	},
	...templateDataFields(show, 'thing1, time2, character_string3…'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Page', name: 'page', type: 'string', default: '', description: 'The web page opened on tap' },
			{ displayName: 'Mini Program App ID', name: 'miniAppId', type: 'string', default: '', description: 'Open this mini program on tap' },
			{ displayName: 'Mini Program Page Path', name: 'miniPagePath', type: 'string', default: '', placeholder: 'pages/index/index' },
		],
	},
];

export const orderingKey = keyFrom('openId', 'user');

/**
 * POST /cgi-bin/message/subscribe/bizsend — developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html.
 * WeChat drops no repeat, so an unclear outcome is not sent again.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const touser = requiredId.call(this, 'openId', i, 'To (OpenID)');
	const template_id = requiredId.call(this, 'templateId', i, 'Template ID');
	const data = templateData.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body: IDataObject = { touser, template_id, data };
	const page = String(options.page ?? '').trim();
	if (page) body.page = page;
	const mini = miniprogram(options.miniAppId, options.miniPagePath);
	if (mini) body.miniprogram = mini;
	await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/message/subscribe/bizsend', body, itemIndex: i });
	return { touser, template_id, sent: true };
}
