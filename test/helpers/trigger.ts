/**
 * One harness for every platform's trigger: its webhook() served by startWebhookServer with the
 * fixture credential, the platform's callback sender aimed at it, and the platform's action node
 * run behind it as the node that answers a callback the trigger leaves open (Reply Mode
 * "Passive Reply" / "Workflow Decides"). What differs between platforms is data (`triggers`).
 * Not a test file itself.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { MeituanApi } from '../../credentials/MeituanApi.credentials';
import { TencentCloudImApi } from '../../credentials/TencentCloudImApi.credentials';
import { WeComApi } from '../../credentials/WeComApi.credentials';
import { WeChatKfApi } from '../../credentials/WeChatKfApi.credentials';
import { WeChatOfficialAccountApi } from '../../credentials/WeChatOfficialAccountApi.credentials';
import { MeituanIm } from '../../nodes/MeituanIm/MeituanIm.node';
import { MeituanImTrigger } from '../../nodes/MeituanIm/MeituanImTrigger.node';
import { TencentCloudIm } from '../../nodes/TencentCloudIm/TencentCloudIm.node';
import { TencentCloudImTrigger } from '../../nodes/TencentCloudIm/TencentCloudImTrigger.node';
import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { WeComTrigger } from '../../nodes/WeCom/WeComTrigger.node';
import { WeChatKf } from '../../nodes/WeChatKf/WeChatKf.node';
import { WeChatKfTrigger } from '../../nodes/WeChatKf/WeChatKfTrigger.node';
import { WeChatOfficialAccount } from '../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { WeChatOfficialAccountTrigger } from '../../nodes/WeChatOfficialAccount/WeChatOfficialAccountTrigger.node';
import * as webhookModule from '../../nodes/shared/webhook';
import type { CallbackResult, Emulator, TimCallbackOptions, TimCallbackResult, WecomCallbackOptions } from '../emulator';
import type { OaCallbackOptions, OaCallbackResult } from '../emulator';
import type { KfCallbackOptions, KfCallbackResult } from '../emulator';
import type { PushOptions, PushResult } from '../emulator';
import { sendTimCallback, startEmulator, timFixture } from '../emulator';
import type { CredentialTypeInput } from './credentials';
import { logRecords } from './env';
import type { CredentialTypeName } from './fixtures';
import { credentialFixtures } from './fixtures';
import type { NodeTypeInput } from './nodes';
import { describeNodeType, instantiateNodeType } from './nodes';
import type { ResponseNodeWorkflow } from './responseNode';
import type { WebhookServer } from './webhook';
import { startWebhookServer } from './webhook';
import type { RunNodeOptions, RunNodeResult } from './workflow';
import { runNode } from './workflow';

type WecomSend = (
	message: WecomCallbackOptions['message'],
	options?: Omit<WecomCallbackOptions, 'url' | 'message'>,
) => Promise<CallbackResult>;
type OaSend = (
	message: NonNullable<OaCallbackOptions['message']>,
	options?: Omit<OaCallbackOptions, 'url' | 'message'>,
) => Promise<OaCallbackResult>;
/** WeChat KF: the kf_msg_or_event callback (a new Token) for the fixture corp's first account unless `openKfId`. */
type KfSend = (options?: Omit<KfCallbackOptions, 'url'>) => Promise<KfCallbackResult>;
type TimSend = (
	command: string,
	body?: TimCallbackOptions['body'],
	options?: Omit<TimCallbackOptions, 'url' | 'command' | 'body'>,
) => Promise<TimCallbackResult>;

interface TriggerSpec<Send> {
	trigger: NodeTypeInput;
	/** The action node that answers an open callback. */
	node: NodeTypeInput;
	credential: CredentialTypeName;
	credentialTypes: CredentialTypeInput[];
	/** The Reply Mode that leaves the callback open for the workflow. */
	waitingMode: string;
	/** Whether the answering resource reads the credential (WeCom encrypts with the app's keys). */
	answerUsesCredential: boolean;
	/** The platform's callback, signed with the fixture app's keys, to the current server. */
	sender(to: { emulator(): Emulator; url(): string }): Send;
}

