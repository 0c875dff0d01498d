/**
 * nodes/TencentCloudIm/transport.ts: the signed-per-call auth on the shared request layer (UserSig
 * reuse and renewal), the envelope, retries and throughput. The credential type is credential.test.ts.
 */
import { DEFAULT_CONCURRENCY } from '../../../nodes/shared/router';
import { retryPolicy } from '../../../nodes/shared/request';
import { TencentCloudIm } from '../../../nodes/TencentCloudIm/TencentCloudIm.node';
import { adminUserSig, timError } from '../../../nodes/TencentCloudIm/transport';
import { decodeUserSig, timFixture } from '../../emulator';
import { expectSignedQuery, jsonOf, pacerSlots, platformHarness } from '../../helpers/platform';

const h = platformHarness('tim', { checkEveryCall: false });
const check = (userIds = 'alice') => ({ resource: 'account', operation: 'check', userIds });
const items = (n: number) => Array.from({ length: n }, (_, k) => ({ json: { k } }));

describe('UserSig', () => {
	it('signs once and reuses the UserSig for every call of a run and across runs', async () => {
		await h.run(check(), { items: items(3) });
		await h.run(check());
		const calls = h.calls('im_open_login_svc/account_check');
		expect(calls).toHaveLength(4);
		calls.forEach((c) => expectSignedQuery(c));
		expect(new Set(calls.map((c) => c.query.usersig)).size).toBe(1);
		expect(new Set(calls.map((c) => c.query.random)).size).toBe(4);
	});

	it('signs anew after Tencent answers 70001 and keeps the new one', async () => {
		const old = adminUserSig(h.credentials('tencentCloudImApi'), Date.now() - 3600 * 1000);
		jsonOf(await h.run(check()));
		expect(h.calls('im_open_login_svc/account_check')[0].query.usersig).toBe(old);
		h.emulator.tim.expireUserSigs();

		const out = jsonOf(await h.run(check()));
		expect(out[0]).toMatchObject({ UserID: 'alice', imported: true });
		const [, refused, retried] = h.calls('im_open_login_svc/account_check');
		expect(refused.query.usersig).toBe(old);
		expect(refused.responseBody).toMatchObject({ ErrorCode: 70001 });
		expect(retried.query.usersig).not.toBe(old);
		expect(Math.abs(decodeUserSig(retried.query.usersig)!['TLS.time'] - Date.now() / 1000)).toBeLessThan(5);

		await h.run(check());
		expect(h.calls('im_open_login_svc/account_check')[3].query.usersig).toBe(retried.query.usersig);
	});

	it('renews a cached UserSig an hour before it would expire', async () => {
		const old = adminUserSig(h.credentials('tencentCloudImApi'), Date.now() - 23.5 * 3600 * 1000);
		await h.run(check());
		expect(h.calls('im_open_login_svc/account_check')[0].query.usersig).not.toBe(old);
	});

	it('keeps a UserSig per key: an edited Secret Key signs anew', async () => {
		await h.run(check());
		const wrong = await h.run(check(), { credentials: { tencentCloudImApi: { secretKey: 'a-different-secret-key-0123456789' } } });
		const [first, second] = h.calls('im_open_login_svc/account_check');
		expect(second.query.usersig).not.toBe(first.query.usersig);
		expect(second.responseBody).toMatchObject({ ErrorCode: 70009 });
		expect(wrong.error?.message).toBe('Tencent Cloud IM error 70009: usersig verification failed');
		expect((wrong.error as { description?: string }).description).toMatch(/Secret Key does not belong/);
		// A wrong key is not cured by signing again: one call, no retry.
		expect(h.calls('im_open_login_svc/account_check')).toHaveLength(2);
	});

	it('never shows the key or a UserSig in an error', async () => {
		const secretKey = 'super-secret-key-value-for-this-test';
		const wrong = await h.run(check(), { credentials: { tencentCloudImApi: { secretKey } } });
		const refused = await h.run(check(), { credentials: { tencentCloudImApi: { baseUrl: 'http://127.0.0.1:1/tim' } } });
		for (const error of [wrong.error, refused.error]) {
			const text = JSON.stringify(error) + String(error?.message) + String((error as { description?: string })?.description);
			expect(text).not.toContain(secretKey);
			expect(text).not.toContain(timFixture.secretKey);
			for (const sig of h.emulator.tim.userSigsSeen()) expect(text).not.toContain(sig);
			expect(text).not.toMatch(/usersig=(?!\*\*\*)/i);
		}
	});
});

