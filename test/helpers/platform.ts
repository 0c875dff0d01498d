/**
 * One harness for every platform's action node: an emulator per test file, the fixture
 * credentials pointing at it, and runNode wrapped for the platform's node. What differs between
 * platforms is data (`platforms` below), not a second harness. Not a test file itself.
 */
import { createHmac } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { MeituanApi } from '../../credentials/MeituanApi.credentials';
import { TencentCloudImApi } from '../../credentials/TencentCloudImApi.credentials';
import { WeComApi } from '../../credentials/WeComApi.credentials';
import { WeComRobotApi } from '../../credentials/WeComRobotApi.credentials';
import { WeChatKfApi } from '../../credentials/WeChatKfApi.credentials';
import { WeChatOfficialAccountApi } from '../../credentials/WeChatOfficialAccountApi.credentials';
import { MeituanIm } from '../../nodes/MeituanIm/MeituanIm.node';
import { TencentCloudIm } from '../../nodes/TencentCloudIm/TencentCloudIm.node';
import { clearThrottle, clearUserSigCache } from '../../nodes/TencentCloudIm/transport';
import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { WeChatKf } from '../../nodes/WeChatKf/WeChatKf.node';
import { clearInbox } from '../../nodes/WeChatKf/inbox';
import { WeChatOfficialAccount } from '../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import type { LaneSpec } from '../../nodes/shared/pacer';
import { PaceWaitTooLong, pacer } from '../../nodes/shared/pacer';
import { retryPolicy } from '../../nodes/shared/request';
import { clearTokenCache } from '../../nodes/shared/token';
import { clearForceRefreshLog } from '../../nodes/shared/wechat/token';
import type { Emulator, FixtureSet, RecordedRequest } from '../emulator';
import { decodeUserSig, startEmulator, timFixture } from '../emulator';
import type { CredentialTypeInput, TestCredentialsHelper } from './credentials';
import type { BinaryMode } from './env';
import type { CredentialChanges, CredentialTypeName } from './fixtures';
import { credentialFixtures } from './fixtures';
import type { NodeTypeInput } from './nodes';
import type { RunNodeResult } from './workflow';
import { runNode } from './workflow';

// Platform answers are read field by field in assertions; a loose type keeps the tests legible.
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface PlatformSpec {
	node: NodeTypeInput;
	credentialTypes: CredentialTypeInput[];
	/** The credential types the node is run with, stored as credentialFixtures has them. */
	credentials: CredentialTypeName[];
	/** The emulator request path of an API path as the platform's tests name it. */
	apiPath(path: string): string;
	/** What the node sent that must never appear in an error (tokens, signatures). */
	tokensSent(emulator: Emulator): string[];
	/** A check every request the node made must pass, after each test. */
	checkCall?(request: RecordedRequest): void;
}

