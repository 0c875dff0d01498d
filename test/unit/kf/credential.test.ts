/**
 * The WeChat KF API credential in n8n-core's request helpers: its test (as n8n's tester runs it,
 * a routed request) exchanges a token with gettoken and reads kf/account/list with POST; a wrong
 * Secret fails with WeCom's code and without the Secret; the token is stored and reused.
 */
import { WeChatKfApi } from '../../../credentials/WeChatKfApi.credentials';
import { kfFixture } from '../../emulator';
import { credentialTester } from '../../helpers/credentialTest';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { platformHarness } from '../../helpers/platform';

const testCredential = credentialTester(WeChatKfApi);

const h = platformHarness('kf');

describe('WeChat KF API credential', () => {
	it('Test: exchanges a token, then POSTs kf/account/list with it', async () => {
		const helper = new TestCredentialsHelper({ weChatKfApi: h.credentials('weChatKfApi') }, [WeChatKfApi]);
		expect(await testCredential(helper)).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(h.emulator.tokenCalls('kf', `${kfFixture.corpId}/${kfFixture.secret}`)).toBe(1);
		const [list] = h.calls('/cgi-bin/kf/account/list');
		expect(list.method).toBe('POST');
		expect(list.json).toEqual({ offset: 0, limit: 1 });
		expect((list.responseBody as { errcode: number }).errcode).toBe(0);
		expect(helper.getStored('weChatKfApi')?.accessToken).toBe(list.query.access_token);
	});

	it('Test: a wrong Secret fails with 40001 and does not show it', async () => {
		const wrong = 'wrong-kf-secret-000000000000000';
		const helper = new TestCredentialsHelper({ weChatKfApi: h.credentials('weChatKfApi', { secret: wrong }) }, [WeChatKfApi]);
		const result = await testCredential(helper);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/40001/);
		expect(result.message).not.toContain(wrong);
		expect(h.calls('/cgi-bin/kf/account/list')).toHaveLength(0);
	});

	it('nodes reuse the stored token: one exchange for many calls', async () => {
		const helper = new TestCredentialsHelper({ weChatKfApi: h.credentials('weChatKfApi') }, [WeChatKfApi]);
		for (let i = 0; i < 3; i++) {
			const result = await h.run({ resource: 'account', operation: 'list', returnAll: true }, { credentialsHelper: helper });
			expect(result.error).toBeUndefined();
		}
		expect(h.emulator.tokenCalls('kf')).toBe(1);
		expect(h.calls('/cgi-bin/kf/account/list')).toHaveLength(3);
	});

	it('fetches a new token once when WeChat revokes the stored one', async () => {
		const helper = new TestCredentialsHelper({ weChatKfApi: h.credentials('weChatKfApi') }, [WeChatKfApi]);
		await h.run({ resource: 'account', operation: 'list', returnAll: true }, { credentialsHelper: helper });
		h.emulator.revokeTokens('kf');
		const result = await h.run({ resource: 'account', operation: 'list', returnAll: true }, { credentialsHelper: helper });
		expect(result.error).toBeUndefined();
		expect(h.emulator.tokenCalls('kf')).toBe(2);
	});
});
