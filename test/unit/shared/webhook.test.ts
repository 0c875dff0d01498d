/**
 * nodes/shared/webhook.ts, the plumbing every trigger shares, tested once here on the parts of
 * n8n's contexts each function reads: answering and refusing a callback, the timestamp window,
 * the duplicate filter, the credential cache, the answer deadline, and the one-answer rule of an
 * open callback. The platform trigger tests show the same plumbing end to end over HTTP.
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { EventEmitter } from 'node:events';
import {
	acknowledgeOnceStarted,
	ANSWER_WITH_WEBHOOK_RESPONSE,
	answerUnlessAnswered,
	answerWaitingCallback,
	clearTriggerCaches,
	deadlineMs,
	DuplicateFilter,
	duplicateFilter,
	reject,
	respond,
	triggerCredentials,
	withinWindow,
} from '../../../nodes/shared/webhook';

/** The part of express's response the plumbing writes to, recording what it was given. */
function fakeResponse(options: { headersSent?: boolean; endThrows?: boolean } = {}) {
	const res = {
		headersSent: options.headersSent ?? false,
		writableEnded: false,
		destroyed: false,
		statusCode: 0,
		headers: {} as Record<string, string>,
		body: undefined as string | undefined,
		status(code: number) {
			res.statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			res.headers[name.toLowerCase()] = value;
		},
		end(body: string) {
			if (options.endThrows) throw Object.assign(new Error('headers sent'), { code: 'ERR_HTTP_HEADERS_SENT' });
			res.body = body;
			res.headersSent = true;
			res.writableEnded = true;
		},
	};
	return res;
}

type FakeResponse = ReturnType<typeof fakeResponse>;

function webhookContext(
	options: { res?: FakeResponse; nodeId?: string; credentialId?: string; workflowId?: string; read?: () => object } = {},
) {
	const logs: Array<{ level: string; message: string }> = [];
	const context = {
		getResponseObject: () => options.res ?? fakeResponse(),
		getNode: () => ({
			id: options.nodeId ?? 'node-1',
			name: 'Some Trigger',
			credentials: { someApi: { id: options.credentialId ?? 'cred-1', name: 'Some' } },
		}),
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-1' }),
		getCredentials: async () => options.read?.() ?? {},
		logger: {
			debug: (message: string) => logs.push({ level: 'debug', message }),
			warn: (message: string) => logs.push({ level: 'warn', message }),
		},
	} as unknown as IWebhookFunctions;
	return { context, logs };
}

beforeEach(() => clearTriggerCaches());

describe('respond and reject', () => {
	it('respond writes status, content type and body, and tells n8n not to answer', () => {
		const res = fakeResponse();
		const { context } = webhookContext({ res });
		expect(respond(context, 200, 'success')).toEqual({ noWebhookResponse: true });
		expect(res).toMatchObject({ statusCode: 200, body: 'success', headers: { 'content-type': 'text/plain; charset=utf-8' } });
	});

	it('respond hands on the workflow data, and writes nothing to a response already sent', () => {
		const res = fakeResponse({ headersSent: true });
		const { context } = webhookContext({ res });
		const workflowData = [[{ json: { a: 1 } }]];
		expect(respond(context, 200, '{}', 'application/json', workflowData)).toEqual({ noWebhookResponse: true, workflowData });
		expect(res.statusCode).toBe(0);
		expect(res.body).toBeUndefined();
	});

	it('acknowledgeOnceStarted leaves the answer to n8n: the body as webhookResponse, written by nothing here', () => {
		const res = Object.assign(new EventEmitter(), fakeResponse());
		const { context } = webhookContext({ res });
		const workflowData = [[{ json: { a: 1 } }]];
		expect(acknowledgeOnceStarted(context, 'success', 'text/plain; charset=utf-8', workflowData)).toEqual({
			workflowData,
			webhookResponse: 'success',
		});
		// No noWebhookResponse: n8n sends it after storing the execution; only the type is set here.
		expect(res.body).toBeUndefined();
		expect(res.headers).toEqual({ 'content-type': 'text/plain; charset=utf-8' });
		// n8n answers onReceived with the trigger's webhookResponse only when responseData is falsy and not "noData".
		expect(ANSWER_WITH_WEBHOOK_RESPONSE.responseData).toBe('');
	});

	it.each([
		[500, true],
		[503, true],
		[200, false],
		[404, false],
	])('acknowledgeOnceStarted: an answer of %i (n8n could start the run: %s) decides whether the key is forgotten', (status, forgets) => {
		const res = Object.assign(new EventEmitter(), fakeResponse());
		const { context } = webhookContext({ res });
		const filter = new DuplicateFilter();
		expect(filter.check('msg-1')).toBe(false);
		acknowledgeOnceStarted(context, '', 'text/plain', [[{ json: {} }]], () => filter.forget('msg-1'));
		res.statusCode = status;
		res.emit('finish');
		// A start n8n answered with a 5xx never ran: the platform's resend must get through.
		expect(filter.check('msg-1')).toBe(!forgets);
	});

	it.each([
		[401, 'Forbidden'],
		[403, 'Forbidden'],
		[413, 'Payload Too Large'],
		[400, 'Bad Request'],
	])('reject %i answers the fixed text "%s"; the reason goes only to the debug log', (status, text) => {
		const res = fakeResponse();
		const { context, logs } = webhookContext({ res });
		expect(reject(context, status, 'signature mismatch')).toEqual({ noWebhookResponse: true });
		expect(res).toMatchObject({ statusCode: status, body: text, headers: { 'content-type': 'text/plain; charset=utf-8' } });
		expect(logs).toEqual([{ level: 'debug', message: `Some Trigger: callback rejected (${status}): signature mismatch` }]);
	});
});

