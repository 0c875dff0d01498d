/**
 * Runs one action node inside a two-node workflow (harness start node → node under test) with
 * n8n-core's real WorkflowExecute, so parameter defaults, expressions, credential loading,
 * preAuthentication, httpRequest(WithAuthentication), binary helpers, continueOnFail and paired
 * items all go through the code n8n itself runs.
 */
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteResponsePromiseData,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	OnError,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, deepCopy, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import type { CredentialTypeInput } from './credentials';
import { credentialsForRun, TestCredentialsHelper } from './credentials';
import { InMemoryDeduplicator } from './dedup';
import type { BinaryMode } from './env';
import { ensureTestEnvironment, useBinaryMode, useDeduplicator } from './env';
import type { NodeTypeInput } from './nodes';
import {
	captureExecuteErrors,
	describeNodeType,
	HarnessStartNode,
	instantiateNodeType,
	START_NODE_TYPE,
	TestNodeTypes,
} from './nodes';

export const TEST_WORKFLOW_ID = 'wf-test';

export interface RunNodeOptions {
	/** The node type under test: an instance or its class. */
	node: NodeTypeInput;
	/** The node's parameters as the editor would save them; defaults are filled in by n8n. */
	parameters?: INodeParameters;
	/** Stored credential data per credential type name (seeds a new helper, see credentialsHelper). */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** ICredentialType instances or classes for the credential types the node uses. */
	credentialTypes?: CredentialTypeInput[];
	/**
	 * Share one helper across executions (token reuse, persisted refreshes). `credentials` only
	 * seeds types the helper holds nothing for yet, so a persisted token is never overwritten.
	 */
	credentialsHelper?: TestCredentialsHelper;
	/** The node's input items; binary given as base64 `data` is stored in the current binary mode. */
	items?: INodeExecutionData[];
	/** The node's "On Error: Continue" setting (onError = 'continueRegularOutput'). */
	continueOnFail?: boolean;
	/** Overrides continueOnFail, e.g. 'continueErrorOutput' for a second, error output. */
	onError?: OnError;
	nodeName?: string;
	typeVersion?: number;
	/** Which node credentials to reference; default: every declared type the helper holds data for. */
	nodeCredentials?: INodeCredentials;
	/** 'manual' (default) as from the editor, or e.g. 'trigger' / 'webhook' as in production. */
	mode?: WorkflowExecuteMode;
	/** 'default' (inline base64, the default here) or 'filesystem' (n8n 2.x production default). */
	binaryMode?: BinaryMode;
	/** Workflow static data ({ global: {...}, 'node:<name>': {...} }); read it back from the result. */
	staticData?: IDataObject;
	/** Store behind `this.helpers.checkProcessedAndRecord` & co.; pass the same one to share state. */
	deduplicator?: InMemoryDeduplicator;
	workflowId?: string;
	/** Stub for `this.executeWorkflow` (sub-workflows); default throws. */
	executeWorkflow?: IWorkflowExecuteAdditionalData['executeWorkflow'];
	/**
	 * What the node's parent looks like to `this.getParentNodes()` (e.g. our trigger with its Reply
	 * Mode; parameters as n8n holds them, defaults are not filled in); it still just emits `items`.
	 * Default: the harness start node.
	 */
	upstreamNode?: { name?: string; type: string; typeVersion?: number; parameters?: INodeParameters };
	/** Called for every `this.sendResponse()`, as n8n's 'sendResponse' execution hook is. */
	onSendResponse?: (response: IExecuteResponsePromiseData) => void;
}

export interface RunNodeResult {
	/** The node's outputs (index = output), [] for an output that emitted nothing. */
	items: INodeExecutionData[][];
	/**
	 * The error the node threw (the NodeOperationError / NodeApiError instance) when it failed
	 * without continueOnFail; `taskData.error` holds n8n's plain-object copy.
	 */
	error?: ExecutionError;
	/** Set when the run failed before the node ran (e.g. WorkflowHasIssuesError for missing parameters). */
	workflowError?: ExecutionError;
	credentialsHelper: TestCredentialsHelper;
	runData: IRunData;
	/** The node's task data (hints, metadata, executionStatus, ...). */
	taskData?: ITaskData;
	run: IRun;
	node: INode;
	executionId: string;
	/** The workflow's static data after the run, with n8n's change marker removed. */
	staticData: IDataObject;
	/** Everything the node handed to `this.sendResponse()`, oldest first. */
	responses: IExecuteResponsePromiseData[];
}

let executionCounter = 0;

function plainStaticData(staticData: IDataObject): IDataObject {
	const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	delete copy.__dataChanged;
	return copy;
}

