import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runParameter } from '../shared/params';
import type { Resource } from '../shared/router';
import { DEFAULT_CONCURRENCY, maxCallsProperty, resourceProperty, route, throughputProperty } from '../shared/router';
import * as account from './actions/account';
import * as callbackAnswer from './actions/callbackAnswer';
import * as group from './actions/group';
import * as message from './actions/message';
import * as onlineStatus from './actions/onlineStatus';
import * as profile from './actions/profile';
import { TIM_CALLS_PER_SECOND } from './transport';

const resources: Record<string, Resource> = {
	account: account.operations,
	callbackAnswer: callbackAnswer.operations,
	group: group.operations,
	message: message.operations,
	onlineStatus: onlineStatus.operations,
	profile: profile.operations,
};

/** Tencent Cloud IM (腾讯云即时通信 IM) REST API: accounts, messages, groups, profiles, online status. */
export class TencentCloudIm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tencent Cloud IM',
		name: 'tencentCloudIm',
		icon: { light: 'file:tencentCloudIm.svg', dark: 'file:tencentCloudIm.dark.svg' },
		group: ['output'],
		// 1.1: Passive Reply / Callback Answer answer the waiting callback by default.
		version: [1, 1.1],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send messages and manage accounts, groups and profiles in Tencent Cloud IM (腾讯云即时通信 IM)',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#tencent-cloud-im',
		defaults: { name: 'Tencent Cloud IM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'tencentCloudImApi', required: true, displayOptions: { hide: { resource: ['callbackAnswer'] } } },
		],
		properties: [
			resourceProperty([
				{ name: 'Account', value: 'account' },
				{ name: 'Callback Answer', value: 'callbackAnswer', description: 'The answer to a before-send callback' },
				{ name: 'Group', value: 'group' },
				{ name: 'Message', value: 'message' },
				{ name: 'Online Status', value: 'onlineStatus' },
				{ name: 'Profile', value: 'profile' },
			]),
			...account.description,
			...callbackAnswer.description,
			...group.description,
			...message.description,
			...onlineStatus.description,
			...profile.description,
			throughputProperty(
				'How fast the node calls Tencent when it runs many items. It keeps below Max Calls per Second per API, slows down when Tencent answers a frequency limit, and retries those calls. Each call waits at most 10 seconds for an answer.',
				['callbackAnswer'],
				[
					maxCallsProperty(
						TIM_CALLS_PER_SECOND,
						'Tencent allows 200 calls a second by default (最高调用频率) and raises it on request.',
						'SDKAppID',
					),
				],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const concurrency = Number(runParameter.call(this, 'throughput.concurrency', DEFAULT_CONCURRENCY));
		return await route.call(this, resources, { concurrency });
	}
}
