/**
 * The shared request layer, exercised through a real node (WeCom → Tag, User) inside n8n-core's
 * WorkflowExecute, against the emulator: token reuse, refresh, backoff, what is resent after an
 * unclear outcome, timeouts and error hygiene.
 */
import { NodeApiError } from 'n8n-workflow';
import { WeComApi } from '../../../credentials/WeComApi.credentials';
import { retryPolicy } from '../../../nodes/shared/request';
import { clearTokenCache } from '../../../nodes/shared/token';
import { wecomFixture } from '../../emulator';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');

const listTags = { resource: 'tag', operation: 'list' };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

const sharedHelper = () => new TestCredentialsHelper({ weComApi: h.credentials('weComApi') }, [WeComApi]);
const createTag = { resource: 'tag', operation: 'create', tagName: 'once' };
const convert = { resource: 'user', operation: 'convertToOpenId', userId: 'user01' };

afterEach(() => {
	Object.assign(retryPolicy, { rateLimitBudgetMs: undefined, timeoutMs: 10000 });
	h.emulator.releaseHungCalls();
});

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

	it('keeps retrying the rate-limit code past three retries, for the window it is given, then fails clearly with no token in the error', async () => {
		// WeCom counts per minute, so a rate-limited call is retried for 70 s; the test gives it 150 ms.
		retryPolicy.rateLimitBudgetMs = 150;
		h.emulator.rateLimit('wecom', 10000, { path: '/cgi-bin/tag/list' });
		const result = await h.run(listTags);
		const calls = h.emulator.pathCalls('wecom', '/cgi-bin/tag/list');
		expect(result.error?.message).toMatch(/WeCom error 45009/);
		expect(result.error?.message).toContain(`still rate-limited after ${calls} attempts`);
		expect(calls).toBeGreaterThan(4);
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

describe('resending after an unclear outcome', () => {
	it('does not resend a POST answered 502 (the gateway may have failed after WeCom acted), and says so', async () => {
		h.emulator.errorAfterDelivery('wecom', { path: '/cgi-bin/tag/create', every: 1, count: 1 });
		const result = await h.run(createTag);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('WeCom answered HTTP 502: the request may have been delivered, so it was not sent again');
		expect(result.error?.description).toMatch(/check whether it took effect .* before running this item again/);
		expect((result.error as NodeApiError).httpCode).toBe('502');
		expect((result.error as NodeApiError).context.mayHaveBeenDelivered).toBe(true);
		expect(h.calls('/cgi-bin/tag/create')).toHaveLength(1);
	});

	it('resends a POST the operation marks safe (a read), and a GET', async () => {
		h.emulator.serverError('wecom', 2, { path: '/cgi-bin/user/convert_to_openid', status: 502 });
		expect((await h.run(convert)).error).toBeUndefined();
		expect(h.calls('/cgi-bin/user/convert_to_openid')).toHaveLength(3);
	});

	it.each([
		['a rate limit (HTTP 429)', () => h.emulator.serverError('wecom', 1, { path: '/cgi-bin/tag/create', status: 429 })],
		['the rate-limit code 45009', () => h.emulator.rateLimit('wecom', 2, { path: '/cgi-bin/tag/create' })],
		['an invalid token (40014)', () => h.emulator.revokeTokens('wecom')],
	])('always resends a POST refused for %s: nothing was done', async (_what, refuse) => {
		const helper = sharedHelper();
		await h.run(listTags, { credentialsHelper: helper });
		refuse();
		const result = await h.run(createTag, { credentialsHelper: helper });
		expect(result.error).toBeUndefined();
		const answered = h.calls('/cgi-bin/tag/create').map((r) => r.status === 200 && (r.responseBody as { errcode?: number }).errcode === 0);
		expect(answered.filter(Boolean)).toHaveLength(1);
	});

	it('gives up on a call that hangs after the timeout: a GET is tried again, a POST fails with "may have been delivered"', async () => {
		retryPolicy.timeoutMs = 200;
		h.emulator.hang('wecom', 1, { path: '/cgi-bin/tag/list' });
		const started = Date.now();
		expect((await h.run(listTags)).error).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(2000);
		expect(h.calls('/cgi-bin/tag/list')).toHaveLength(2);

		h.emulator.hang('wecom', 1, { path: '/cgi-bin/tag/create' });
		const failed = await h.run(createTag);
		expect(failed.error?.message).toBe('WeCom request failed: no answer within 0.2 s');
		expect(failed.error?.description).toMatch(/^No answer came within 0\.2 s\. It was not sent again because it may have been delivered/);
		expect((failed.error as NodeApiError).context.mayHaveBeenDelivered).toBe(true);
		expect(h.calls('/cgi-bin/tag/create')).toHaveLength(1);
	});
});

describe('many items at once', () => {
	it('refreshes a refused token once for all the items that were refused with it', async () => {
		const helper = sharedHelper();
		await h.run(listTags, { credentialsHelper: helper });
		h.emulator.revokeTokens('wecom');
		const result = await h.run(listTags, { credentialsHelper: helper, items: items(20) });
		expect(result.error).toBeUndefined();
		expect(h.emulator.tokenCalls('wecom')).toBe(2);
		expect(helper.writes.filter((w) => w.type === 'weComApi')).toHaveLength(2);
	});
});