const wecom: TriggerSpec<WecomSend> = {
	trigger: WeComTrigger,
	node: WeCom,
	credential: 'weComApi',
	credentialTypes: [WeComApi],
	waitingMode: 'passive',
	answerUsesCredential: true,
	sender: (to) => (message, options = {}) => to.emulator().wecom.sendCallback({ url: to.url(), message, ...options }),
};

const tim: TriggerSpec<TimSend> = {
	trigger: TencentCloudImTrigger,
	node: TencentCloudIm,
	credential: 'tencentCloudImApi',
	credentialTypes: [TencentCloudImApi],
	waitingMode: 'workflow',
	answerUsesCredential: false,
	sender: (to) => (command, body, options = {}) =>
		sendTimCallback({ url: to.url(), sdkAppId: timFixture.sdkAppId, token: timFixture.callbackToken, command, body, ...options }),
};

const oa: TriggerSpec<OaSend> = {
	trigger: WeChatOfficialAccountTrigger,
	node: WeChatOfficialAccount,
	credential: 'weChatOfficialAccountApi',
	credentialTypes: [WeChatOfficialAccountApi],
	waitingMode: 'passive',
	answerUsesCredential: true,
	sender: (to) => (message, options = {}) => to.emulator().oa.sendCallback({ url: to.url(), message, ...options }),
};

/** WeChat KF has no passive reply: nothing answers its callbacks but the trigger. */
const kf: TriggerSpec<KfSend> = {
	trigger: WeChatKfTrigger,
	node: WeChatKf,
	credential: 'weChatKfApi',
	credentialTypes: [WeChatKfApi],
	waitingMode: 'acknowledge',
	answerUsesCredential: true,
	sender: (to) => (options = {}) => to.emulator().kf.sendCallback({ url: to.url(), ...options }),
};

/** Meituan: the IM push, signed over the trigger's URL with the fixture app's secret. */
type MeituanSend = (options?: Omit<PushOptions, 'url' | 'appId' | 'appSecret'> & { appId?: string; appSecret?: string }) => Promise<PushResult>;

const meituan: TriggerSpec<MeituanSend> = {
	trigger: MeituanImTrigger,
	node: MeituanIm,
	credential: 'meituanApi',
	credentialTypes: [MeituanApi],
	waitingMode: 'acknowledge',
	answerUsesCredential: true,
	sender: (to) => (options = {}) => to.emulator().meituan.sendPush({ url: to.url(), ...options }),
};

export const triggers = { wecom, tim, kf, oa, meituan };

type Triggers = typeof triggers;
export type TriggerPlatform = keyof Triggers;
type SendOf<P extends TriggerPlatform> = Triggers[P] extends TriggerSpec<infer Send> ? Send : never;

export interface ServeOptions {
	/** Changes to the fixture credential. */
	credentials?: ICredentialDataDecryptedObject;
	/** The rest of the workflow, in the waiting Reply Mode (see startWebhookServer). */
	responseNode?: ResponseNodeWorkflow;
	/** The next this many executions n8n cannot store or queue (see startWebhookServer). */
	failStarts?: number;
	/** The workflow's static data as stored (another process's, or before a restart). */
	staticData?: IDataObject;
	/** The trigger node's version (default: the node's defaultVersion). */
	typeVersion?: number;
}

export interface AfterTriggerOptions {
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	/** The trigger's saved parameters (default: the waiting Reply Mode); null: no trigger before the node. */
	trigger?: INodeParameters | null;
	/** Default 'webhook', as when a callback started the execution. */
	mode?: WorkflowExecuteMode;
	onSendResponse?: RunNodeOptions['onSendResponse'];
	typeVersion?: number;
	/** Changes to the fixture credential the answering node reads. */
	credentials?: ICredentialDataDecryptedObject;
}

