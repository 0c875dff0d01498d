import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runParameter } from '../shared/params';
import type { Resource } from '../shared/router';
import { DEFAULT_CONCURRENCY, maxCallsProperty, resourceProperty, route, throughputProperty } from '../shared/router';
import * as connection from './actions/connection';
import * as message from './actions/message';
import * as storeImStatus from './actions/storeImStatus';
import { MEITUAN_CALLS_PER_SECOND } from './transport';

const resources: Record<string, Resource> = {
	connection: connection.operations,
	message: message.operations,
	storeImStatus: storeImStatus.operations,
};

/** Meituan Waimai / Shangou IM (美团外卖 / 闪购 IM): answer customers of a store, IM status and connection. */
export class MeituanIm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Meituan IM',
		name: 'meituanIm',
		icon: { light: 'file:meituanIm.svg', dark: 'file:meituanIm.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Answer customers of Meituan Waimai / Shangou stores (美团外卖 / 闪购 IM) and switch store IM on or off',
		documentationUrl: 'https://github.com/n8n-nodes-china-im/n8n-nodes-china-im#meituan-im',
		defaults: { name: 'Meituan IM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'meituanApi', required: true }],
		properties: [
			{
				...resourceProperty([
					{ name: 'Connection', value: 'connection' },
					{ name: 'Message', value: 'message' },
					{ name: 'Store IM Status', value: 'storeImStatus' },
				]),
				default: 'message',
			},
			...message.description,
			...connection.description,
			...storeImStatus.description,
			throughputProperty(
				'How fast the node calls Meituan when it runs many items. It keeps below Max Calls per Second per API, slows down when Meituan answers 711 (rate limit) and retries those calls for up to 30 seconds. Each call waits at most 10 seconds for an answer.',
				[],
				[
					maxCallsProperty(
						MEITUAN_CALLS_PER_SECOND,
						'the IM APIs allow 50 calls a second per app (调用频率限制), and Meituan sets an app’s limits in the developer console.',
						'app',
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
