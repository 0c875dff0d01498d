/**
 * Proves the harness itself with test-only node and credential types against a local HTTP
 * server: token lifecycle through n8n's real httpRequestWithAuthentication, continueOnFail,
 * binary data in both storage modes, and a trigger served by the webhook fake.
 */
import { createServer } from 'http';
import type { IncomingMessage, Server } from 'http';
import type { AddressInfo } from 'net';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { readBinary } from './env';
import type { WebhookServer } from './webhook';
import { startWebhookServer } from './webhook';
import { runNode } from './workflow';

// ---------------------------------------------------------------------------------------------
// A platform-like API: tokens from /token, calls authenticated with ?access_token=.

interface ApiState {
	tokenRequests: number;
	validTokens: Set<string>;
	seenTokens: string[];
}

function startApi(): Promise<{ server: Server; url: string; state: ApiState }> {
	const state: ApiState = { tokenRequests: 0, validTokens: new Set(), seenTokens: [] };
	const readJson = async (req: IncomingMessage): Promise<IDataObject> => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as IDataObject) : {};
	};
	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const reply = (status: number, body: IDataObject) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (url.pathname === '/token') {
				state.tokenRequests++;
				if (url.searchParams.get('secret') !== 'app-secret') return reply(200, { errcode: 40001 });
				const token = `tok-${state.tokenRequests}`;
				state.validTokens.add(token);
				return reply(200, { access_token: token, expires_in: 7200 });
			}
			const token = url.searchParams.get('access_token') ?? '';
			state.seenTokens.push(token);
			if (!state.validTokens.has(token)) return reply(401, { error: 'invalid access_token' });
			if (url.pathname === '/echo') return reply(200, { echo: (await readJson(req)).text, token });
			if (url.pathname === '/fail') return reply(500, { error: 'boom' });
			reply(404, { error: 'not found' });
		})();
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state }),
		),
	);
}

// ---------------------------------------------------------------------------------------------
// Test-only credential and node types.

class HarnessTokenApi implements ICredentialType {
	name = 'harnessTokenApi';

	displayName = 'Harness Token API';

	properties: INodeProperties[] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'App Secret', name: 'appSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Access Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'GET',
			url: `${credentials.baseUrl as string}/token`,
			qs: { secret: credentials.appSecret },
			json: true,
		})) as IDataObject;
		if (!response.access_token) throw new Error(`token request failed: ${JSON.stringify(response)}`);
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { qs: { access_token: '={{$credentials.accessToken}}' } },
	};
}

class HarnessAction implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Action',
		name: 'harnessAction',
		group: ['transform'],
		version: 1,
		description: 'Test-only action node',
		defaults: { name: 'Harness Action' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'harnessTokenApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Echo', value: 'echo' },
					{ name: 'Fail', value: 'fail' },
					{ name: 'Upper-Case File', value: 'upper' },
				],
				default: 'echo',
			},
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{ displayName: 'Force Token Refresh', name: 'forceRefresh', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const operation = this.getNodeParameter('operation', i) as string;
				if (operation === 'upper') {
					const binary = this.helpers.assertBinaryData(i, 'data');
					const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
					const upper = await this.helpers.prepareBinaryData(
						Buffer.from(buffer.toString('utf8').toUpperCase()),
						`upper-${binary.fileName ?? 'file.txt'}`,
						'text/plain',
					);
					output.push({ json: { bytes: buffer.length }, binary: { data: upper }, pairedItem: { item: i } });
					continue;
				}
				const credentials = await this.getCredentials('harnessTokenApi');
				const request: IHttpRequestOptions = {
					method: 'POST',
					url: `${credentials.baseUrl as string}/${operation}`,
					body: { text: this.getNodeParameter('text', i) },
					json: true,
				};
				// The mechanism of our shared request layer: hand n8n the credentials with the token
				// blanked, so its preAuthentication sees '' and fetches (and persists) a new one.
				const additional = this.getNodeParameter('forceRefresh', i)
					? {
							credentialsDecrypted: {
								id: 'cred-harnessTokenApi',
								name: 'harness',
								type: 'harnessTokenApi',
								data: { ...credentials, accessToken: '' },
							},
						}
					: undefined;
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'harnessTokenApi',
					request,
					additional,
				)) as IDataObject;
				output.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [output];
	}
}

interface HarnessSecretData extends ICredentialDataDecryptedObject {
	secret: string;
}

class HarnessSecretApi implements ICredentialType {
	name = 'harnessSecretApi';

	displayName = 'Harness Secret';

