/**
 * Shared by the Tencent Cloud IM tests: one emulator per test file, credentials pointing at it,
 * runNode wrapped for the node, and a UserSig checker. Not a test file itself.
 */
import { createHmac } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { TencentCloudImApi } from '../../../credentials/TencentCloudImApi.credentials';
import { TencentCloudIm } from '../../../nodes/TencentCloudIm/TencentCloudIm.node';
import { clearThrottle, clearUserSigCache } from '../../../nodes/TencentCloudIm/transport';
import { retryPolicy } from '../../../nodes/shared/request';
import type { Emulator, RecordedRequest } from '../../emulator';
import { decodeUserSig, startEmulator, timFixture } from '../../emulator';
import type { TestCredentialsHelper } from '../../helpers/credentials';
import type { RunNodeResult } from '../../helpers/workflow';
import { runNode } from '../../helpers/workflow';

export { timFixture };

export interface Harness {
	readonly emulator: Emulator;
	credentials(extra?: Record<string, unknown>): ICredentialDataDecryptedObject;
	run(parameters: INodeParameters, options?: RunOptions): Promise<RunNodeResult>;
	/** The requests the node made to `/v4/${path}`, oldest first. */
	calls(path: string): RecordedRequest[];
	/** Every JSON body sent to `/v4/${path}`. */
	bodies(path: string): Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: Record<string, unknown>;
	credentialsHelper?: TestCredentialsHelper;
}

/**
 * Starts an emulator for the file; resets it, the UserSig cache, throttle and retry delays per test.
 * After each test every call the node made is checked for a well-formed, verifying admin UserSig
 * query, unless `checkEveryCall` is false (tests that send bad signatures on purpose).
 */
export function useHarness(options: { checkEveryCall?: boolean } = {}): Harness {
	let emulator: Emulator | undefined;
	const savedPolicy = { ...retryPolicy };

	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => {
		await emulator?.close();
		Object.assign(retryPolicy, savedPolicy);
	});
	afterEach(() => {
		if (options.checkEveryCall === false) return;
		for (const request of emulator!.requests({ platform: 'tim' })) expectSignedQuery(request);
	});
	beforeEach(() => {
		emulator!.reset();
		clearUserSigCache();
		clearThrottle();
		Object.assign(retryPolicy, { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 });
	});

	const harness: Harness = {
		get emulator() {
			return emulator!;
		},
		credentials(extra = {}) {
			return {
				sdkAppId: timFixture.sdkAppId,
				secretKey: timFixture.secretKey,
				identifier: timFixture.admin,
				dataCenter: 'console.tim.qq.com',
				callbackToken: timFixture.callbackToken,
				baseUrl: emulator!.baseUrl('tim'),
				...extra,
			};
		},
		async run(parameters, options = {}) {
			return await runNode({
				node: TencentCloudIm,
				parameters,
				credentialTypes: [TencentCloudImApi],
				credentials: { tencentCloudImApi: harness.credentials(options.credentials) },
				credentialsHelper: options.credentialsHelper,
				items: options.items,
				continueOnFail: options.continueOnFail,
			});
		},
		calls(path) {
			return emulator!.requests({ platform: 'tim', path: `/v4/${path}` });
		},
		bodies(path) {
			return harness.calls(path).map((r) => r.json as Record<string, unknown>);
		},
	};
	return harness;
}

/** Every output item's json of the first output; throws the node's error. */
export function jsonOf(result: RunNodeResult): Array<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
	if (result.error) throw result.error;
	if (result.workflowError) throw result.workflowError;
	return result.items[0].map((item) => item.json as Record<string, unknown>);
}

/**
 * Checks a request's query the way Tencent reads it: the fixed parameters, and a UserSig that opens
 * and verifies with the app key for the admin account. Returns the decoded UserSig.
 */
export function expectSignedQuery(request: RecordedRequest, secretKey = timFixture.secretKey) {
	const q = request.query;
	expect(request.method).toBe('POST');
	expect(q.sdkappid).toBe(timFixture.sdkAppId);
	expect(q.identifier).toBe(timFixture.admin);
	expect(q.contenttype).toBe('json');
	expect(q.random).toMatch(/^\d+$/);
	expect(Number(q.random)).toBeLessThanOrEqual(0xffffffff);
	const doc = decodeUserSig(q.usersig);
	expect(doc).toBeDefined();
	expect(doc!['TLS.identifier']).toBe(timFixture.admin);
	expect(String(doc!['TLS.sdkappid'])).toBe(timFixture.sdkAppId);
	expect(doc!['TLS.expire']).toBe(86400);
	expect(Math.abs(doc!['TLS.time'] - Date.now() / 1000)).toBeLessThan(3700);
	const content =
		`TLS.identifier:${doc!['TLS.identifier']}\nTLS.sdkappid:${doc!['TLS.sdkappid']}\n` +
		`TLS.time:${doc!['TLS.time']}\nTLS.expire:${doc!['TLS.expire']}\n`;
	expect(doc!['TLS.sig']).toBe(createHmac('sha256', secretKey).update(content).digest('base64'));
	return doc!;
}

/** "u000" … "u{n-1}", imported into the fixture app when `emulator` is given. */
export function userIds(n: number, prefix = 'u', emulator?: Emulator): string[] {
	const ids = Array.from({ length: n }, (_, k) => `${prefix}${String(k).padStart(4, '0')}`);
	if (emulator) for (const id of ids) emulator.tim.addUser(timFixture.sdkAppId, id);
	return ids;
}
