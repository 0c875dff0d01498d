/**
 * The WeCom API credential inside n8n-core's real request helpers: the stored token belongs to
 * the values it was fetched with. An edited credential (another secret, another app) is tested
 * and used with a token of its own, in the credential test (a declarative node running the
 * credential's test request, as n8n's tester does through RoutingNode and
 * httpRequestWithAuthentication), in our nodes (the request layer), and in the HTTP Request node
 * (requestWithAuthentication, what "Custom API Call" uses).
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { TencentCloudImApi } from '../../../credentials/TencentCloudImApi.credentials';
import { WeComApi } from '../../../credentials/WeComApi.credentials';
import { WeComRobotApi } from '../../../credentials/WeComRobotApi.credentials';
import { clearTokenCache } from '../../../nodes/shared/token';
import { weComTokenFingerprint } from '../../../nodes/WeCom/transport';
import { wecomFixture, wecomSecondAppFixture } from '../../emulator';
import { credentialTester } from '../../helpers/credentialTest';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { weComSecondAppEdit } from '../../helpers/fixtures';
import { platformHarness } from '../../helpers/platform';
import type { RunNodeResult } from '../../helpers/workflow';
import { runNode } from '../../helpers/workflow';

const credential = new WeComApi();

const tester = credentialTester(WeComApi);

/** The HTTP Request node with Authentication "Predefined Credential Type" = WeCom API. */
class CustomCallNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Custom Call',
		name: 'customCall',
		group: ['transform'],
		version: 1,
		description: 'GET agent/get through requestWithAuthentication',
		defaults: { name: 'Custom Call' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'weComApi', required: true }],
		properties: [{ displayName: 'Agent ID', name: 'agentid', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials('weComApi');
		const body = (await this.helpers.requestWithAuthentication.call(this, 'weComApi', {
			method: 'GET',
			uri: `${String(baseUrl)}/cgi-bin/agent/get`,
			qs: { agentid: this.getNodeParameter('agentid', 0) },
			json: true,
		})) as INodeExecutionData['json'];
		return [[{ json: body }]];
	}
}

// The sandbox set registers the corp's second app, which an edit switches the credential to.
const h = platformHarness('wecom', { fixtures: 'sandbox' });
let helper: TestCredentialsHelper;

const firstApp = () => h.credentials('weComApi');

/** The editor's Save: new values, the hidden token fields kept as stored. */
function edit(changes: ICredentialDataDecryptedObject): void {
	helper.setCredentials('weComApi', { ...helper.getStored('weComApi'), ...changes });
}

/** What the tester reports: an error, a failed rule, or OK. */
const testCredential = () => tester(helper);

const sendText = (content: string): Promise<RunNodeResult> =>
	h.run({ resource: 'message', operation: 'send', userIds: 'user01', messageType: 'text', content }, { credentialsHelper: helper });

const customCall = (agentid: number): Promise<RunNodeResult> =>
	runNode({ node: CustomCallNode, parameters: { agentid: String(agentid) }, credentialsHelper: helper, credentialTypes: [WeComApi] });

const exchanges = (secret: string) => h.emulator.tokenCalls('wecom', `${wecomFixture.corpId}/${secret}`);
const agentOfLastCall = (path: string) => {
	const last = h.calls(path).at(-1);
	return (h.emulator.wecom.tokenInfo(String(last?.query.access_token))?.meta as { agentId?: number } | undefined)?.agentId;
};

beforeEach(() => {
	helper = new TestCredentialsHelper({ weComApi: firstApp() }, [WeComApi]);
});

