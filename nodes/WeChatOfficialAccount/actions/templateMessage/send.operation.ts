import { randomBytes } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { officialAccountRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';
import { miniprogram, templateData, templateDataFields } from '../common/templateData';

const show = { resource: ['templateMessage'], operation: ['send'] };

export const description: INodeProperties[] = [
	{
		displayName: 'To (OpenID)',
		name: 'openId',
		type: 'string',
		required: true,
		default: '',
		description: "The follower's OpenID; template messages need no recent message from them, only that they follow",
		displayOptions: { show },
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		description: 'A template of the account (Template Message → List Templates)',
		displayOptions: { show },
	},
	...templateDataFields(show, 'keyword1, thing2…'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Client Message ID',
				name: 'clientMsgId',
				type: 'string',
				default: '',
				description:
					'WeChat sends one message per follower and ID within 10 minutes (client_msg_id). Without it the node makes one per item, so a send whose answer was lost can be resent safely.',
			},
			{ displayName: 'Mini Program App ID', name: 'miniAppId', type: 'string', default: '', description: 'Open this mini program on tap' },
			{ displayName: 'Mini Program Page Path', name: 'miniPagePath', type: 'string', default: '', placeholder: 'pages/index/index' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'Open this page on tap (the mini program wins when both are set)' },
		],
	},
];

export const orderingKey = keyFrom('openId', 'user');

/**
 * POST /cgi-bin/message/template/send — developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html.
 * With client_msg_id WeChat drops a repeat within 10 minutes, so an unclear outcome is resent.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const touser = requiredId.call(this, 'openId', i, 'To (OpenID)');
	const template_id = requiredId.call(this, 'templateId', i, 'Template ID');
	const data = templateData.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const client_msg_id = String(options.clientMsgId ?? '').trim() || `n8n${randomBytes(12).toString('hex')}`;
	const body: IDataObject = { touser, template_id, data, client_msg_id };
	const url = String(options.url ?? '').trim();
	if (url) body.url = url;
	const mini = miniprogram(options.miniAppId, options.miniPagePath);
	if (mini) body.miniprogram = mini;
	const response = await officialAccountRequest.call(this, {
		method: 'POST',
		path: '/cgi-bin/message/template/send',
		body,
		itemIndex: i,
		safeToResend: true,
	});
	return { touser, template_id, client_msg_id, ...withoutEnvelope(response) };
}
