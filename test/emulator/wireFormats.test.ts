import { MultipartError, parseMultipart } from './multipart';
import { buildFlatXml, parseFlatXml } from './xml';

describe('parseMultipart', () => {
	it('reads what fetch/FormData sends, bytes intact', async () => {
		const bytes = Buffer.from([0, 13, 10, 45, 45, 255, 1]);
		const form = new FormData();
		form.append('note', 'plain field');
		form.append('media', new Blob([bytes], { type: 'image/png' }), '图片.png');
		const request = new Request('http://x', { method: 'POST', body: form });
		const body = Buffer.from(await request.arrayBuffer());
		const parts = parseMultipart(body, request.headers.get('content-type') ?? undefined);
		expect(parts.map((p) => p.name)).toEqual(['note', 'media']);
		expect(parts[0].data.toString()).toBe('plain field');
		expect(parts[0].filename).toBeUndefined();
		expect(parts[1]).toMatchObject({ filename: '图片.png', contentType: 'image/png' });
		expect(parts[1].data.equals(bytes)).toBe(true);
	});

	it('reads the WeCom sample framing with filelength and an RFC 5987 filename', () => {
		const body = Buffer.from(
			'--b0undary\r\n' +
				'Content-Disposition: form-data; name="media";filename="wework.txt"; filelength=6\r\n' +
				'Content-Type: application/octet-stream\r\n\r\n' +
				'mytext\r\n' +
				'--b0undary\r\n' +
				"Content-Disposition: form-data; name=\"other\"; filename=\"x\"; filename*=UTF-8''%E6%96%87.txt\r\n\r\n" +
				'data\r\n' +
				'--b0undary--\r\n',
		);
		const parts = parseMultipart(body, 'multipart/form-data; boundary="b0undary"');
		expect(parts[0]).toMatchObject({ name: 'media', filename: 'wework.txt', contentType: 'application/octet-stream' });
		expect(parts[0].data.toString()).toBe('mytext');
		expect(parts[0].headers['content-disposition']).toContain('filelength=6');
		expect(parts[1].filename).toBe('文.txt');
	});

	it.each([
		['no boundary parameter', 'multipart/form-data', '--x\r\n'],
		['another content type', 'application/json', '{}'],
		['a missing closing boundary', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
		['a part without a name', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--'],
		['no boundary in the body', 'multipart/form-data; boundary=x', 'hello'],
	])('refuses %s', (_name, contentType, body) => {
		expect(() => parseMultipart(Buffer.from(body), contentType)).toThrow(MultipartError);
	});
});

describe('flat XML', () => {
	it('builds CDATA strings and bare numbers and parses them back', () => {
		const xml = buildFlatXml({ ToUserName: 'corp', CreateTime: 1700000000, Content: 'a ]]> b <c> & d', Empty: '' });
		expect(xml).toBe(
			'<xml><ToUserName><![CDATA[corp]]></ToUserName><CreateTime>1700000000</CreateTime>' +
				'<Content><![CDATA[a ]]]]><![CDATA[> b <c> & d]]></Content><Empty><![CDATA[]]></Empty></xml>',
		);
		expect(parseFlatXml(xml)).toEqual({ ToUserName: 'corp', CreateTime: '1700000000', Content: 'a ]]> b <c> & d', Empty: '' });
	});

	it('reads escaped text, a declaration, whitespace and a nested element as raw XML', () => {
		const parsed = parseFlatXml(
			'<?xml version="1.0"?>\n<xml>\n  <A>x &amp; y &lt;z&gt;</A>\n  <Articles><item><Title><![CDATA[t]]></Title></item></Articles>\n  <B/>\n</xml>',
		);
		expect(parsed).toEqual({ A: 'x & y <z>', Articles: '<item><Title><![CDATA[t]]></Title></item>', B: '' });
	});

	it('does not end an element at a closing tag inside CDATA', () => {
		expect(parseFlatXml('<xml><Content><![CDATA[</Content>]]></Content></xml>')).toEqual({ Content: '</Content>' });
	});

	it.each(['not xml', '<xml><A>unclosed</xml>', '<a></b>'])('refuses %j', (text) => {
		expect(() => parseFlatXml(text)).toThrow();
	});
});
