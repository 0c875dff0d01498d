/**
 * The shared request layer, exercised through a real node (WeCom → Tag) inside n8n-core's
 * WorkflowExecute, against the emulator: token reuse, refresh, backoff and error hygiene.
 */
import { WeComApi } from '../../../credentials/WeComApi.credentials';
import { clearTokenCache } from '../../../nodes/shared/token';
import { wecomFixture } from '../../emulator';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');

const listTags = { resource: 'tag', operation: 'list' };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

const sharedHelper = () => new TestCredentialsHelper({ weComApi: h.credentials('weComApi') }, [WeComApi]);

describe('tokens', () => {
	it('fetches the token once for many items and persists it in the credential', async () => {
		const result = await h.run(listTags, { items: items(20) });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toHaveLength(20);
		expect(result.items[0][0].json).toMatchObject({ tagid: 1, tagname: '值班' });
		expect(h.emulator.tokenCalls('wecom')).toBe(1);
		const writes = result.credentialsHelper.writes.filter((w) => w.type === 'weComApi');
		expect(writes).toHaveLength(1);
		expect(writes[0].data.accessToken).toMatch(/.+/);
		expect(Number(writes[0].data.expiresAt)).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
		// Every call used the persisted token.
		expect(new Set(h.tokensSent())).toEqual(new Set([writes[0].data.accessToken]));
	});

	it('calls the token endpoint once for concurrent executions that all start without a token', async () => {
		const helper = sharedHelper();
		const runs = await Promise.all(Array.from({ length: 6 }, () => h.run(listTags, { credentialsHelper: helper, items: items(3) })));
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(h.emulator.tokenCalls('wecom')).toBe(1);
		expect(new Set(h.tokensSent()).size).toBe(1);
	});

	it('reuses the persisted token in later executions, even after the process cache is gone', async () => {
		const helper = sharedHelper();
		const run = () => h.run(listTags, { credentialsHelper: helper });
		expect((await run()).error).toBeUndefined();
		clearTokenCache();
		expect((await run()).error).toBeUndefined();
		expect(h.emulator.tokenCalls('wecom')).toBe(1);
	});

	it('refreshes once and retries when WeCom says the token is invalid (40014), with HTTP 200', async () => {
		const helper = sharedHelper();
		const run = () => h.run(listTags, { credentialsHelper: helper });
		expect((await run()).error).toBeUndefined();
		const first = helper.writes.at(-1)!.data.accessToken;
		h.emulator.revokeTokens('wecom');
		const second = await run();
		expect(second.error).toBeUndefined();
		expect(second.items[0][0].json.tagname).toBe('值班');
		expect(h.emulator.tokenCalls('wecom')).toBe(2);
		const refreshed = helper.writes.at(-1)!.data.accessToken;
		expect(refreshed).not.toBe(first);
		const codes = h.calls('/cgi-bin/tag/list').map((r) => (r.responseBody as { errcode?: number })?.errcode);
		expect(codes).toEqual([0, 40014, 0]);
	});

	it('refreshes an expired token (42001)', async () => {
		const helper = sharedHelper();
		const run = () => h.run(listTags, { credentialsHelper: helper });
		await run();
		h.emulator.expireTokens('wecom');
		expect((await run()).error).toBeUndefined();
		expect(h.emulator.tokenCalls('wecom')).toBe(2);
	});

	it('refreshes ahead of the stored expiry without a failing call first', async () => {
		const result = await h.run(listTags, {
			credentials: { weComApi: { accessToken: 'stale-but-unknown', expiresAt: Date.now() - 1000 } },
		});
		expect(result.error).toBeUndefined();
		expect(h.emulator.tokenCalls('wecom')).toBe(1);
		expect(h.tokensSent()).not.toContain('stale-but-unknown');
	});

	it('names the wrong secret without revealing it', async () => {
		const result = await h.run(listTags, { credentials: { weComApi: { corpSecret: 'wrong-secret-value-123456' } } });
		expect(result.error).toBeDefined();
		const text = JSON.stringify(result.error) + String(result.error?.message) + String(result.error?.description);
		expect(text).toContain('40001');
		expect(text).not.toContain('wrong-secret-value-123456');
	});
});

describe('errors and backoff', () => {
	it('backs off and retries on the rate-limit code, then succeeds', async () => {
		const helper = sharedHelper();
		h.emulator.rateLimit('wecom', 2, { path: '/cgi-bin/tag/list' });
		const result = await h.run(listTags, { credentialsHelper: helper });
		expect(result.error).toBeUndefined();
		expect(h.emulator.pathCalls('wecom', '/cgi-bin/tag/list')).toBe(3);
	});

	it('fails clearly when the rate limit persists, within the retry bound, with no token in the error', async () => {
		h.emulator.rateLimit('wecom', 50, { path: '/cgi-bin/tag/list' });
		const result = await h.run(listTags);
		expect(result.error?.message).toMatch(/WeCom error 45009/);
		expect(result.error?.message).toMatch(/rate-limited after 4 attempts/);
		expect(h.emulator.pathCalls('wecom', '/cgi-bin/tag/list')).toBe(4);
		const serialized = JSON.stringify(result.error) + String(result.error?.description ?? '');
		for (const token of h.tokensSent()) expect(serialized).not.toContain(token);
		expect(serialized).not.toContain(wecomFixture.corpSecret);
	});

	it('retries HTTP 5xx and gives up after the bound with the HTTP status', async () => {
		const helper = sharedHelper();
		h.emulator.serverError('wecom', 2, { path: '/cgi-bin/tag/list', status: 502 });
		expect((await h.run(listTags, { credentialsHelper: helper })).error).toBeUndefined();
		h.emulator.serverError('wecom', 10, { path: '/cgi-bin/tag/list', status: 503 });
		const failed = await h.run(listTags, { credentialsHelper: helper });
		expect(failed.error?.message).toMatch(/HTTP 503 after 4 attempts/);
	});

	it('a platform error becomes a NodeApiError with code and hint; continueOnFail keeps pairedItem', async () => {
		const parameters = { resource: 'tag', operation: 'getMembers', tagId: 999 };
		const failed = await h.run(parameters);
		expect(failed.error?.name).toBe('NodeApiError');
		expect(failed.error?.message).toMatch(/^WeCom error \d+: /);
		const kept = await h.run(parameters, { items: items(2), continueOnFail: true });
		expect(kept.error).toBeUndefined();
		expect(kept.items[0]).toHaveLength(2);
		expect(kept.items[0][1].pairedItem).toEqual({ item: 1 });
		expect(String(kept.items[0][1].json.error)).toMatch(/^WeCom error \d+: /);
		expect(kept.items[0][1].json.code).toMatch(/^\d+$/);
	});
});

describe('connection failures', () => {
	it('retries a GET whose connection was reset', async () => {
		h.emulator.connectionReset('wecom', 1, { path: '/cgi-bin/tag/list' });
		const result = await h.run(listTags);
		expect(result.error).toBeUndefined();
		expect(result.items[0][0].json.tagname).toBe('值班');
	});

	it('does not resend a POST whose connection was reset (it may have been delivered)', async () => {
		h.emulator.connectionReset('wecom', 1, { path: '/cgi-bin/tag/create' });
		const result = await h.run({ resource: 'tag', operation: 'create', tagName: 'once' });
		expect(result.error?.message).toBe('WeCom request failed: the connection was reset');
		expect(result.error?.description).toMatch(/not sent again/);
		expect(h.calls('/cgi-bin/tag/create')).toHaveLength(1);
	});
});
