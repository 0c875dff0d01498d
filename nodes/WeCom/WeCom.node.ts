import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runParameter } from '../shared/params';
import type { Resource } from '../shared/router';
import { DEFAULT_CONCURRENCY, resourceProperty, route, throughputProperty } from '../shared/router';
import * as passiveReply from './actions/passiveReply';
import * as appChat from './actions/appChat';
import * as media from './actions/media';
import * as message from './actions/message';
import * as robot from './actions/robot';
import * as tag from './actions/tag';
import * as user from './actions/user';

const resources: Record<string, Resource> = {
	passiveReply: passiveReply.operations,
	appChat: appChat.operations,
	media: media.operations,
	message: message.operations,
	robot: robot.operations,
	tag: tag.operations,
	user: user.operations,
};

/** WeCom (企业微信): app messages, app chats, tags, users, media and the group robot. */
export class WeCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom',
		name: 'weCom',
		icon: { light: 'file:wecom.svg', dark: 'file:wecom.dark.svg' },
		group: ['output'],
		// 1.1: Passive Reply / Callback Answer answer the waiting callback by default.
		version: [1, 1.1],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send messages and manage app chats, tags, users and media in WeCom (企业微信)',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#wecom',
		defaults: { name: 'WeCom' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'weComApi', required: true, displayOptions: { hide: { resource: ['robot'] } } },
			{ name: 'weComRobotApi', required: true, displayOptions: { show: { resource: ['robot'] } } },
		],
		properties: [
			resourceProperty([
				{ name: 'App Chat', value: 'appChat' },
				{ name: 'Group Robot', value: 'robot' },
				{ name: 'Media', value: 'media' },
				{ name: 'Message', value: 'message' },
				{ name: 'Passive Reply', value: 'passiveReply' },
				{ name: 'Tag', value: 'tag' },
				{ name: 'User', value: 'user' },
			]),
			...message.description,
			...appChat.description,
			...passiveReply.description,
			...tag.description,
			...user.description,
			...media.description,
			...robot.description,
			throughputProperty(
				'How fast the node calls WeCom when it runs many items. It keeps below WeCom’s limits (10,000 calls a minute per API), slows down when WeCom answers 45009, and retries those calls for up to a minute. Each call waits at most 10 seconds for an answer.',
				['passiveReply'],
				[
					{
						displayName: 'Keep Per-Member Limit',
						name: 'perMemberLimit',
						type: 'boolean',
						default: false,
						description:
							'Whether app messages beyond WeCom’s 30 a minute (1000 an hour) from this app to one member wait until WeCom accepts them again. WeCom drops such messages without an error; turn this on when a run may send a member that many.',
					},
				],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const concurrency = Number(runParameter.call(this, 'throughput.concurrency', DEFAULT_CONCURRENCY));
		return await route.call(this, resources, { concurrency });
	}
}