describe('withinWindow', () => {
	const now = 1_700_000_000_000;
	it.each([
		['exactly now', '1700000000', true],
		['the window\'s age', 1_700_000_000 - 300, true],
		['a second older', 1_700_000_000 - 301, false],
		['the window ahead', '1700000300', true],
		['a second further ahead', '1700000301', false],
		['empty', '', false],
		['blank', ' ', false],
		['not a number', 'soon', false],
	])('%s (%j) is %s within 300 s', (_what, timestamp, within) => {
		expect(withinWindow(timestamp, 300, now)).toBe(within);
	});
});

describe('deadlineMs', () => {
	it.each([
		[undefined, 4000],
		[0, 4000],
		[-5, 4000],
		['soon', 4000],
		[50, 100],
		[1234.6, 1235],
		['2500', 2500],
		[99999, 4900],
	])('%j → %i ms (fallback 4000, within 100 to 4900)', (value, ms) => {
		expect(deadlineMs(value, 4000, 100, 4900)).toBe(ms);
	});
});

describe('DuplicateFilter', () => {
	it('sees a key again within its TTL, and records it anew after', () => {
		const filter = new DuplicateFilter(10, 1000);
		expect(filter.check('a', 0)).toBe(false);
		expect(filter.check('a', 999)).toBe(true);
		expect(filter.check('a', 1000)).toBe(false);
		expect(filter.check('a', 1999)).toBe(true);
	});

	it('keeps at most `max` keys, dropping the oldest first', () => {
		const filter = new DuplicateFilter(3, 60_000);
		for (const key of ['a', 'b', 'c', 'd']) expect(filter.check(key, 0)).toBe(false);
		expect(filter.size).toBe(3);
		expect(filter.check('b', 1)).toBe(true);
		expect(filter.check('a', 1)).toBe(false);
	});

	it('forgets a key, so a retry of an execution that did not start goes through', () => {
		const filter = new DuplicateFilter();
		filter.check('k', 0);
		filter.forget('k');
		expect(filter.check('k', 1)).toBe(false);
	});

	it('is one per workflow and trigger node, until the caches are cleared', () => {
		const first = duplicateFilter(webhookContext().context);
		expect(duplicateFilter(webhookContext().context)).toBe(first);
		expect(duplicateFilter(webhookContext({ nodeId: 'node-2' }).context)).not.toBe(first);
		expect(duplicateFilter(webhookContext({ workflowId: 'wf-2' }).context)).not.toBe(first);
		clearTriggerCaches();
		expect(duplicateFilter(webhookContext().context)).not.toBe(first);
	});
});

describe('triggerCredentials', () => {
	it('reads the credential at most once a minute per workflow, node and credential', async () => {
		let reads = 0;
		const read = () => ({ read: ++reads });
		const at = (now: number, options = {}) => triggerCredentials(webhookContext({ read, ...options }).context, 'someApi', now);
		expect(await at(0)).toEqual({ read: 1 });
		expect(await at(59_999)).toEqual({ read: 1 });
		expect(await at(60_000)).toEqual({ read: 2 });
		// Another node, workflow or credential is another entry.
		expect(await at(60_001, { nodeId: 'node-2' })).toEqual({ read: 3 });
		expect(await at(60_001, { workflowId: 'wf-2' })).toEqual({ read: 4 });
		expect(await at(60_001, { credentialId: 'cred-2' })).toEqual({ read: 5 });
		expect(await at(60_001)).toEqual({ read: 2 });
		clearTriggerCaches();
		expect(await at(60_001)).toEqual({ read: 6 });
	});
});

describe('answerUnlessAnswered', () => {
	const answer = { status: 200, body: 'success', contentType: 'text/plain', outcome: 'so the caller got "success"' };

	it('answers when the workflow has not, and warns with the time waited', async () => {
		const res = fakeResponse();
		const { context, logs } = webhookContext({ res });
		await expect(answerUnlessAnswered(context, 5, answer)).resolves.toBe(true);
		expect(res).toMatchObject({ statusCode: 200, body: 'success', headers: { 'content-type': 'text/plain' } });
		expect(logs).toEqual([
			{ level: 'warn', message: expect.stringMatching(/^Some Trigger: the workflow did not answer within \d+ ms, so the caller got "success"$/) },
		]);
	});

	it('does nothing when the workflow answered first', async () => {
		const res = fakeResponse();
		const { context, logs } = webhookContext({ res });
		const pending = answerUnlessAnswered(context, 20, answer);
		res.end('from the workflow');
		await expect(pending).resolves.toBe(false);
		expect(res.body).toBe('from the workflow');
		expect(logs).toEqual([]);
	});

	it('gives way when the workflow wins the race between the check and the write', async () => {
		const { context, logs } = webhookContext({ res: fakeResponse({ endThrows: true }) });
		await expect(answerUnlessAnswered(context, 1, answer)).resolves.toBe(false);
		expect(logs).toEqual([]);
	});
});

describe('answerWaitingCallback', () => {
	it('refuses more than one item: a callback takes one answer', async () => {
		const sendResponse = jest.fn();
		const context = {
			getNode: () => ({ name: 'Answer' }),
			getInputData: () => [{ json: {} }, { json: {} }],
			sendResponse,
		} as unknown as IExecuteFunctions;
		const trigger = { type: 'someTrigger', label: 'Some Trigger', mode: 'wait', modeName: 'Wait', otherwise: 'use Build Only' };
		const refused = answerWaitingCallback(context, 0, trigger, { body: 'x', contentType: 'text/plain' });
		await expect(refused).rejects.toThrow(NodeOperationError);
		await expect(refused).rejects.toThrow(/one answer, but 2 items arrived/);
		expect(sendResponse).not.toHaveBeenCalled();
	});
});
