/**
 * "Workflow Decides": a before-send callback waits for the workflow's answer, and is answered
 * "allow" at the trigger's deadline when the workflow is late.
 *
 * This file plays n8n's part itself with a minimal context (test/unit/tim/answer.test.ts runs the
 * same through n8n-core and test/helpers/responseNode.ts), from packages/cli/src/webhooks (2.8.4 and 2.41.1): a trigger result
 * with workflowData and no noWebhookResponse leaves the HTTP response open; the answer of the node
 * that calls sendResponse (Callback Answer → Answer) is later written with res.status(...) and
 * setHeader/end, which throws
 * ERR_HTTP_HEADERS_SENT when the response is already sent — n8n's request handler catches that.
 * The real thing runs in test/e2e/tencent-im.e2e.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { TencentCloudImTrigger } from '../../../nodes/TencentCloudIm/TencentCloudImTrigger.node';
import * as webhookModule from '../../../nodes/shared/webhook';
import { clearTriggerCaches } from '../../../nodes/shared/webhook';
import { sendTimCallback, timFixture } from '../../emulator';

interface Scenario {
	/** When the "workflow" answers, and with what; undefined = never. */
	workflowMs?: number;
	answer?: IDataObject;
	parameters?: IDataObject;
}

interface Outcome {
	result?: IWebhookResponseData;
	lateWriteError?: NodeJS.ErrnoException;
	workflowAnswered?: boolean;
	warnings: string[];
	/** Resolves once the "workflow" has tried to write its answer (or there is none to write). */
	workflowDone: Promise<void>;
}

function freshOutcome(): Outcome & { finishWorkflow: () => void } {
	let finishWorkflow!: () => void;
	const workflowDone = new Promise<void>((resolve) => (finishWorkflow = resolve));
	return { warnings: [], workflowDone, finishWorkflow };
}

const node: INode = {
	id: 'trigger',
	name: 'Tencent Cloud IM Trigger',
	type: 'n8n-nodes-china-im.tencentCloudImTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { tencentCloudImApi: { id: 'cred', name: 'TIM' } },
};

function get(object: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], object);
}

/** The parts of n8n's webhook context the trigger uses, over a real request and response. */
function context(req: IncomingMessage & { rawBody: Buffer }, res: ServerResponse, parameters: IDataObject, outcome: Outcome): IWebhookFunctions {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const express = Object.assign(res, {
		status(code: number) {
			res.statusCode = code;
			return express;
		},
	});
	return {
		getNode: () => node,
		getWorkflow: () => ({ id: 'wf-moderation', name: 'moderation', active: true }),
		getCredentials: async () => ({
			sdkAppId: timFixture.sdkAppId,
			secretKey: timFixture.secretKey,
			identifier: timFixture.admin,
			callbackToken: timFixture.callbackToken,
		}),
		getRequestObject: () => req,
		getResponseObject: () => express,
		getQueryData: () => Object.fromEntries(url.searchParams),
		getNodeParameter: (name: string, fallback?: unknown) => get(parameters, name) ?? fallback,
		helpers: { returnJsonArray: (json: IDataObject) => [{ json }] },
		logger: { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m: string) => outcome.warnings.push(m) },
	} as unknown as IWebhookFunctions;
}

let server: Server;
let url = '';
let scenario: Scenario = {};
let outcome = freshOutcome();

beforeAll(async () => {
	server = createServer((incoming, res) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (c: Buffer) => chunks.push(c));
		incoming.on('end', () => {
			const req = Object.assign(incoming, { rawBody: Buffer.concat(chunks) });
			const parameters = { replyMode: 'workflow', ...(scenario.parameters ?? {}) };
			const current = outcome;
			void (async () => {
				try {
					const result = await new TencentCloudImTrigger().webhook.call(context(req, res, parameters, current));
					current.result = result;
					if (result.noWebhookResponse || scenario.workflowMs === undefined) return;
					// The workflow runs; its Callback Answer node answers when it gets there.
					await sleep(scenario.workflowMs);
					current.workflowAnswered = true;
					try {
						res.statusCode = 200;
						res.setHeader('Content-Type', 'application/json; charset=utf-8');
						res.end(JSON.stringify(scenario.answer));
					} catch (error) {
						current.lateWriteError = error as NodeJS.ErrnoException;
					}
				} finally {
					current.finishWorkflow();
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/tim`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	clearTriggerCaches();
	outcome = freshOutcome();
});
afterEach(() => jest.restoreAllMocks());

const beforeSend = (text: string) =>
	sendTimCallback({
		url,
		sdkAppId: timFixture.sdkAppId,
		token: timFixture.callbackToken,
		command: 'C2C.CallbackBeforeSendMsg',
		body: { From_Account: 'alice', To_Account: 'bob', MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] },
	});

describe('before-send moderation', () => {
	it('returns the workflow\'s answer when it is in time, and the deadline then does nothing', async () => {
		scenario = { workflowMs: 200, answer: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden' } };
		const deadline = jest.spyOn(webhookModule, 'answerUnlessAnswered');
		const result = await beforeSend('buy gold');
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden' });
		expect(result.elapsedMs).toBeLessThan(1000);
		expect(outcome.result).toEqual({ workflowData: [[{ json: expect.objectContaining({ text: 'buy gold' }) }]] });
		// The deadline's own verdict once it has run, rather than a sleep that hopes it has.
		expect(deadline).toHaveBeenCalledTimes(1);
		await expect(deadline.mock.results[0].value).resolves.toBe(false);
		expect(outcome.warnings).toEqual([]);
	});

	it('answers "allow" by the deadline when the workflow is late, and the late answer is refused', async () => {
		scenario = { workflowMs: 2500, answer: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'too late' } };
		const result = await beforeSend('slow');
		process.stderr.write(`[moderation] late workflow answered "allow" after ${result.elapsedMs} ms\n`);
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
		expect(result.elapsedMs).toBeGreaterThanOrEqual(1250);
		expect(result.elapsedMs).toBeLessThan(2000);
		expect(outcome.warnings).toEqual([expect.stringMatching(/did not answer within \d+ ms, so the message was allowed/)]);
		// However long the late write takes on a loaded machine: wait for it, not for a guess.
		await outcome.workflowDone;
		expect(outcome.workflowAnswered).toBe(true);
		expect(outcome.lateWriteError?.code).toBe('ERR_HTTP_HEADERS_SENT');
	});

	it('honours a shorter deadline option', async () => {
		scenario = { workflowMs: undefined, parameters: { options: { deadlineMs: 400 } } };
		const result = await beforeSend('never answered');
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
		expect(result.elapsedMs).toBeGreaterThanOrEqual(350);
		expect(result.elapsedMs).toBeLessThan(900);
	});

	it('answers after-events at once even in this mode', async () => {
		scenario = { workflowMs: 3000, answer: {} };
		const result = await sendTimCallback({
			url,
			sdkAppId: timFixture.sdkAppId,
			token: timFixture.callbackToken,
			command: 'C2C.CallbackAfterSendMsg',
			body: { From_Account: 'alice', To_Account: 'bob', MsgKey: 'k1', MsgBody: [] },
		});
		expect(result.json).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
		expect(result.elapsedMs).toBeLessThan(500);
		expect(outcome.result?.noWebhookResponse).toBe(true);
	});
});
