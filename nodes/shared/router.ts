/**
 * The item loop of every action node: pick the resource's operation, run it for each item, keep
 * pairedItem, and honour "Continue On Fail". Resources are a map from the menu value to the
 * module, so the menu and the dispatch cannot drift apart.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** The value n8n's editor puts in Resource or Operation when the user picks "Custom API Call". */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

export type Resource = Record<string, Operation>;

function isExecutionData(value: unknown): value is INodeExecutionData {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
	const keys = Object.keys(value);
	return (
		keys.includes('json') &&
		typeof (value as INodeExecutionData).json === 'object' &&
		keys.every((k) => ['json', 'binary', 'pairedItem'].includes(k))
	);
}

export function toExecutionData(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const data = isExecutionData(entry) ? entry : { json: entry as IDataObject };
		return { ...data, pairedItem: { item: itemIndex } };
	});
}

export interface RouteOptions {
	/**
	 * Items run at once (default 1, one after the other). Output keeps item order; without
	 * "Continue On Fail" the first failing item (by index) fails the node once the running ones end.
	 */
	concurrency?: number;
}

export async function route(
	this: IExecuteFunctions,
	resources: Record<string, Resource>,
	options: RouteOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const concurrency = Math.max(1, Math.floor(Number(options.concurrency ?? 1) || 1));
	if (concurrency === 1) {
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) output.push(...(await runItem.call(this, resources, i)));
		return [output];
	}
	const results: INodeExecutionData[][] = new Array(items.length);
	const failures = new Map<number, unknown>();
	let next = 0;
	const worker = async () => {
		while (next < items.length && failures.size === 0) {
			const i = next++;
			try {
				results[i] = await runItem.call(this, resources, i);
			} catch (error) {
				failures.set(i, error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return [results.flat()];
}

async function runItem(
	this: IExecuteFunctions,
	resources: Record<string, Resource>,
	i: number,
): Promise<INodeExecutionData[]> {
	try {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const handler = resources[resource]?.[operation];
		if (!handler && [resource, operation].includes(CUSTOM_API_CALL)) {
			throw new NodeOperationError(this.getNode(), 'Custom API Call runs in an HTTP Request node', {
				itemIndex: i,
				description:
					"Add an HTTP Request node, set Authentication to Predefined Credential Type and pick this node's credential: it adds the token or signature itself.",
			});
		}
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
				{ itemIndex: i },
			);
		}
		return toExecutionData(await handler.execute.call(this, i), i);
	} catch (error) {
		if (this.continueOnFail()) {
			return [
				{
					json: { error: (error as Error).message, ...errorDetails(error) },
					pairedItem: { item: i },
				},
			];
		}
		if (error instanceof NodeApiError) {
			if (error.context.itemIndex === undefined) error.context.itemIndex = i;
			// The constructor hands back the same NodeApiError: nothing of it is lost.
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		}
		if (error instanceof NodeOperationError && error.context.itemIndex === undefined) {
			error.context.itemIndex = i;
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
}

function errorDetails(error: unknown): IDataObject {
	const details: IDataObject = {};
	if (error instanceof NodeApiError) {
		if (error.httpCode) details.code = error.httpCode;
		if (error.description) details.description = error.description;
	} else if (error instanceof NodeOperationError && error.description) {
		details.description = error.description;
	}
	return details;
}

/** Builds the resource menu property from the resource map's keys and display names. */
export function resourceProperty(options: Array<{ name: string; value: string; description?: string }>): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options,
		default: '',
	};
}
