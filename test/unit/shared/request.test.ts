/**
 * The shared request layer, exercised through a real node (WeCom → Tag) inside n8n-core's
 * WorkflowExecute, against the emulator: token reuse, refresh, backoff and error hygiene.
 */
import { WeComApi } from '../../../credentials/WeComApi.credentials';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { retryPolicy } from '../../../nodes/shared/request';
import { clearTokenCache } from '../../../nodes/shared/token';
import type { Emulator } from '../../emulator';
import { startEmulator } from '../../emulator';
import { wecomFixture } from '../../emulator/fixtures';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { runNode } from '../../helpers/workflow';

let emulator: Emulator;
const savedPolicy = { ...retryPolicy };

function credentials(overrides: Record<string, unknown> = {}) {
	return {
		corpId: wecomFixture.corpId,
		agentId: String(wecomFixture.agentId),
		corpSecret: wecomFixture.corpSecret,
		token: wecomFixture.token,
		encodingAesKey: wecomFixture.encodingAesKey,
		baseUrl: emulator.baseUrl('wecom'),
		accessToken: '',
		tokenExpiresAt: 0,
		...overrides,
	};
}

const listTags = { resource: 'tag', operation: 'list' };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

function issuedTokens(): string[] {
	return emulator
		.requests({ platform: 'wecom' })
		.map((r) => String(r.query.access_token ?? ''))
		.filter(Boolean);
}

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
	Object.assign(retryPolicy, savedPolicy);
});
beforeEach(() => {
	emulator.reset();
	clearTokenCache();
	Object.assign(retryPolicy, { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 });
});

describe('tokens', () => {
	it('fetches the token once for many items and persists it in the credential', async () => {
		const result = await runNode({
			node: WeCom,
			parameters: listTags,
			credentials: { weComApi: credentials() },
			credentialTypes: [WeComApi],
			items: items(20),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toHaveLength(20);
		expect(result.items[0][0].json).toMatchObject({ tagid: 1, tagname: '值班' });
		expect(emulator.tokenCalls('wecom')).toBe(1);
		const writes = result.credentialsHelper.writes.filter((w) => w.type === 'weComApi');
		expect(writes).toHaveLength(1);
		expect(writes[0].data.accessToken).toMatch(/.+/);
		expect(Number(writes[0].data.tokenExpiresAt)).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
		// Every call used the persisted token.
		expect(new Set(issuedTokens())).toEqual(new Set([writes[0].data.accessToken]));
	});

	it('calls the token endpoint once for concurrent executions that all start without a token', async () => {
		const helper = new TestCredentialsHelper({ weComApi: credentials() }, [WeComApi]);
		const runs = await Promise.all(
			Array.from({ length: 6 }, () =>
				runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi], items: items(3) }),
			),
		);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(emulator.tokenCalls('wecom')).toBe(1);
		expect(new Set(issuedTokens()).size).toBe(1);
	});

	it('reuses the persisted token in later executions, even after the process cache is gone', async () => {
		const helper = new TestCredentialsHelper({ weComApi: credentials() }, [WeComApi]);
		const run = () =>
			runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi] });
		expect((await run()).error).toBeUndefined();
		clearTokenCache();
		expect((await run()).error).toBeUndefined();
		expect(emulator.tokenCalls('wecom')).toBe(1);
	});

	it('refreshes once and retries when WeCom says the token is invalid (40014), with HTTP 200', async () => {
		const helper = new TestCredentialsHelper({ weComApi: credentials() }, [WeComApi]);
		const run = () =>
			runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi] });
		expect((await run()).error).toBeUndefined();
		const first = helper.writes.at(-1)!.data.accessToken;
		emulator.revokeTokens('wecom');
		const second = await run();
		expect(second.error).toBeUndefined();
		expect(second.items[0][0].json.tagname).toBe('值班');
		expect(emulator.tokenCalls('wecom')).toBe(2);
		const refreshed = helper.writes.at(-1)!.data.accessToken;
		expect(refreshed).not.toBe(first);
		const codes = emulator.requests({ platform: 'wecom', path: '/cgi-bin/tag/list' }).map((r) => (r.responseBody as { errcode?: number })?.errcode);
		expect(codes).toEqual([0, 40014, 0]);
	});

	it('refreshes an expired token (42001)', async () => {
		const helper = new TestCredentialsHelper({ weComApi: credentials() }, [WeComApi]);
		const run = () =>
			runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi] });
		await run();
		emulator.expireTokens('wecom');
		expect((await run()).error).toBeUndefined();
		expect(emulator.tokenCalls('wecom')).toBe(2);
	});

	it('refreshes ahead of the stored expiry without a failing call first', async () => {
		const result = await runNode({
			node: WeCom,
			parameters: listTags,
			credentials: { weComApi: credentials({ accessToken: 'stale-but-unknown', tokenExpiresAt: Date.now() - 1000 }) },
			credentialTypes: [WeComApi],
		});
		expect(result.error).toBeUndefined();
		expect(emulator.tokenCalls('wecom')).toBe(1);
		expect(issuedTokens()).not.toContain('stale-but-unknown');
	});

	it('names the wrong secret without revealing it', async () => {
		const result = await runNode({
			node: WeCom,
			parameters: listTags,
			credentials: { weComApi: credentials({ corpSecret: 'wrong-secret-value-123456' }) },
			credentialTypes: [WeComApi],
		});
		expect(result.error).toBeDefined();
		const text = JSON.stringify(result.error) + String(result.error?.message) + String(result.error?.description);
		expect(text).toContain('40001');
		expect(text).not.toContain('wrong-secret-value-123456');
	});
});