export interface TriggerHarness<P extends TriggerPlatform> {
	/** The emulator, for the WeChat family's senders (its apps hold the callback keys). */
	readonly emulator: Emulator;
	/** The server serve() started last. */
	readonly server: WebhookServer;
	/** answerUnlessAnswered, spied on in every test: the trigger's deadline and its verdict. */
	readonly deadlines: jest.SpiedFunction<typeof webhookModule.answerUnlessAnswered>;
	/** Serves the trigger with the fixture credential, closing the server before. */
	serve(parameters?: INodeParameters, options?: ServeOptions): Promise<WebhookServer>;
	/** Sends the platform's signed callback to the current server. */
	send: SendOf<P>;
	/** Runs the platform's action node as the node after the trigger. */
	runAfterTrigger(options: AfterTriggerOptions): Promise<RunNodeResult>;
	/**
	 * Serves the trigger in its waiting Reply Mode (with `trigger` parameters on top); the workflow
	 * behind it runs the action node with `parameters` on the trigger's output, after `before`.
	 */
	serveAnswering(
		parameters: INodeParameters,
		options?: { trigger?: INodeParameters; before?: () => Promise<void>; credentials?: ICredentialDataDecryptedObject },
	): Promise<{ server: WebhookServer; outputs: RunNodeResult[] }>;
}

/**
 * The harness for `platform`'s trigger. Per test: trigger caches and log records cleared, the
 * deadline spied on; after it, pending deadlines settled (one still waiting would fire into the
 * next test) and the server closed.
 */
export function triggerHarness<P extends TriggerPlatform>(platform: P): TriggerHarness<P> {
	const spec = triggers[platform] as TriggerSpec<SendOf<P>>;
	const { description, fullTypeName } = describeNodeType(instantiateNodeType(spec.trigger));
	/** The trigger as the action node sees it in getParentNodes(). */
	const upstream = { name: description.defaults.name ?? description.displayName, type: fullTypeName };
	let emulator: Emulator | undefined;
	let server: WebhookServer | undefined;
	let deadlines: jest.SpiedFunction<typeof webhookModule.answerUnlessAnswered> | undefined;

	async function closeServer(): Promise<void> {
		const previous = server;
		server = undefined;
		// A test may have closed it itself.
		await previous?.close().catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'ERR_SERVER_NOT_RUNNING') throw error;
		});
	}

	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(() => {
		webhookModule.clearTriggerCaches();
		logRecords.length = 0;
		deadlines = jest.spyOn(webhookModule, 'answerUnlessAnswered');
	});
	afterEach(async () => {
		await Promise.allSettled(deadlines?.mock.results.map((result) => result.value) ?? []);
		deadlines?.mockRestore();
		await closeServer();
	});

	const harness: TriggerHarness<P> = {
		get emulator() {
			return emulator!;
		},
		get server() {
			if (!server) throw new Error('triggerHarness: call serve() first');
			return server;
		},
		get deadlines() {
			return deadlines!;
		},
		async serve(parameters = {}, options = {}) {
			await closeServer();
			server = await startWebhookServer({
				node: spec.trigger,
				parameters,
				credentials: { [spec.credential]: { ...credentialFixtures[spec.credential](), ...options.credentials } },
				credentialTypes: spec.credentialTypes,
				responseNode: options.responseNode,
				failStarts: options.failStarts,
				staticData: options.staticData,
				typeVersion: options.typeVersion,
			});
			return server;
		},
		send: spec.sender({ emulator: () => emulator!, url: () => harness.server.webhookUrl }),
		async runAfterTrigger(options) {
			const trigger = options.trigger === undefined ? { replyMode: spec.waitingMode } : options.trigger;
			return await runNode({
				node: spec.node,
				parameters: options.parameters,
				typeVersion: options.typeVersion,
				items: options.items,
				...(spec.answerUsesCredential
					? {
							credentials: { [spec.credential]: { ...credentialFixtures[spec.credential](), ...options.credentials } },
							credentialTypes: spec.credentialTypes,
						}
					: {}),
				upstreamNode: trigger === null ? undefined : { ...upstream, parameters: trigger },
				mode: options.mode ?? 'webhook',
				onSendResponse: options.onSendResponse,
			});
		},
		async serveAnswering(parameters, options = {}) {
			const outputs: RunNodeResult[] = [];
			const served = await harness.serve(
				{ replyMode: spec.waitingMode, ...options.trigger },
				{
					credentials: options.credentials,
					responseNode: async (items, answer) => {
						await options.before?.();
						outputs.push(
							await harness.runAfterTrigger({ parameters, items: items[0], onSendResponse: answer, credentials: options.credentials }),
						);
					},
				},
			);
			return { server: served, outputs };
		},
	};
	return harness;
}
