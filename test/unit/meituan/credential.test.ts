/** The Meituan API credential: signing in authenticate (also from n8n's spread copy) and its test request against the emulator. */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { MeituanApi } from '../../../credentials/MeituanApi.credentials';
import { meituanFixture } from '../../emulator';
import { platformHarness } from '../../helpers/platform';

const h = platformHarness('meituan');

/** The credential's test request as n8n sends it: $credentials resolved, then authenticate, then the call. */
async function runTest(appSecret = meituanFixture.appSecret): Promise<{ body: unknown; failed?: string }> {
	const credential = { ...new MeituanApi() };
	const data = h.credentials('meituanApi', { appSecret });
	const request = { ...credential.test.request, baseURL: String(data.baseUrl) } as IHttpRequestOptions;
	const signed = await (credential.authenticate as (c: typeof data, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(data, request);
	const url = `${signed.url}?${new URLSearchParams(signed.qs as Record<string, string>).toString()}`;
	const body = (await (await fetch(url, { method: signed.method })).json()) as Record<string, unknown>;
	const rule = credential.test.rules?.find((r) => {
		const { key, value } = r.properties as { key: string; value: unknown };
		const got = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], body);
		return got === value;
	});
	return { body, failed: rule ? (rule.properties as { message: string }).message : undefined };
}

describe('Meituan API credential', () => {
	it('passes its test (poi/getids) with the right secret', async () => {
		const { body, failed } = await runTest();
		expect(failed).toBeUndefined();
		expect(body).toEqual({ data: meituanFixture.stores });
	});

	it('fails its test clearly with a wrong secret: 703', async () => {
		const { body, failed } = await runTest('0000000000000000aaaaaaaaaaaaaaaa');
		expect(body).toMatchObject({ error: { code: 703 } });
		expect(failed).toBe('Signature refused (703): the App Secret does not belong to this App ID');
	});

	it('tests against the default host unless a Base URL is set', () => {
		expect(new MeituanApi().test.request.baseURL).toBe('={{$credentials.baseUrl || "https://waimaiopen.meituan.com/api/v1/"}}');
	});
});
