import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { Resource } from '../shared/router';
import { resourceProperty, route } from '../shared/router';
import * as passiveReply from './actions/passiveReply';
import * as tag from './actions/tag';

const resources: Record<string, Resource> = {
	passiveReply: passiveReply.operations,
	tag: tag.operations,
};

/** WeCom (企业微信): app messages, app chats, tags, users, media and the group robot. */
export class WeCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom',
		name: 'weCom',
		icon: { light: 'file:wecom.svg', dark: 'file:wecom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send messages and manage app chats, tags, users and media in WeCom (企业微信)',
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
				{ name: 'Passive Reply', value: 'passiveReply' },
				{ name: 'Tag', value: 'tag' },
			]),
			...passiveReply.description,
			...tag.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, resources);
	}
}
