import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runParameter } from '../shared/params';
import type { Resource } from '../shared/router';
import { DEFAULT_CONCURRENCY, resourceProperty, route, throughputProperty } from '../shared/router';
import * as accessToken from './actions/accessToken';
import * as customerServiceMessage from './actions/customerServiceMessage';
import * as draft from './actions/draft';
import * as media from './actions/media';
import * as menu from './actions/menu';
import * as passiveReply from './actions/passiveReply';
import * as publish from './actions/publish';
import * as qrCode from './actions/qrCode';
import * as subscriptionNotice from './actions/subscriptionNotice';
import * as tag from './actions/tag';
import * as templateMessage from './actions/templateMessage';
import * as user from './actions/user';

const resources: Record<string, Resource> = {
	accessToken: accessToken.operations,
	customerServiceMessage: customerServiceMessage.operations,
	draft: draft.operations,
	media: media.operations,
	menu: menu.operations,
	passiveReply: passiveReply.operations,
	publish: publish.operations,
	qrCode: qrCode.operations,
	subscriptionNotice: subscriptionNotice.operations,
	tag: tag.operations,
	templateMessage: templateMessage.operations,
	user: user.operations,
};

/** WeChat Official Account (公众号): messages to followers, users, tags, media, articles, menu, QR codes. */
export class WeChatOfficialAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Official Account',
		name: 'weChatOfficialAccount',
		icon: { light: 'file:wechatOfficialAccount.svg', dark: 'file:wechatOfficialAccount.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send messages and manage followers, tags, media, drafts, the menu and QR codes of a WeChat Official Account (公众号)',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-official-account',
		defaults: { name: 'WeChat Official Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatOfficialAccountApi', required: true }],
		properties: [
			resourceProperty([
				{ name: 'Access Token', value: 'accessToken' },
				{ name: 'Customer Service Message', value: 'customerServiceMessage' },
				{ name: 'Draft', value: 'draft' },
				{ name: 'Media', value: 'media' },
				{ name: 'Menu', value: 'menu' },
				{ name: 'Passive Reply', value: 'passiveReply' },
				{ name: 'Publish', value: 'publish' },
				{ name: 'QR Code', value: 'qrCode' },
				{ name: 'Subscription Notice', value: 'subscriptionNotice' },
				{ name: 'Tag', value: 'tag' },
				{ name: 'Template Message', value: 'templateMessage' },
				{ name: 'User', value: 'user' },
			]),
			...customerServiceMessage.description,
			...passiveReply.description,
			...templateMessage.description,
			...subscriptionNotice.description,
			...user.description,
			...tag.description,
			...media.description,
			...draft.description,
			...publish.description,
			...menu.description,
			...qrCode.description,
			...accessToken.description,
			throughputProperty(
				'How fast the node calls WeChat when it runs many items. It slows down when WeChat answers 45011 (too many calls this minute) and retries those calls for up to a minute; 45009 (the daily quota is used up) fails at once. Each call waits at most 10 seconds for an answer.',
				['passiveReply', 'accessToken'],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const concurrency = Number(runParameter.call(this, 'throughput.concurrency', DEFAULT_CONCURRENCY));
		return await route.call(this, resources, { concurrency });
	}
}
