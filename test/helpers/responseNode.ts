/**
 * n8n's "responseNode" response mode for the test webhook server: the trigger's webhook() returns
 * workflowData without answering, the rest of the workflow runs, and the first node that calls
 * `this.sendResponse()` answers the waiting caller. What n8n does, from packages/cli/src/webhooks
 * (2.8.4 and 2.41.1, webhook-helpers setupResponseNodePromise and webhook-request-handler):
 * - the answer is a deferred promise: the first sendResponse wins, later ones are ignored;
 * - a string body goes out with res.send, anything else with res.json, after the status and the
 *   headers; a Buffer body with res.end;
 * - a write to a response the trigger already answered throws ERR_HTTP_HEADERS_SENT, which n8n
 *   catches and logs;
 * - a workflow that ends without answering gets an empty 200, one that fails a 500
 *   {"message":"Error in workflow"}.
 */
import type { IDataObject, IExecuteResponsePromiseData, INodeExecutionData } from 'n8n-workflow';
import type { ServerResponse } from 'http';

/** Runs "the rest of the workflow" with the trigger's output; `answer` is the sendResponse hook. */
export type ResponseNodeWorkflow = (
	items: INodeExecutionData[][],
	answer: (response: IExecuteResponsePromiseData) => void,
) => Promise<void>;

export interface ResponseNodeAnswer {
	response: IExecuteResponsePromiseData;
	/** delivered: went to the caller; ignored: not the first answer; failed: the write threw (error). */
	outcome: 'delivered' | 'ignored' | 'failed';
	error?: string;
	/** ms after the workflow started. */
	atMs: number;
}

export interface ResponseNodeRun {
	answers: ResponseNodeAnswer[];
	/** Set once the workflow function settled. */
	done: boolean;
	error?: Error;
	/** What n8n wrote at the end for a workflow that never answered, and whether that write threw. */
	fallback?: { status: number; error?: string };
}

type ExpressLike = ServerResponse & {
	status(code: number): ExpressLike;
	send(body?: unknown): ExpressLike;
	json(body: unknown): ExpressLike;
};

function write(res: ExpressLike, response: IDataObject): void {
	const { body, headers, statusCode } = response as { body?: unknown; headers?: IDataObject; statusCode?: number };
	if (statusCode !== undefined) res.status(statusCode);
	for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, String(value));
	if (Buffer.isBuffer(body)) res.end(body);
	else if (typeof body === 'string') res.send(body);
	else res.json(body);
}

function errorCode(error: unknown): string {
	return String((error as NodeJS.ErrnoException).code ?? (error as Error).message);
}

/** Starts the workflow; `run` fills in as it goes, `finished` resolves once n8n would be done. */
export function startResponseNode(
	res: ServerResponse,
	items: INodeExecutionData[][],
	workflow: ResponseNodeWorkflow,
): { run: ResponseNodeRun; finished: Promise<void> } {
	const run: ResponseNodeRun = { answers: [], done: false };
	return { run, finished: play(run, res, items, workflow) };
}

async function play(
	run: ResponseNodeRun,
	res: ServerResponse,
	items: INodeExecutionData[][],
	workflow: ResponseNodeWorkflow,
): Promise<void> {
	const express = res as ExpressLike;
	const started = Date.now();
	let answered = false;
	const answer = (response: IExecuteResponsePromiseData) => {
		const entry: ResponseNodeAnswer = { response, outcome: 'ignored', atMs: Date.now() - started };
		run.answers.push(entry);
		if (answered) return;
		answered = true;
		try {
			write(express, response as IDataObject);
			entry.outcome = 'delivered';
		} catch (error) {
			entry.outcome = 'failed';
			entry.error = errorCode(error);
		}
	};
	try {
		await workflow(items, answer);
	} catch (error) {
		run.error = error as Error;
	}
	run.done = true;
	if (!answered) {
		const status = run.error ? 500 : 200;
		run.fallback = { status };
		try {
			express.status(status);
			if (run.error) express.json({ message: 'Error in workflow' });
			else express.json(undefined);
		} catch (error) {
			run.fallback.error = errorCode(error);
		}
	}
}
