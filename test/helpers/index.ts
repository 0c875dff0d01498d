export { TestCredentialsHelper } from './credentials';
export type { CredentialTypeInput, CredentialWrite, PreAuthenticationCall } from './credentials';
export { DeduplicationError, InMemoryDeduplicator } from './dedup';
export { ensureTestEnvironment, logRecords, readBinary, reportedErrors } from './env';
export type { BinaryMode, LogRecord } from './env';
export { PACKAGE_NAME } from './nodes';
export type { NodeTypeInput } from './nodes';
export { startWebhookServer } from './webhook';
export type {
	RecordedRequest,
	StartWebhookServerOptions,
	WebhookError,
	WebhookExecution,
	WebhookHttpResponse,
	WebhookServer,
} from './webhook';
export { runNode, TEST_WORKFLOW_ID } from './workflow';
export type { RunNodeOptions, RunNodeResult } from './workflow';
