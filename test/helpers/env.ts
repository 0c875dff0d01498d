/**
 * Process-wide services n8n-core looks up through its DI container while it executes a node.
 *
 * n8n-core 2.8.1 resolves InstanceSettings, BinaryDataConfig, BinaryDataService, Logger,
 * ErrorReporter, ExecutionContextService and SSHClientsManager with `Container.get`. Left to the
 * container, the first two read and WRITE ~/.n8n/config, so every one of them is registered here
 * first with a test double that has no side effect outside the OS temp directory.
 */
import type { LogMetadata } from 'n8n-workflow';
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import {
	BinaryDataConfig,
	BinaryDataService,
	DataDeduplicationService,
	ErrorReporter,
	InstanceSettings,
} from 'n8n-core';
import { ExecutionContextService } from 'n8n-core/dist/execution-engine/execution-context.service';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { DelegatingDeduplicator, InMemoryDeduplicator } from './dedup';

export type BinaryMode = 'default' | 'filesystem';

export interface LogRecord {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: LogMetadata;
}

/** Everything n8n-core (and a node through `this.logger`) logs, newest last. */
export const logRecords: LogRecord[] = [];

/** Everything n8n-core reports to Sentry in production. */
export const reportedErrors: unknown[] = [];

function makeRecordingLogger(): Logger {
	const logger = {
		error: (message: string, metadata?: LogMetadata) => logRecords.push({ level: 'error', message, metadata }),
		warn: (message: string, metadata?: LogMetadata) => logRecords.push({ level: 'warn', message, metadata }),
		info: (message: string, metadata?: LogMetadata) => logRecords.push({ level: 'info', message, metadata }),
		debug: (message: string, metadata?: LogMetadata) => logRecords.push({ level: 'debug', message, metadata }),
		scoped: () => logger,
	};
	return logger as unknown as Logger;
}

interface TestEnvironment {
	storageDir: string;
	binaryServices: Record<BinaryMode, BinaryDataService>;
	deduplicator: DelegatingDeduplicator;
}

let environment: TestEnvironment | undefined;
let ready: Promise<TestEnvironment> | undefined;

async function createEnvironment(): Promise<TestEnvironment> {
	const storageDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-china-im-test-'));
	// Anything that still builds a real InstanceSettings must write under the temp dir, not ~.
	process.env.N8N_USER_FOLDER ??= storageDir;

	const logger = makeRecordingLogger();
	Container.set(Logger, logger);

	const errorReporter = {
		error: (error: unknown) => reportedErrors.push(error),
		warn: (error: unknown) => reportedErrors.push(error),
		info: () => undefined,
	};
	Container.set(ErrorReporter, errorReporter as unknown as ErrorReporter);

	const instanceSettings = {
		instanceId: 'test-instance-id',
		hmacSignatureSecret: 'test-hmac-secret',
		encryptionKey: 'test-encryption-key',
		n8nFolder: storageDir,
		staticCacheDir: join(storageDir, 'cache'),
		customExtensionDir: join(storageDir, 'custom'),
		nodesDownloadDir: join(storageDir, 'nodes'),
		instanceType: 'main',
		instanceRole: 'leader',
		isLeader: true,
		isMultiMain: false,
		isDocker: false,
	};
	Container.set(InstanceSettings, instanceSettings as unknown as InstanceSettings);

	// Only start nodes carrying `contextEstablishmentHooks` parameters reach the registry or the
	// cipher, and ours never do; the real cipher would pull in InstanceSettings.
	const hookRegistry = {
		getHookByName: () => undefined,
		getAllHooks: () => [],
		getHookForTriggerType: () => [],
	};
	const cipher = {
		encrypt: (data: unknown) => (typeof data === 'string' ? data : JSON.stringify(data)),
		decrypt: (data: string) => data,
	};
	Container.set(
		ExecutionContextService,
		new ExecutionContextService(logger, hookRegistry as never, cipher as never),
	);

	// Every ExecuteContext resolves this manager, whose constructor starts a 60 s interval that
	// keeps Jest from exiting; ours never opens SSH tunnels, so the interval is stopped.
	const sshClients = new SSHClientsManager({ idleTimeout: 5 * 60 }, logger);
	clearInterval((sshClients as unknown as { cleanupTimer: NodeJS.Timeout }).cleanupTimer);
	Container.set(SSHClientsManager, sshClients);

	const binaryServices = {} as Record<BinaryMode, BinaryDataService>;
	for (const mode of ['default', 'filesystem'] as const) {
		const config = {
			mode,
			availableModes: [mode],
			localStoragePath: join(storageDir, 'binary-data'),
			signingSecret: 'test-binary-signing-secret',
			dbMaxFileSize: 512,
		};
		const service = new BinaryDataService(config as unknown as BinaryDataConfig, errorReporter as never, logger);
		// init() always registers the filesystem manager, so either service can read ids the other wrote.
		await service.init();
		binaryServices[mode] = service;
	}

	const deduplicator = new DelegatingDeduplicator(new InMemoryDeduplicator());
	try {
		await DataDeduplicationService.init(deduplicator);
	} catch {
		// Another copy of this module in the same worker already initialised the singleton.
	}

	return { storageDir, binaryServices, deduplicator };
}

/** Registers the test doubles once per Jest worker (module registry); safe to call repeatedly. */
export async function ensureTestEnvironment(): Promise<TestEnvironment> {
	ready ??= createEnvironment().then((env) => (environment = env));
	return await ready;
}

/**
 * Selects how binary data created from now on is stored. 'default' keeps it inline as base64 in
 * `binary.data` (what n8n's own node tests use); 'filesystem' is n8n 2.x's production default,
 * where `binary.data` is only the marker 'filesystem-v2' and the bytes sit behind `binary.id`.
 */
export async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const env = await ensureTestEnvironment();
	Container.set(BinaryDataService, env.binaryServices[mode]);
	const config = { mode, availableModes: [mode] };
	Container.set(BinaryDataConfig, config as unknown as BinaryDataConfig);
}

/** Routes `this.helpers.checkProcessedAndRecord` & co. of executing nodes to `target`. */
export async function useDeduplicator(target: InMemoryDeduplicator): Promise<void> {
	const env = await ensureTestEnvironment();
	env.deduplicator.target = target;
}

/** The bytes of a binary property in either storage mode, read the way n8n-core reads them. */
export async function readBinary(binary: { id?: string; data: string }): Promise<Buffer> {
	await ensureTestEnvironment();
	return await Container.get(BinaryDataService).getAsBuffer(binary as never);
}

export function getStorageDir(): string | undefined {
	return environment?.storageDir;
}

// Jest gives every test file its own module registry, so this runs once per file that uses the
// harness, after that file's tests (and their afterAll hooks) are done.
if (typeof afterAll === 'function') {
	afterAll(async () => {
		const env = await ready?.catch(() => undefined);
		if (env) rmSync(env.storageDir, { recursive: true, force: true });
	});
}