	properties: INodeProperties[] = [{ displayName: 'Secret', name: 'secret', type: 'string', default: '' }];
}

class HarnessTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Trigger',
		name: 'harnessTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test-only webhook trigger',
		defaults: { name: 'Harness Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'harnessSecretApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'callback' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' },
		],
		properties: [
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [{ displayName: 'Reply', name: 'reply', type: 'string', default: 'success' }],
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const query = this.getQueryData() as IDataObject;
		const { secret } = await this.getCredentials<HarnessSecretData>('harnessSecretApi');
		if (query.signature !== secret) {
			res.status(403).send('bad signature');
			return { noWebhookResponse: true };
		}
		if (query.mode === 'throw') throw new NodeOperationError(this.getNode(), 'trigger exploded');
		if (query.mode === 'probe') {
			const helpers = this.helpers as unknown as IDataObject;
			return {
				webhookResponse: {
					hasDedupHelpers: typeof helpers.checkProcessedAndRecord === 'function',
					workflow: this.getWorkflow(),
					mode: this.getMode(),
					webhookName: this.getWebhookName(),
					url: this.getNodeWebhookUrl('default'),
					params: this.getParamsData(),
				},
			};
		}
		if (req.method === 'GET') {
			res.status(200).type('text/plain').send(String(query.echostr));
			return { noWebhookResponse: true };
		}

		const body = this.getBodyData();
		const message = ((body.xml as IDataObject | undefined) ?? body) as IDataObject;
		const seen = this.getWorkflowStaticData('node') as { msgIds?: string[] };
		seen.msgIds ??= [];
		const isRepeat = seen.msgIds.includes(String(message.msgid));
		if (!isRepeat) seen.msgIds.push(String(message.msgid));

		const workflowData = isRepeat
			? undefined
			: [this.helpers.returnJsonArray({ ...message, rawBody: (req.rawBody as Buffer).toString('utf8') })];
		if (query.mode === 'n8nReply') return { workflowData };
		res.status(200).send(this.getNodeParameter('options.reply', 'fallback') as string);
		return { workflowData, noWebhookResponse: true };
	}
}

// ---------------------------------------------------------------------------------------------

let api: { server: Server; url: string; state: ApiState };

beforeAll(async () => {
	api = await startApi();
});

afterAll(async () => {
	await new Promise((resolve) => api.server.close(resolve));
});

function newHelper(): TestCredentialsHelper {
	return new TestCredentialsHelper({ harnessTokenApi: { baseUrl: api.url, appSecret: 'app-secret' } }, [
		new HarnessTokenApi(),
	]);
}

