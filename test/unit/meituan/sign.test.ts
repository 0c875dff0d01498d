/**
 * Meituan's per-call signature as the credential applies it (signMeituanRequest), against
 * known answers made by the md5sum command line, and push signatures the trigger accepts.
 */
import { execFileSync } from 'child_process';
import { meituanDecryptContent } from '../../../nodes/shared/crypto';
import { pushSignatureValid, quoteBigIntegers } from '../../../nodes/MeituanIm/push';
import { signMeituanRequest } from '../../../nodes/MeituanIm/transport';

const secret = 'e5d2c4b7a1f0936e8d7c6b5a49382716';
const credentials = { appId: '4688', appSecret: secret };
const at = 1700000000 * 1000;

function md5sum(text: string): string {
	return execFileSync('md5sum', { input: Buffer.from(text, 'utf8') }).toString('utf8').split(' ')[0];
}

describe('signMeituanRequest: known answers from md5sum', () => {
	it('signs a GET over the URL and its system parameters (precomputed with printf | md5sum)', () => {
		const signed = signMeituanRequest(credentials, { method: 'GET', baseURL: 'https://waimaiopen.meituan.com/api/v1/', url: 'poi/getids' }, at);
		expect(signed.url).toBe('https://waimaiopen.meituan.com/api/v1/poi/getids');
		expect(signed.qs).toEqual({ app_id: '4688', timestamp: '1700000000', sig: 'ce468e2993fcfc1e2e82bb5d40017ce0' });
	});

	it('signs a POST over the raw form values, which go in the body; system parameters in the query', () => {
		const push = '{"app_id":4688,"app_poi_code":"t_Store0001","msg_id":1700000000000001,"msg_source":1,"msg_type":1,"cts":1700000000,"open_user_id":100001,"msg_content":"abc+/="}';
		const signed = signMeituanRequest(
			credentials,
			{ method: 'POST', url: 'https://waimaiopen.meituan.com/api/v1/ecommerce/IM/msgSend', body: { push_content: push }, json: true },
			at,
		);
		expect(signed.qs).toEqual({ app_id: '4688', timestamp: '1700000000', sig: '4f1da2efa6adcbab5c8cb7454f0ab297' });
		expect(signed.body).toBe(new URLSearchParams({ push_content: push }).toString());
		expect(signed.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(new URLSearchParams(String(signed.body)).get('push_content')).toBe(push);
	});

	it('signs query parameters written into the URL and drops an old sig', () => {
		const signed = signMeituanRequest(credentials, { method: 'GET', url: 'https://h.example/api/v1/x?b=2&sig=old', qs: { a: '中文 &=' } }, at);
		const url = 'https://h.example/api/v1/x';
		expect(signed.url).toBe(url);
		expect(signed.qs!.sig).toBe(md5sum(`${url}?a=中文 &=&app_id=4688&b=2&timestamp=1700000000${secret}`));
	});

	it('takes a form body given as text (Custom API Call)', () => {
		const signed = signMeituanRequest(credentials, { method: 'POST', url: 'https://h.example/y', body: 'b=1&a=%E4%BD%A0' }, at);
		expect(signed.qs!.sig).toBe(md5sum(`https://h.example/y?a=你&app_id=4688&b=1&timestamp=1700000000${secret}`));
	});
});

describe('push signatures', () => {
	const url = 'https://n8n.example.com/webhook/abc/webhook';
	const params = { app_id: '4688', biz_type: '1', push_content: '{"msg_id":1}', timestamp: '1700000000', sig: '8f1bbfb7ad5e980e7206036f61f25043' };

	it('accepts the md5sum known answer over the registered URL, and nothing else', () => {
		expect(pushSignatureValid([url], params, params.push_content, secret)).toBe(true);
		expect(pushSignatureValid(['https://n8n.example.com/webhook/abc/other'], params, params.push_content, secret)).toBe(false);
		expect(pushSignatureValid([url], { ...params, biz_type: '2' }, params.push_content, secret)).toBe(false);
		expect(pushSignatureValid([url], params, params.push_content, `${secret}x`)).toBe(false);
		expect(pushSignatureValid([url], { ...params, sig: params.sig.toUpperCase() }, params.push_content, secret)).toBe(true);
		expect(pushSignatureValid([url], { ...params, sig: '' }, params.push_content, secret)).toBe(false);
	});

	it('accepts a signature over push_content decoded once more', () => {
		const encoded = { ...params, push_content: encodeURIComponent(params.push_content) };
		expect(pushSignatureValid([url], encoded, params.push_content, secret)).toBe(true);
	});
});

describe('msg_content: an openssl CLI vector', () => {
	// printf '%s' '你好，请问几点送达？' | openssl enc -aes-128-cbc -K <hex of e5d2c4b7a1f0936e> -iv <same> -base64 -A
	it('decrypts what openssl encrypted with key = IV = the first 16 characters of the secret', () => {
		expect(meituanDecryptContent(secret, 'aetdOAvFf6BI5ooD9ZsZ52hEDS06eYUoWEVqhlw6pEw=')).toBe('你好，请问几点送达？');
	});
});

describe('push_content with IDs beyond 2^53', () => {
	it('keeps 16-19 digit integers exact and leaves strings, decimals and small numbers alone', () => {
		const text = '{"order_id":27061900338318741,"msg_id":1234567890123456789,"s":"a\\":99999999999999999,","n":12,"f":1.5,"e":-9007199254740993,"list":[12345678901234567]}';
		expect(JSON.parse(quoteBigIntegers(text))).toEqual({
			order_id: '27061900338318741',
			msg_id: '1234567890123456789',
			s: 'a":99999999999999999,',
			n: 12,
			f: 1.5,
			e: '-9007199254740993',
			list: ['12345678901234567'],
		});
	});
});

describe('legacy request options (the HTTP Request node)', () => {
	it('signs uri and form, and leaves them where the legacy request reads them', () => {
		const signed = signMeituanRequest(
			credentials,
			{ method: 'POST', uri: 'https://h.example/api/v1/wm/IM/setPoiIMStatus', form: { app_poi_code: 't_1', im_status: 0 } } as never,
			at,
		) as unknown as { uri: string; url?: string; form: Record<string, string>; qs: Record<string, string> };
		expect(signed.uri).toBe('https://h.example/api/v1/wm/IM/setPoiIMStatus');
		expect(signed.url).toBeUndefined();
		expect(signed.form).toEqual({ app_poi_code: 't_1', im_status: '0' });
		expect(signed.qs.sig).toBe(md5sum(`https://h.example/api/v1/wm/IM/setPoiIMStatus?app_id=4688&app_poi_code=t_1&im_status=0&timestamp=1700000000${secret}`));
	});
});