describe('Envelope and retries', () => {
	it('decides by ErrorCode alone', () => {
		expect(timError({ ActionStatus: 'FAIL', ErrorCode: 0, ErrorInfo: '' })).toBeUndefined();
		expect(timError({ ActionStatus: 'OK', ErrorCode: 90001, ErrorInfo: 'json' })).toEqual({ code: '90001', message: 'json' });
		expect(timError({ ActionStatus: 'FAIL' })).toBeUndefined();
		expect(timError('text')).toBeUndefined();
	});

	it.each([60007, 10023])('backs off and retries on frequency limit %i', async (code) => {
		h.emulator.rateLimit('tim', 2, { code });
		expect(jsonOf(await h.run(check()))[0]).toMatchObject({ imported: true });
		const calls = h.calls('im_open_login_svc/account_check');
		expect(calls.map((c) => (c.responseBody as { ErrorCode: number }).ErrorCode)).toEqual([code, code, 0]);
	});

	it('keeps retrying a frequency limit past three retries, and gives up when its window is over, with the code named', async () => {
		h.emulator.rateLimit('tim', 10);
		expect(jsonOf(await h.run(check()))[0]).toMatchObject({ imported: true });
		expect(h.calls('im_open_login_svc/account_check')).toHaveLength(11);
		// Tencent counts per second and the node retries for 10 s; the test gives it 100 ms.
		retryPolicy.rateLimitBudgetMs = 100;
		h.emulator.rateLimit('tim', 10000);
		const result = await h.run(check());
		retryPolicy.rateLimitBudgetMs = undefined;
		expect(result.error?.message).toMatch(/error 60007.*still rate-limited after \d+ attempts in \d+ s/);
	});
});

describe('Throughput', () => {
	it('runs DEFAULT_CONCURRENCY items in parallel unless told otherwise (Items in Parallel is read once)', () => {
		const throughput = new TencentCloudIm().description.properties.find((p) => p.name === 'throughput');
		const parallel = throughput?.options?.find((o) => 'name' in o && o.name === 'concurrency') as { default?: unknown } | undefined;
		expect(parallel?.default).toBe(DEFAULT_CONCURRENCY);
	});

	it('runs items in parallel and keeps their order', async () => {
		h.emulator.latency('tim', 150);
		const started = Date.now();
		const result = await h.run(
			{ ...check('={{ $json.user }}'), throughput: { concurrency: 5 } },
			{ items: ['alice', 'bob', 'carol', 'nobody', 'alice', 'bob', 'carol', 'nobody', 'alice', 'bob'].map((user) => ({ json: { user } })) },
		);
		const elapsed = Date.now() - started;
		const out = jsonOf(result);
		expect(out.map((o) => o.UserID)).toEqual(['alice', 'bob', 'carol', 'nobody', 'alice', 'bob', 'carol', 'nobody', 'alice', 'bob']);
		expect(result.items[0].map((i) => i.pairedItem)).toEqual(Array.from({ length: 10 }, (_, item) => ({ item })));
		expect(elapsed).toBeLessThan(10 * 150);
		h.emulator.clearFaults();
	});

	it('holds calls to the configured rate', async () => {
		const started = Date.now();
		jsonOf(await h.run({ ...check(), throughput: { maxPerSecond: 3 } }, { items: items(5) }));
		const times = h.calls('im_open_login_svc/account_check').map((c) => c.time);
		expect(times).toHaveLength(5);
		expect(times[3] - times[0]).toBeGreaterThanOrEqual(900);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('keeps Tencent’s documented 200 calls a second by default, in any window of one second', async () => {
		const slots = await pacerSlots('account_check', async () =>
			jsonOf(await h.run({ ...check(), throughput: { concurrency: 50 } }, { items: items(460) })),
		);
		expect(h.calls('im_open_login_svc/account_check')).toHaveLength(460);
		expect(slots).toHaveLength(460);
		for (let k = 200; k < slots.length; k++) expect(slots[k] - slots[k - 200]).toBeGreaterThanOrEqual(1000);
		expect(slots[459] - slots[0]).toBeGreaterThanOrEqual(2000);
	});

});