export const platforms = {
	wecom: {
		node: WeCom,
		credentialTypes: [WeComApi, WeComRobotApi],
		credentials: ['weComApi', 'weComRobotApi'],
		apiPath: (path) => path,
		tokensSent: (emulator) => [
			...new Set(
				emulator
					.requests({ platform: 'wecom' })
					.map((r) => String(r.query.access_token ?? ''))
					.filter(Boolean),
			),
		],
	},
	tim: {
		node: TencentCloudIm,
		credentialTypes: [TencentCloudImApi],
		credentials: ['tencentCloudImApi'],
		apiPath: (path) => `/v4/${path}`,
		tokensSent: (emulator) => emulator.tim.userSigsSeen(),
		checkCall: (request) => expectSignedQuery(request),
	},
	oa: {
		node: WeChatOfficialAccount,
		credentialTypes: [WeChatOfficialAccountApi],
		credentials: ['weChatOfficialAccountApi'],
		apiPath: (path) => path,
		tokensSent: (emulator) => [
			...new Set(
				emulator
					.requests({ platform: 'oa' })
					.map((r) => String(r.query.access_token ?? ''))
					.filter(Boolean),
			),
		],
	},
	kf: {
		node: WeChatKf,
		credentialTypes: [WeChatKfApi],
		credentials: ['weChatKfApi'],
		apiPath: (path) => path,
		tokensSent: (emulator) => [
			...new Set(
				emulator
					.requests({ platform: 'kf' })
					.map((r) => String(r.query.access_token ?? ''))
					.filter(Boolean),
			),
		],
	},
	meituan: {
		node: MeituanIm,
		credentialTypes: [MeituanApi],
		credentials: ['meituanApi'],
		apiPath: (path) => `/${path}`,
		// Signatures: each is good for one call only, but none may appear in an error either.
		tokensSent: (emulator) => emulator.meituan.calls().map((c) => c.params.sig ?? '').filter(Boolean),
		// Every call carries the system parameters in its query and, when POST, a form body.
		checkCall: (request) => {
			if (request.platform !== 'meituan') return;
			expect(request.query).toMatchObject({ app_id: expect.any(String), timestamp: expect.stringMatching(/^\d{10}$/), sig: expect.stringMatching(/^[0-9a-f]{32}$/) });
			if (request.method === 'POST') expect(String(request.headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
		},
	},
} satisfies Record<string, PlatformSpec>;

export type PlatformName = keyof typeof platforms;

export interface EmulatorHandle {
	readonly emulator: Emulator;
}

/**
 * Starts an emulator for the test file; per test resets it, every process cache a run leaves
 * behind (tokens, UserSigs, pacing) and the retry policy to the platforms' bound with short delays.
 */
export function useEmulator(options: { fixtures?: FixtureSet } = {}): EmulatorHandle {
	let emulator: Emulator | undefined;
	const savedPolicy = { ...retryPolicy };
	beforeAll(async () => {
		emulator = await startEmulator({ fixtures: options.fixtures });
	});
	afterAll(async () => {
		await emulator?.close();
		Object.assign(retryPolicy, savedPolicy);
	});
	beforeEach(() => {
		emulator!.reset();
		clearTokenCache();
		clearForceRefreshLog();
		clearUserSigCache();
		clearThrottle();
		clearInbox();
		Object.assign(retryPolicy, { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 });
	});
	return {
		get emulator() {
			return emulator!;
		},
	};
}

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Changes to the stored fixture credentials, by type: `{ weComApi: { corpSecret: 'x' } }`. */
	credentials?: CredentialChanges;
	/** Share stored credentials across runs; the fixtures then only seed the types it lacks. */
	credentialsHelper?: TestCredentialsHelper;
	/** 'filesystem' is n8n 2.x's production default: bytes behind an id, not inline base64. */
	binaryMode?: BinaryMode;
}

export interface PlatformHarness extends EmulatorHandle {
	/** The stored fixture credential of `type`, pointing at the emulator, with `changes`. */
	credentials(type: CredentialTypeName, changes?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
	run(parameters: INodeParameters, options?: RunOptions): Promise<RunNodeResult>;
	/** The requests the node made to `path` (as the platform's API names it), oldest first. */
	calls(path: string): RecordedRequest[];
	/** Every JSON body sent to `path`. */
	bodies(path: string): Json[];
	/** The tokens or signatures the node sent, to check that no error text carries one. */
	tokensSent(): string[];
}

/**
 * The harness for `platform`'s action node. After each test every request the node made passes
 * the platform's `checkCall` (Tencent: a well-formed, verifying admin UserSig query), unless
 * `checkEveryCall` is false (tests that send bad signatures on purpose).
 */
export function platformHarness(
	platform: PlatformName,
	options: { fixtures?: FixtureSet; checkEveryCall?: boolean } = {},
): PlatformHarness {
	const spec: PlatformSpec = platforms[platform];
	const handle = useEmulator({ fixtures: options.fixtures });
	afterEach(() => {
		if (options.checkEveryCall === false || !spec.checkCall) return;
		for (const request of handle.emulator.requests({ platform })) spec.checkCall(request);
	});

	const harness: PlatformHarness = {
		get emulator() {
			return handle.emulator;
		},
		credentials(type, changes = {}) {
			return { ...credentialFixtures[type](handle.emulator.baseUrl(platform)), ...changes };
		},
		async run(parameters, runOptions = {}) {
			const changes = runOptions.credentials ?? {};
			return await runNode({
				node: spec.node,
				parameters,
				credentialTypes: spec.credentialTypes,
				credentials: Object.fromEntries(spec.credentials.map((type) => [type, harness.credentials(type, changes[type])])),
				credentialsHelper: runOptions.credentialsHelper,
				items: runOptions.items,
				continueOnFail: runOptions.continueOnFail,
				binaryMode: runOptions.binaryMode,
			});
		},
		calls(path) {
			return handle.emulator.requests({ platform, path: spec.apiPath(path) });
		},
		bodies(path) {
			return harness.calls(path).map((r) => r.json as Json);
		},
		tokensSent() {
			return spec.tokensSent(handle.emulator);
		},
	};
	return harness;
}

/** Every output item's json of the first output; throws the node's error. */
export function jsonOf(result: RunNodeResult): Json[] {
	if (result.error) throw result.error;
	if (result.workflowError) throw result.workflowError;
	return result.items[0].map((item) => item.json as Json);
}

/** An input item carrying `bytes` as binary property `property`. */
export function binaryItem(bytes: Buffer, fileName: string, mimeType: string, property = 'data'): INodeExecutionData {
	return { json: {}, binary: { [property]: { data: bytes.toString('base64'), mimeType, fileName } } };
}

/**
 * Checks a Tencent Cloud IM request's query the way Tencent reads it: the fixed parameters, and a
 * UserSig that opens and verifies with the app key for the admin account. Returns the decoded UserSig.
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

/** "u0000" … for `n` Tencent Cloud IM users, imported into the fixture app when `emulator` is given. */
export function userIds(n: number, prefix = 'u', emulator?: Emulator): string[] {
	const ids = Array.from({ length: n }, (_, k) => `${prefix}${String(k).padStart(4, '0')}`);
	if (emulator) for (const id of ids) emulator.tim.addUser(timFixture.sdkAppId, id);
	return ids;
}

/**
 * The slots the pacer hands out during `run` to calls whose API lane ends with `path`, sorted. A
 * call's arrival trails its slot by however long the machine takes to send it, which a loaded
 * test machine stretches: limits are checked on the slots.
 */
export async function pacerSlots(path: string, run: () => Promise<unknown>): Promise<number[]> {
	const slots: number[] = [];
	const reserve = pacer.reserve.bind(pacer);
	const spy = jest.spyOn(pacer, 'reserve').mockImplementation(((specs: LaneSpec[], now: number, maxWaitMs?: number) => {
		const slot = reserve(specs, now, maxWaitMs as number);
		if (!(slot instanceof PaceWaitTooLong) && specs.some((spec) => spec.key.endsWith(path))) slots.push(slot.at);
		return slot;
	}) as typeof pacer.reserve);
	try {
		await run();
	} finally {
		spy.mockRestore();
	}
	return slots.sort((a, b) => a - b);
}
