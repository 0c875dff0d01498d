/** The signed-per-call auth on the shared request layer: UserSig reuse and renewal, errors, retries, throughput. */
import { TencentCloudImApi } from '../../../credentials/TencentCloudImApi.credentials';
import { adminUserSig, timDialect, timError } from '../../../nodes/TencentCloudIm/transport';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { decodeUserSig } from '../../emulator';
import { expectSignedQuery, jsonOf, timFixture, useHarness } from './setup';

const h = useHarness({ checkEveryCall: false });
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
		const old = adminUserSig(h.credentials(), Date.now() - 3600 * 1000);
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
		const old = adminUserSig(h.credentials(), Date.now() - 23.5 * 3600 * 1000);
		await h.run(check());
		expect(h.calls('im_open_login_svc/account_check')[0].query.usersig).not.toBe(old);
	});

	it('keeps a UserSig per key: an edited Secret Key signs anew', async () => {
		await h.run(check());
		const wrong = await h.run(check(), { credentials: { secretKey: 'a-different-secret-key-0123456789' } });
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
		const wrong = await h.run(check(), { credentials: { secretKey } });
		const refused = await h.run(check(), { credentials: { baseUrl: 'http://127.0.0.1:1/tim' } });
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

	it('gives up after the retries with the code named', async () => {
		h.emulator.rateLimit('tim', 10);
		const result = await h.run(check());
		expect(result.error?.message).toMatch(/error 60007.*still rate-limited after 4 attempts/);
	});

	it('continues on fail per item, keeping pairedItem', async () => {
		const result = await h.run(
			{ resource: 'message', operation: 'sendOne', toAccount: '={{ $json.to }}', messageType: 'text', text: 'x' },
			{ items: [{ json: { to: 'ghost' } }, { json: { to: 'bob' } }], continueOnFail: true },
		);
		const [first, second] = result.items[0];
		expect(first.json).toMatchObject({ error: expect.stringMatching(/90012/) });
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.json).toMatchObject({ To_Account: 'bob' });
		expect(second.pairedItem).toEqual({ item: 1 });
	});
});

describe('Throughput', () => {
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

	it('fails with the first failing item when not continuing on fail', async () => {
		const result = await h.run(
			{ resource: 'message', operation: 'sendOne', toAccount: '={{ $json.to }}', messageType: 'text', text: 'x', throughput: { concurrency: 3 } },
			{ items: [{ json: { to: 'bob' } }, { json: { to: 'ghost1' } }, { json: { to: 'ghost2' } }] },
		);
		expect(result.error?.message).toMatch(/90012/);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	it('holds calls to the configured rate', async () => {
		const started = Date.now();
		jsonOf(await h.run({ ...check(), throughput: { maxPerSecond: 3 } }, { items: items(5) }));
		const times = h.calls('im_open_login_svc/account_check').map((c) => c.time);
		expect(times).toHaveLength(5);
		expect(times[3] - times[0]).toBeGreaterThanOrEqual(900);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});
});

describe('Credential', () => {
	it('adds the signed query to every request', async () => {
		const credential = new TencentCloudImApi();
		const options = await credential.authenticate(h.credentials(), { url: '/v4/x', qs: { keep: 1 } });
		expect(options.qs).toMatchObject({ keep: 1, sdkappid: timFixture.sdkAppId, identifier: 'administrator', contenttype: 'json' });
		expect(decodeUserSig(String(options.qs!.usersig))).toMatchObject({ 'TLS.identifier': 'administrator' });
	});

	it('signs from the copy n8n makes of the type with object spread (what offers "Custom API Call")', async () => {
		const copy = { ...new TencentCloudImApi() };
		expect(typeof copy.authenticate).toBe('function');
		const options = await (copy.authenticate as NonNullable<TencentCloudImApi['authenticate']>)(h.credentials(), { url: '/v4/x' });
		expect(decodeUserSig(String(options.qs!.usersig))).toMatchObject({ 'TLS.identifier': 'administrator' });
	});

	it('picks the data center host unless a Base URL is set', () => {
		expect(timDialect.baseUrlFor!({ dataCenter: 'adminapisgp.im.qcloud.com' })).toBe('https://adminapisgp.im.qcloud.com');
		expect(timDialect.baseUrlFor!({})).toBe('https://console.tim.qq.com');
	});

	it('tests with account_check of the admin account', async () => {
		const credential = new TencentCloudImApi();
		expect(credential.test.request).toMatchObject({ url: '/v4/im_open_login_svc/account_check', method: 'POST' });
		expect(credential.test.request.body).toEqual({ CheckItem: [{ UserID: '={{$credentials.identifier}}' }] });
		expect(credential.test.rules?.map((r) => (r.properties as { value: number }).value)).toContain(70009);
		// The harness's helper resolves the same $credentials expressions n8n does.
		const helper = new TestCredentialsHelper({ tencentCloudImApi: h.credentials() }, [TencentCloudImApi]);
		expect(helper.getCredentialType('tencentCloudImApi').name).toBe('tencentCloudImApi');
	});
});