describe('errors and backoff', () => {
	it('backs off and retries on the rate-limit code, then succeeds', async () => {
		const helper = new TestCredentialsHelper({ weComApi: credentials() }, [WeComApi]);
		emulator.rateLimit('wecom', 2, { path: '/cgi-bin/tag/list' });
		const result = await runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi] });
		expect(result.error).toBeUndefined();
		expect(emulator.pathCalls('wecom', '/cgi-bin/tag/list')).toBe(3);
	});

	it('fails clearly when the rate limit persists, within the retry bound, with no token in the error', async () => {
		emulator.rateLimit('wecom', 50, { path: '/cgi-bin/tag/list' });
		const result = await runNode({
			node: WeCom,
			parameters: listTags,
			credentials: { weComApi: credentials() },
			credentialTypes: [WeComApi],
		});
		expect(result.error?.message).toMatch(/WeCom error 45009/);
		expect(result.error?.message).toMatch(/rate-limited after 4 attempts/);
		expect(emulator.pathCalls('wecom', '/cgi-bin/tag/list')).toBe(4);
		const serialized = JSON.stringify(result.error) + String(result.error?.description ?? '');
		for (const token of issuedTokens()) expect(serialized).not.toContain(token);
		expect(serialized).not.toContain(wecomFixture.corpSecret);
	});

	it('retries HTTP 5xx and gives up after the bound with the HTTP status', async () => {
		const helper = new TestCredentialsHelper({ weComApi: credentials() }, [WeComApi]);
		emulator.serverError('wecom', 2, { path: '/cgi-bin/tag/list', status: 502 });
		expect((await runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi] })).error).toBeUndefined();
		emulator.serverError('wecom', 10, { path: '/cgi-bin/tag/list', status: 503 });
		const failed = await runNode({ node: WeCom, parameters: listTags, credentialsHelper: helper, credentialTypes: [WeComApi] });
		expect(failed.error?.message).toMatch(/HTTP 503 after 4 attempts/);
	});

	it('a platform error becomes a NodeApiError with code and hint; continueOnFail keeps pairedItem', async () => {
		const parameters = { resource: 'tag', operation: 'getMembers', tagId: 999 };
		const failed = await runNode({ node: WeCom, parameters, credentials: { weComApi: credentials() }, credentialTypes: [WeComApi] });
		expect(failed.error?.name).toBe('NodeApiError');
		expect(failed.error?.message).toMatch(/^WeCom error \d+: /);
		const kept = await runNode({
			node: WeCom,
			parameters,
			credentials: { weComApi: credentials() },
			credentialTypes: [WeComApi],
			items: items(2),
			continueOnFail: true,
		});
		expect(kept.error).toBeUndefined();
		expect(kept.items[0]).toHaveLength(2);
		expect(kept.items[0][1].pairedItem).toEqual({ item: 1 });
		expect(String(kept.items[0][1].json.error)).toMatch(/^WeCom error \d+: /);
		expect(kept.items[0][1].json.code).toMatch(/^\d+$/);
	});
});

describe('connection failures', () => {
	it('retries a GET whose connection was reset', async () => {
		emulator.connectionReset('wecom', 1, { path: '/cgi-bin/tag/list' });
		const result = await runNode({ node: WeCom, parameters: listTags, credentials: { weComApi: credentials() }, credentialTypes: [WeComApi] });
		expect(result.error).toBeUndefined();
		expect(result.items[0][0].json.tagname).toBe('值班');
	});

	it('does not resend a POST whose connection was reset (it may have been delivered)', async () => {
		emulator.connectionReset('wecom', 1, { path: '/cgi-bin/tag/create' });
		const result = await runNode({
			node: WeCom,
			parameters: { resource: 'tag', operation: 'create', tagName: 'once' },
			credentials: { weComApi: credentials() },
			credentialTypes: [WeComApi],
		});
		expect(result.error?.message).toBe('WeCom request failed: the connection was reset');
		expect(result.error?.description).toMatch(/not sent again/);
		expect(emulator.requests({ platform: 'wecom', path: '/cgi-bin/tag/create' })).toHaveLength(1);
	});
});