describe('runNode with the real WorkflowExecute', () => {
	test('fetches the expirable token once, persists it and reuses it in the next execution', async () => {
		const credentialsHelper = newHelper();
		const before = api.state.tokenRequests;

		const first = await runNode({
			node: HarnessAction,
			parameters: { operation: 'echo', text: '={{ $json.word }}' },
			credentialsHelper,
			items: [{ json: { word: 'one' } }, { json: { word: 'two' } }],
		});

		expect(first.error).toBeUndefined();
		expect(api.state.tokenRequests - before).toBe(1);
		const token = credentialsHelper.getStored('harnessTokenApi')?.accessToken;
		expect(token).toMatch(/^tok-\d+$/);
		expect(first.items[0].map((item) => item.json)).toEqual([
			{ echo: 'one', token },
			{ echo: 'two', token },
		]);
		expect(first.items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(credentialsHelper.writes).toHaveLength(1);
		expect(credentialsHelper.writes[0].data).toMatchObject({ accessToken: token, appSecret: 'app-secret' });
		expect(credentialsHelper.preAuthentications).toEqual([
			{ type: 'harnessTokenApi', reason: 'empty', persisted: true },
		]);

		const second = await runNode({
			node: HarnessAction,
			parameters: { operation: 'echo', text: 'three' },
			credentialsHelper,
		});
		expect(second.items[0][0].json).toEqual({ echo: 'three', token });
		expect(api.state.tokenRequests - before).toBe(1);
		expect(credentialsHelper.writes).toHaveLength(1);
	});

	test('credentialsDecrypted with the token blanked forces a refresh that is persisted', async () => {
		const credentialsHelper = newHelper();
		await runNode({ node: HarnessAction, parameters: { text: 'warm-up' }, credentialsHelper });
		const oldToken = credentialsHelper.getStored('harnessTokenApi')?.accessToken;
		const before = api.state.tokenRequests;

		const result = await runNode({
			node: HarnessAction,
			parameters: { text: 'again', forceRefresh: true },
			credentialsHelper,
		});

		expect(api.state.tokenRequests - before).toBe(1);
		const newToken = credentialsHelper.getStored('harnessTokenApi')?.accessToken;
		expect(newToken).not.toEqual(oldToken);
		expect(result.items[0][0].json).toEqual({ echo: 'again', token: newToken });
		expect(credentialsHelper.writes.map((write) => write.data.accessToken)).toEqual([oldToken, newToken]);
	});

	test('a 401 makes n8n call preAuthentication as expired, persist the new token and retry', async () => {
		const credentialsHelper = newHelper();
		await runNode({ node: HarnessAction, parameters: { text: 'warm-up' }, credentialsHelper });
		api.state.validTokens.clear();

		const result = await runNode({ node: HarnessAction, parameters: { text: 'retried' }, credentialsHelper });

		expect(result.error).toBeUndefined();
		expect(result.items[0][0].json).toMatchObject({ echo: 'retried' });
		expect(credentialsHelper.preAuthentications.map((call) => call.reason)).toEqual(['empty', 'expired']);
		expect(credentialsHelper.writes).toHaveLength(2);
	});

	test('continueOnFail turns the error into an item with json.error and pairedItem', async () => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
		const continued = await runNode({
			node: HarnessAction,
			parameters: { operation: 'fail' },
			credentialsHelper: newHelper(),
			items,
			continueOnFail: true,
		});
		expect(continued.error).toBeUndefined();
		expect(continued.items[0]).toHaveLength(2);
		continued.items[0].forEach((item, index) => {
			expect(typeof item.json.error).toBe('string');
			expect(item.pairedItem).toEqual({ item: index });
		});

		const failed = await runNode({
			node: HarnessAction,
			parameters: { operation: 'fail' },
			credentialsHelper: newHelper(),
			items,
		});
		expect(failed.items).toEqual([]);
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect((failed.error as NodeApiError).httpCode).toBe('500');
		expect((failed.error as NodeApiError).node.name).toBe('Harness Action');
		expect(failed.taskData?.executionStatus).toBe('error');
	});

	test.each(['default', 'filesystem'] as const)(
		'binary data from the start node reaches the node and prepareBinaryData output comes back (%s mode)',
		async (binaryMode) => {
			const result = await runNode({
				node: HarnessAction,
				parameters: { operation: 'upper' },
				credentialsHelper: newHelper(),
				binaryMode,
				items: [
					{
						json: {},
						binary: {
							data: {
								data: Buffer.from('hello 企业微信').toString('base64'),
								mimeType: 'text/plain',
								fileName: 'note.txt',
							},
						},
					},
				],
			});

			expect(result.error).toBeUndefined();
			const [item] = result.items[0];
			expect(item.json).toEqual({ bytes: Buffer.byteLength('hello 企业微信') });
			expect(item.binary?.data).toMatchObject({ fileName: 'upper-note.txt', mimeType: 'text/plain' });
			if (binaryMode === 'filesystem') expect(item.binary?.data.id).toMatch(/^filesystem-v2:/);
			else expect(item.binary?.data.id).toBeUndefined();
			expect((await readBinary(item.binary!.data)).toString('utf8')).toBe('HELLO 企业微信');
		},
	);
});

describe('TestCredentialsHelper on its own', () => {
	test('authenticate resolves $credentials expressions and runs function-form authenticate', async () => {
		const functionForm: ICredentialType = {
			name: 'functionFormApi',
			displayName: 'Function form',
			properties: [],
			authenticate: async (credentials, options) => ({
				...options,
				headers: { ...options.headers, authorization: `Bearer ${credentials.token as string}` },
			}),
		};
		const helper = new TestCredentialsHelper({}, [new HarnessTokenApi(), functionForm]);

		const generic = await helper.authenticate({ accessToken: 'abc' }, 'harnessTokenApi', { url: 'http://x' });
		expect(generic.qs).toEqual({ access_token: 'abc' });

		const viaFunction = await helper.authenticate({ token: 't1' }, 'functionFormApi', { url: 'http://x' });
		expect(viaFunction.headers).toEqual({ authorization: 'Bearer t1' });
	});

	test('getDecrypted returns a copy with the credential type defaults filled in', async () => {
		const helper = newHelper();
		const details = { id: 'cred-harnessTokenApi', name: 'harness' };
		const first = await helper.getDecrypted({} as never, details, 'harnessTokenApi', 'manual');
		expect(first).toEqual({ baseUrl: api.url, appSecret: 'app-secret', accessToken: '' });
		first.appSecret = 'mutated';
		expect((await helper.getDecrypted({} as never, details, 'harnessTokenApi', 'manual')).appSecret).toBe(
			'app-secret',
		);
		await expect(helper.getDecrypted({} as never, details, 'unknownApi', 'manual')).rejects.toThrow(
			'does not exist for type "unknownApi"',
		);
	});
});

