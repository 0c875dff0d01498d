/**
 * Shared by the WeCom action tests: one emulator per test file, credentials pointing at it, and
 * runNode wrapped for the WeCom node. Not a test file itself.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { WeComApi } from '../../../credentials/WeComApi.credentials';
import { WeComRobotApi } from '../../../credentials/WeComRobotApi.credentials';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { retryPolicy } from '../../../nodes/shared/request';
import { clearTokenCache } from '../../../nodes/shared/token';
import type { Emulator, RecordedRequest } from '../../emulator';
import { startEmulator, wecomFixture } from '../../emulator';
import type { RunNodeResult } from '../../helpers/workflow';
import { runNode } from '../../helpers/workflow';

export { wecomFixture };

export interface Harness {
	readonly emulator: Emulator;
	run(parameters: INodeParameters, options?: RunOptions): Promise<RunNodeResult>;
	/** The requests the node made to `path` (token fetches excluded), oldest first. */
	calls(path: string): RecordedRequest[];
	/** Every JSON body sent to `path`. */
	bodies(path: string): unknown[];
}

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: Record<string, unknown>;
	robotKey?: string;
	/** 'filesystem' is n8n 2.x's production default: bytes behind an id, not inline base64. */
	binaryMode?: 'default' | 'filesystem';
}

/** Starts an emulator for the file and resets it, the token cache and the retry delays per test. */
export function useHarness(): Harness {
	let emulator: Emulator | undefined;
	const savedPolicy = { ...retryPolicy };

	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => {
		await emulator?.close();
		Object.assign(retryPolicy, savedPolicy);
	});
	beforeEach(() => {
		emulator!.reset();
		clearTokenCache();
		Object.assign(retryPolicy, { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 });
	});

	const harness: Harness = {
		get emulator() {
			return emulator!;
		},
		async run(parameters, options = {}) {
			const base = emulator!.baseUrl('wecom');
			return await runNode({
				node: WeCom,
				parameters,
				credentialTypes: [WeComApi, WeComRobotApi],
				credentials: {
					weComApi: {
						corpId: wecomFixture.corpId,
						agentId: String(wecomFixture.agentId),
						corpSecret: wecomFixture.corpSecret,
						token: wecomFixture.token,
						encodingAesKey: wecomFixture.encodingAesKey,
						baseUrl: base,
						accessToken: '',
						tokenExpiresAt: 0,
						...(options.credentials ?? {}),
					},
					weComRobotApi: { webhookKey: options.robotKey ?? wecomFixture.robotKey, baseUrl: base },
				},
				items: options.items,
				continueOnFail: options.continueOnFail,
				binaryMode: options.binaryMode,
			});
		},
		calls(path) {
			return emulator!.requests({ platform: 'wecom', path });
		},
		bodies(path) {
			return harness.calls(path).map((r) => r.json);
		},
	};
	return harness;
}

/** An input item carrying `bytes` as binary property `property`. */
export function binaryItem(
	bytes: Buffer,
	fileName: string,
	mimeType: string,
	property = 'data',
): INodeExecutionData {
	return { json: {}, binary: { [property]: { data: bytes.toString('base64'), mimeType, fileName } } };
}

/** Every output item's json of the first output. */
export function jsonOf(result: RunNodeResult): unknown[] {
	if (result.error) throw result.error;
	if (result.workflowError) throw result.workflowError;
	return result.items[0].map((item) => item.json);
}

/** The access tokens the node sent, to check that no error text carries one. */
export function tokensSent(emulator: Emulator): string[] {
	return [
		...new Set(
			emulator
				.requests({ platform: 'wecom' })
				.map((r) => String(r.query.access_token ?? ''))
				.filter(Boolean),
		),
	];
}