/** The additional data n8n builds per execution, reduced to what node execution reads. */
export function buildAdditionalData(options: {
	credentialsHelper: TestCredentialsHelper;
	hooks: ExecutionLifecycleHooks;
	executionId: string;
	baseUrl?: string;
	executeWorkflow?: IWorkflowExecuteAdditionalData['executeWorkflow'];
}): IWorkflowExecuteAdditionalData {
	const base = options.baseUrl ?? 'http://localhost:5678';
	const additionalData = {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		executeWorkflow:
			options.executeWorkflow ??
			(async () => {
				throw new Error('runNode: sub-workflow execution is not available in the test harness');
			}),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('runNode: the task runner (Code node) is not available in the test harness');
		},
		externalSecretsProxy: {
			hasProvider: () => false,
			hasSecret: () => false,
			getSecret: () => undefined,
			listProviders: () => [],
			listSecrets: () => [],
			update: async () => undefined,
		},
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

function workflowBase(workflow: Workflow, nodes: INode[]): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? 'Test workflow',
		active: workflow.active,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
		activeVersionId: null,
	};
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	await ensureTestEnvironment();
	await useBinaryMode(options.binaryMode ?? 'default');
	await useDeduplicator(options.deduplicator ?? new InMemoryDeduplicator());

	const nodeType = instantiateNodeType(options.node);
	const { description, typeVersion, fullTypeName } = describeNodeType(nodeType, options.typeVersion);

	const { credentialsHelper, nodeCredentials } = credentialsForRun(description, options);

	const nodeName = options.nodeName ?? description.defaults.name ?? description.displayName;
	const upstream = options.upstreamNode;
	const startNode: INode = {
		id: 'harness-start',
		name: upstream?.name ?? 'Harness Start',
		type: upstream?.type ?? START_NODE_TYPE,
		typeVersion: upstream?.typeVersion ?? 1,
		position: [0, 0],
		parameters: deepCopy(upstream?.parameters ?? {}),
	};
	const nodeUnderTest: INode = {
		id: 'node-under-test',
		name: nodeName,
		type: fullTypeName,
		typeVersion,
		position: [250, 0],
		parameters: deepCopy(options.parameters ?? {}),
	};
	if (Object.keys(nodeCredentials).length > 0) nodeUnderTest.credentials = nodeCredentials;
	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);
	if (onError) nodeUnderTest.onError = onError;

	let thrown: unknown;
	const nodeTypes = new TestNodeTypes()
		.register(startNode.type, new HarnessStartNode())
		.register(fullTypeName, captureExecuteErrors(nodeType, (error) => (thrown = error)));
	const workflow = new Workflow({
		id: options.workflowId ?? TEST_WORKFLOW_ID,
		name: 'Test workflow',
		nodes: [startNode, nodeUnderTest],
		connections: {
			[startNode.name]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
		},
		active: false,
		nodeTypes,
		staticData: options.staticData,
		settings: { executionOrder: 'v1' },
	});
	// The Workflow keeps only the parameters the start node's type declares (none).
	if (upstream?.parameters) workflow.nodes[startNode.name].parameters = deepCopy(upstream.parameters);

	const mode = options.mode ?? 'manual';
	const executionId = `test-execution-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowBase(workflow, [startNode, nodeUnderTest]));
	let finished: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		finished = run;
	});
	const responses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => {
		responses.push(response);
		options.onSendResponse?.(response);
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		executeWorkflow: options.executeWorkflow,
	});

	const inputItems = deepCopy(options.items ?? [{ json: {} }]);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: workflow.nodes[startNode.name], data: { main: [inputItems] }, source: null }],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	let run: IRun;
	try {
		run = await workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		// checkForWorkflowIssues throws before anything runs; name the issues, n8n's message does not.
		const issues = workflowExecute.checkReadyForExecution(workflow, { startNode: startNode.name });
		if (issues && error instanceof Error) error.message += ` ${JSON.stringify(issues)}`;
		throw error;
	}
	run = finished ?? run;

	const runData = run.data.resultData.runData;
	const taskData = runData[nodeName]?.[0];
	const items = (taskData?.data?.main ?? []).map((output) => output ?? []);
	const workflowError = taskData ? undefined : run.data.resultData.error;

	// Prefer the thrown instance; taskData.error is the engine's prototype-less copy of it.
	const error = taskData?.error ? ((thrown as ExecutionError | undefined) ?? taskData.error) : undefined;

	return {
		items,
		error,
		workflowError,
		credentialsHelper,
		runData,
		taskData,
		run,
		node: workflow.nodes[nodeName],
		executionId,
		staticData: plainStaticData(workflow.staticData),
		responses,
	};
}