describe('the stored token belongs to the values that fetched it', () => {
	it('stores a fingerprint of Corp ID, Secret and Base URL beside the token', async () => {
		expect((await sendText('hello')).error).toBeUndefined();
		const stored = helper.getStored('weComApi')!;
		expect(stored.tokenFingerprint).toBe(weComTokenFingerprint(firstApp()));
		expect(String(stored.tokenFingerprint)).not.toContain(wecomFixture.corpSecret);
	});

	it('the fingerprint changes with the Corp ID, the Secret and the Base URL, not with the Agent ID', () => {
		const base = weComTokenFingerprint(firstApp());
		expect(weComTokenFingerprint({ ...firstApp(), agentId: '42' })).toBe(base);
		expect(weComTokenFingerprint({ ...firstApp(), baseUrl: `${h.emulator.baseUrl('wecom')}/` })).toBe(base);
		expect(weComTokenFingerprint({ ...firstApp(), corpSecret: ` ${wecomFixture.corpSecret} ` })).toBe(base);
		const changes: ICredentialDataDecryptedObject[] = [{ corpId: 'other' }, { corpSecret: 'other' }, { baseUrl: 'https://proxy.example.com' }];
		for (const change of changes) {
			expect(weComTokenFingerprint({ ...firstApp(), ...change })).not.toBe(base);
		}
	});

	it('the credential test exchanges a token with the tested values, though one is stored', async () => {
		expect((await sendText('as the first app')).error).toBeUndefined();
		expect(exchanges(wecomFixture.corpSecret)).toBe(1);

		const wrongSecret = 'edited-wrong-secret-000000000000';
		edit({ corpSecret: wrongSecret });
		const wrong = await testCredential();
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/40001/);
		expect(wrong.message).not.toContain(wrongSecret);
		expect(exchanges(wrongSecret)).toBe(1);

		edit(weComSecondAppEdit);
		expect(await testCredential()).toMatchObject({ status: 'OK' });
		expect(agentOfLastCall('/cgi-bin/agent/get')).toBe(wecomSecondAppFixture.agentId);
		// Unchanged, it still exchanges: a test that reused the stored token would prove nothing.
		expect(await testCredential()).toMatchObject({ status: 'OK' });
		expect(exchanges(wecomSecondAppFixture.corpSecret)).toBe(2);
		// The test sends no marker header to WeCom.
		for (const request of h.calls('/cgi-bin/agent/get')) {
			expect(Object.keys(request.headers)).not.toContain('x-china-im-credential-test');
		}
	});

	it('the first test of a new credential exchanges once, even with a token of the same values cached', async () => {
		expect(await testCredential()).toMatchObject({ status: 'OK' });
		expect(exchanges(wecomFixture.corpSecret)).toBe(1);
		helper = new TestCredentialsHelper({ weComApi: firstApp() }, [WeComApi]);
		expect(await testCredential()).toMatchObject({ status: 'OK' });
		expect(exchanges(wecomFixture.corpSecret)).toBe(2);
	});

	it('our nodes: after an edit, the next run fetches with the new secret instead of sending as the old app', async () => {
		expect((await sendText('one')).error).toBeUndefined();
		edit({ corpSecret: 'edited-wrong-secret-000000000000' });
		const failed = await sendText('two');
		expect(failed.error?.message).toMatch(/40001/);
		expect(exchanges('edited-wrong-secret-000000000000')).toBe(1);
		edit(weComSecondAppEdit);
		expect((await sendText('three')).error).toBeUndefined();
		expect(h.emulator.wecom.messages.map((m) => [m.payload.content, m.agentid])).toEqual([
			['one', wecomFixture.agentId],
			['three', wecomSecondAppFixture.agentId],
		]);
	});

	it('a token stored before fingerprints existed is replaced once, then reused', async () => {
		expect((await sendText('one')).error).toBeUndefined();
		const { tokenFingerprint: _dropped, ...legacy } = helper.getStored('weComApi')!;
		helper.setCredentials('weComApi', legacy);
		clearTokenCache();
		expect((await sendText('two')).error).toBeUndefined();
		expect((await sendText('three')).error).toBeUndefined();
		expect(exchanges(wecomFixture.corpSecret)).toBe(2);
		expect(helper.getStored('weComApi')!.tokenFingerprint).toBe(weComTokenFingerprint(firstApp()));
	});
});

describe('authenticate (the HTTP Request node, "Custom API Call")', () => {
	it('is an own function property, which survives the object spread n8n copies credential types with', async () => {
		for (const type of [new WeComApi(), new WeComRobotApi(), new TencentCloudImApi()]) {
			expect(typeof { ...type }.authenticate).toBe('function');
		}
		const copy = { ...credential };
		const stored = { ...firstApp(), accessToken: 'tok', expiresAt: Date.now() + 60_000, tokenFingerprint: weComTokenFingerprint(firstApp()) };
		const options = await (copy.authenticate as NonNullable<WeComApi['authenticate']>)(stored, { url: '/x', qs: { keep: 1 } });
		expect(options.qs).toEqual({ keep: 1, access_token: 'tok' });
	});

	it('fetches the token through preAuthentication, stores it and reuses it', async () => {
		const first = await customCall(wecomFixture.agentId);
		expect(first.error).toBeUndefined();
		expect(first.items[0][0].json).toMatchObject({ errcode: 0, agentid: wecomFixture.agentId });
		expect((await customCall(wecomFixture.agentId)).error).toBeUndefined();
		expect(h.emulator.tokenCalls('wecom')).toBe(1);
		expect(helper.writes).toHaveLength(1);
	});

	it('calls as the app the credential was switched to, not with the stored token of the old one', async () => {
		expect((await customCall(wecomFixture.agentId)).error).toBeUndefined();
		edit(weComSecondAppEdit);
		const second = await customCall(wecomSecondAppFixture.agentId);
		expect(second.items[0][0].json).toMatchObject({ errcode: 0, agentid: wecomSecondAppFixture.agentId });
		expect(agentOfLastCall('/cgi-bin/agent/get')).toBe(wecomSecondAppFixture.agentId);
		// The refused attempt never reached WeCom: the stale token was caught before sending.
		expect(h.calls('/cgi-bin/agent/get')).toHaveLength(2);
	});

	it('refreshes a stored token past its expiry before sending it', async () => {
		expect((await customCall(wecomFixture.agentId)).error).toBeUndefined();
		const old = helper.getStored('weComApi')!.accessToken;
		edit({ expiresAt: Date.now() - 1000 });
		clearTokenCache();
		expect((await customCall(wecomFixture.agentId)).error).toBeUndefined();
		const sent = h.calls('/cgi-bin/agent/get').map((r) => r.query.access_token);
		expect(sent).toHaveLength(2);
		expect(sent[1]).not.toBe(old);
		expect(h.emulator.tokenCalls('wecom')).toBe(2);
	});
});
