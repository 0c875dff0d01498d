/**
 * Node-type plumbing shared by runNode and the webhook server: the INodeTypes registry a Workflow
 * needs, the node-type naming n8n uses for community packages, and the harness's start node.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { BINARY_ENCODING, NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

import packageJson from '../../package.json';

export type NodeTypeInput = INodeType | IVersionedNodeType | (new () => INodeType | IVersionedNodeType);

/** Community nodes are registered as `<package name>.<description.name>`. */
export const PACKAGE_NAME: string = packageJson.name;

export function instantiateNodeType(input: NodeTypeInput): INodeType | IVersionedNodeType {
	return typeof input === 'function' ? new input() : input;
}

/** The description a workflow sees for `version` (or the default version when omitted). */
export function describeNodeType(
	nodeType: INodeType | IVersionedNodeType,
	version?: number,
): { description: INodeTypeDescription; typeVersion: number; fullTypeName: string } {
	let typeVersion: number;
	if (version !== undefined) {
		typeVersion = version;
	} else if ('nodeVersions' in nodeType) {
		// What the editor puts on a freshly added node.
		typeVersion = nodeType.description.defaultVersion ?? nodeType.currentVersion;
	} else {
		const declared = nodeType.description.version;
		typeVersion = Array.isArray(declared) ? Math.max(...declared) : declared;
	}
	const { description } = NodeHelpers.getVersionedNodeType(nodeType, typeVersion);
	const baseName = 'nodeVersions' in nodeType ? nodeType.description.name : description.name;
	return { description, typeVersion, fullTypeName: `${PACKAGE_NAME}.${baseName}` };
}

/**
 * WorkflowExecute keeps only a spread copy of a thrown error in the task data (no prototype, so
 * no `instanceof NodeApiError`); this wrapper remembers the instance itself for the test.
 */
export function captureExecuteErrors(
	nodeType: INodeType | IVersionedNodeType,
	onError: (error: unknown) => void,
): INodeType | IVersionedNodeType {
	const wrapVersion = (version: INodeType): INodeType => {
		const original = version.execute;
		if (typeof original !== 'function') return version;
		const wrapped = Object.create(version) as INodeType;
		wrapped.execute = async function (this: IExecuteFunctions, ...args: unknown[]) {
			try {
				return await (original as (...params: unknown[]) => ReturnType<NonNullable<INodeType['execute']>>).apply(
					this,
					args,
				);
			} catch (error) {
				onError(error);
				throw error;
			}
		} as INodeType['execute'];
		return wrapped;
	};
	if (!('nodeVersions' in nodeType)) return wrapVersion(nodeType);
	const versioned = Object.create(nodeType) as IVersionedNodeType;
	versioned.getNodeType = (version?: number) => wrapVersion(nodeType.getNodeType(version));
	return versioned;
}

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	register(fullTypeName: string, nodeType: INodeType | IVersionedNodeType): this {
		this.types.set(fullTypeName, nodeType);
		return this;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types.get(nodeType);
		if (!found) throw new Error(`Unknown node type "${nodeType}" in test workflow`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export const START_NODE_TYPE = 'n8n-nodes-china-im-test.harnessStart';

/**
 * Emits the items the test gave to runNode. Binary properties arrive as plain base64 and are
 * stored again through `prepareBinaryData`, so they sit wherever the current binary mode keeps
 * binary data, exactly as if an upstream node had produced them.
 */
export class HarnessStartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: 'harnessStart',
		group: ['input'],
		version: 1,
		description: 'Test harness: emits the input items of runNode',
		defaults: { name: 'Start' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			const item = items[index];
			const emitted: INodeExecutionData = { json: item.json, pairedItem: { item: index } };
			if (item.binary) {
				emitted.binary = {};
				for (const [property, binary] of Object.entries(item.binary)) {
					if (binary.id) {
						// Already in a binary data store (e.g. output of an earlier runNode): pass it on.
						emitted.binary[property] = binary;
						continue;
					}
					const stored = await this.helpers.prepareBinaryData(
						Buffer.from(binary.data, BINARY_ENCODING),
						binary.fileName,
						binary.mimeType,
					);
					emitted.binary[property] = stored;
				}
			}
			output.push(emitted);
		}
		return [output];
	}
}
