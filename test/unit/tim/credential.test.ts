/** The Tencent Cloud IM API credential (credentials/TencentCloudImApi.credentials.ts): signing, host and test request. */
import { TencentCloudImApi } from '../../../credentials/TencentCloudImApi.credentials';
import { timDialect } from '../../../nodes/TencentCloudIm/transport';
import { decodeUserSig, timFixture } from '../../emulator';
import { TestCredentialsHelper } from '../../helpers/credentials';
import { platformHarness } from '../../helpers/platform';

const h = platformHarness('tim');

describe('Tencent Cloud IM API credential', () => {
	it('adds the signed query to every request', async () => {
		const credential = new TencentCloudImApi();
		const options = await credential.authenticate(h.credentials('tencentCloudImApi'), { url: '/v4/x', qs: { keep: 1 } });
		expect(options.qs).toMatchObject({ keep: 1, sdkappid: timFixture.sdkAppId, identifier: 'administrator', contenttype: 'json' });
		expect(decodeUserSig(String(options.qs!.usersig))).toMatchObject({ 'TLS.identifier': 'administrator' });
	});

	it('signs from the copy n8n makes of the type with object spread (what offers "Custom API Call")', async () => {
		const copy = { ...new TencentCloudImApi() };
		expect(typeof copy.authenticate).toBe('function');
		const options = await (copy.authenticate as NonNullable<TencentCloudImApi['authenticate']>)(h.credentials('tencentCloudImApi'), { url: '/v4/x' });
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
		const helper = new TestCredentialsHelper({ tencentCloudImApi: h.credentials('tencentCloudImApi') }, [TencentCloudImApi]);
		expect(helper.getCredentialType('tencentCloudImApi').name).toBe('tencentCloudImApi');
	});
});