describe('startWebhookServer', () => {
	let server: WebhookServer;

	beforeEach(async () => {
		server = await startWebhookServer({
			node: HarnessTrigger,
			parameters: { options: { reply: 'success' } },
			credentials: { harnessSecretApi: { secret: 's3cret' } },
			credentialTypes: [HarnessSecretApi],
		});
	});

	afterEach(async () => {
		await server.close();
	});

	test('GET verification: the node answers itself and nothing executes', async () => {
		const response = await server.request('GET', '/webhook/test-webhook-id/callback?signature=s3cret&echostr=42');
		expect(response.status).toBe(200);
		expect(response.text).toBe('42');
		expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
		expect(server.executions).toHaveLength(0);

		const rejected = await server.request('GET', '/anything?signature=wrong');
		expect(rejected.status).toBe(403);
	});

	test('XML body: rawBody intact, tags lower-cased, static data persisted across requests', async () => {
		const xml = '<xml><ToUserName><![CDATA[corp]]></ToUserName><MsgId>1001</MsgId></xml>';
		const headers = { 'content-type': 'text/xml' };

		const first = await server.request('POST', '/webhook/test-webhook-id/callback?signature=s3cret', xml, headers);
		expect(first.status).toBe(200);
		expect(first.text).toBe('success');
		expect(server.executions).toHaveLength(1);
		expect(server.executions[0].items[0][0].json).toEqual({ tousername: 'corp', msgid: '1001', rawBody: xml });
		expect(server.getStaticData('node')).toEqual({ msgIds: ['1001'] });

		// The platform retries the same message: recognised through persisted static data.
		const retry = await server.request('POST', '/?signature=s3cret', xml, headers);
		expect(retry.text).toBe('success');
		expect(server.executions).toHaveLength(1);
		expect(server.warnings).toEqual([]);
	});

	test('JSON body and n8n answering for the node: the literal "firstEntryJson" in onReceived mode', async () => {
		const response = await server.request('POST', '/?signature=s3cret&mode=n8nReply', { msgid: 7, text: 'hi' });
		expect(response.status).toBe(200);
		expect(response.text).toBe('firstEntryJson');
		expect(server.executions[0].items[0][0].json).toMatchObject({ msgid: 7, text: 'hi' });
	});

	test('a throwing webhook() yields n8n\'s generic 500 and is recorded', async () => {
		const response = await server.request('POST', '/?signature=s3cret&mode=throw', {});
		expect(response.status).toBe(500);
		expect(response.json()).toEqual({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		expect(server.errors.map((entry) => entry.error.message)).toEqual(['trigger exploded']);
		expect(server.executions).toHaveLength(0);
	});

	test('context facts: no dedup helpers in n8n 2.8 webhook context, workflow, mode, URL; unknown method is 404', async () => {
		const probe = await server.request('GET', '/?signature=s3cret&mode=probe');
		expect(probe.json()).toEqual({
			hasDedupHelpers: false,
			workflow: { id: 'wf-test', name: 'Test workflow', active: true },
			mode: 'webhook',
			webhookName: 'default',
			url: server.webhookUrl,
			params: {},
		});
		expect(server.webhookUrl).toBe(`${server.url}/webhook/test-webhook-id/callback`);

		const put = await server.request('PUT', '/?signature=s3cret', {});
		expect(put.status).toBe(404);
	});

	test('dedupHelpers: true opts into in-memory checkProcessedAndRecord; unset collection options use the fallback', async () => {
		const withDedup = await startWebhookServer({
			node: HarnessTrigger,
			credentials: { harnessSecretApi: { secret: 's3cret' } },
			credentialTypes: [HarnessSecretApi],
			dedupHelpers: true,
		});
		try {
			const probe = await withDedup.request('GET', '/?signature=s3cret&mode=probe');
			expect(probe.json()).toMatchObject({ hasDedupHelpers: true });
			const reply = await withDedup.request('POST', '/?signature=s3cret', { msgid: 1 });
			expect(reply.text).toBe('fallback');
		} finally {
			await withDedup.close();
		}
	});
});
