import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runParameter } from '../shared/params';
import type { Resource } from '../shared/router';
import { DEFAULT_CONCURRENCY, resourceProperty, route, throughputProperty } from '../shared/router';
import * as account from './actions/account';
import * as customer from './actions/customer';
import * as media from './actions/media';
import * as message from './actions/message';
import * as servicer from './actions/servicer';
import * as session from './actions/session';

const resources: Record<string, Resource> = {
	account: account.operations,
	customer: customer.operations,
	media: media.operations,
	message: message.operations,
	servicer: servicer.operations,
	session: session.operations,
};

/** WeChat KF (微信客服): messages to WeChat customers, sessions, accounts, servicers and media. */
export class WeChatKf implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat KF',
		name: 'weChatKf',
		icon: { light: 'file:wechatKf.svg', dark: 'file:wechatKf.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Answer WeChat customers and manage sessions, accounts and servicers of WeChat KF (微信客服)',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wechat-kf',
		defaults: { name: 'WeChat KF' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatKfApi', required: true }],
		properties: [
			{ ...resourceProperty([
				{ name: 'Account', value: 'account' },
				{ name: 'Customer', value: 'customer' },
				{ name: 'Media', value: 'media' },
				{ name: 'Message', value: 'message' },
				{ name: 'Servicer', value: 'servicer' },
				{ name: 'Session', value: 'session' },
			]), default: 'message' },
			...message.description,
			...session.description,
			...account.description,
			...servicer.description,
			...customer.description,
			...media.description,
			throughputProperty(
				'How fast the node calls WeChat KF when it runs many items. It keeps below WeCom’s limits (10,000 calls a minute per API), slows down when WeChat answers 45009, and retries those calls for up to a minute. Each call waits at most 10 seconds for an answer.',
				[],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const concurrency = Number(runParameter.call(this, 'throughput.concurrency', DEFAULT_CONCURRENCY));
		return await route.call(this, resources, { concurrency });
	}
}
