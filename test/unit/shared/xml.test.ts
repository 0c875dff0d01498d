import { buildXml, parseXml, XmlError } from '../../../nodes/shared/xml';

/** The XmlError fn throws; the test fails if fn throws something else or nothing. */
function thrown(fn: () => unknown): XmlError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(XmlError);
		expect((error as Error).name).toBe('XmlError');
		return error as XmlError;
	}
	throw new Error('expected an XmlError, nothing was thrown');
}

/**
 * Fastest of a few runs, in CPU time rather than wall time: the bound is about the algorithm,
 * and CPU time does not grow while a busy machine keeps this process waiting for a core.
 */
function fastestCpuMs(fn: () => unknown, runs = 3): number {
	let best = Infinity;
	for (let k = 0; k < runs; k++) {
		const start = process.cpuUsage();
		try {
			fn();
		} catch {
			// Some adversarial inputs are meant to be refused; only the time matters here.
		}
		const used = process.cpuUsage(start);
		best = Math.min(best, (used.user + used.system) / 1000);
	}
	return best;
}

/** Documentation samples are pretty-printed; WeChat sends and expects them without the indentation. */
function compact(xml: string): string {
	return xml.replace(/>\s+</g, '><').trim();
}

describe('parseXml on samples from the WeCom / WeChat documentation', () => {
	// developer.work.weixin.qq.com/document/path/90239 (消息格式), 文本消息.
	it('reads a WeCom text message', () => {
		const xml = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1348831860</CreateTime>
   <MsgType><![CDATA[text]]></MsgType>
   <Content><![CDATA[this is a test]]></Content>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`;
		expect(parseXml(xml)).toEqual({
			ToUserName: 'toUser',
			FromUserName: 'fromUser',
			CreateTime: '1348831860',
			MsgType: 'text',
			Content: 'this is a test',
			MsgId: '1234567890123456',
			AgentID: '1',
		});
	});

	// Same page, 图片消息.
	it('reads a WeCom image message', () => {
		const xml = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1348831860</CreateTime>
   <MsgType><![CDATA[image]]></MsgType>
   <PicUrl><![CDATA[this is a url]]></PicUrl>
   <MediaId><![CDATA[media_id]]></MediaId>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`;
		const parsed = parseXml(xml);
		expect(parsed.MsgType).toBe('image');
		expect(parsed.PicUrl).toBe('this is a url');
		expect(parsed.MediaId).toBe('media_id');
	});

	// Same page, 位置消息: Location_X tests the underscore in element names.
	it('reads a WeCom location message', () => {
		const xml = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1351776360</CreateTime>
   <MsgType><![CDATA[location]]></MsgType>
   <Location_X>23.134</Location_X>
   <Location_Y>113.358</Location_Y>
   <Scale>20</Scale>
   <Label><![CDATA[位置信息]]></Label>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
   <AppType><![CDATA[wxwork]]></AppType>
</xml>`;
		expect(parseXml(xml)).toEqual({
			ToUserName: 'toUser',
			FromUserName: 'fromUser',
			CreateTime: '1351776360',
			MsgType: 'location',
			Location_X: '23.134',
			Location_Y: '113.358',
			Scale: '20',
			Label: '位置信息',
			MsgId: '1234567890123456',
			AgentID: '1',
			AppType: 'wxwork',
		});
	});

	// developer.work.weixin.qq.com/document/path/90240 (事件格式), 成员关注事件.
	it('reads a subscribe event', () => {
		const xml = `<xml>
<ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[UserID]]></FromUserName>
<CreateTime>1348831860</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[subscribe]]></Event>
<AgentID>1</AgentID>
</xml>`;
		expect(parseXml(xml)).toEqual({
			ToUserName: 'toUser',
			FromUserName: 'UserID',
			CreateTime: '1348831860',
			MsgType: 'event',
			Event: 'subscribe',
			AgentID: '1',
		});
	});

	// Same page, 进入应用: an empty CDATA section is an empty string, not a missing key.
	it('reads an enter_agent event with an empty EventKey', () => {
		const xml = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>1408091189</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[enter_agent]]></Event>
<EventKey><![CDATA[]]></EventKey>
<AgentID>1</AgentID>
</xml>`;
		const parsed = parseXml(xml);
		expect(parsed.Event).toBe('enter_agent');
		expect(parsed).toHaveProperty('EventKey', '');
	});

	// Same page, 点击菜单拉取消息的事件推送.
	it('reads a click event with its EventKey', () => {
		const xml = `<xml>
<ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>123456789</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[click]]></Event>
<EventKey><![CDATA[EVENTKEY]]></EventKey>
<AgentID>1</AgentID>
</xml>`;
		const parsed = parseXml(xml);
		expect(parsed.Event).toBe('click');
		expect(parsed.EventKey).toBe('EVENTKEY');
	});

	// Same page, 更新成员事件 (the sample WxJava's WxCpXmlMessageTest.testChangeContact copies):
	// ExtAttr/Item repeats, and each Item nests Text or Web.
	it('reads a change_contact event with repeated nested items', () => {
		const xml = `<xml>
    <ToUserName><![CDATA[toUser]]></ToUserName>
    <FromUserName><![CDATA[sys]]></FromUserName>
    <CreateTime>1403610513</CreateTime>
    <MsgType><![CDATA[event]]></MsgType>
    <Event><![CDATA[change_contact]]></Event>
    <ChangeType>update_user</ChangeType>
    <UserID><![CDATA[zhangsan]]></UserID>
    <NewUserID><![CDATA[zhangsan001]]></NewUserID>
    <Name><![CDATA[张三]]></Name>
    <Department><![CDATA[1,2,3]]></Department>
    <IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>
    <Position><![CDATA[产品经理]]></Position>
    <Mobile>15913215421</Mobile>
    <Gender>1</Gender>
    <Email><![CDATA[zhangsan@gzdev.com]]></Email>
    <Status>1</Status>
    <Avatar><![CDATA[http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0]]></Avatar>
    <Alias><![CDATA[zhangsan]]></Alias>
    <Telephone><![CDATA[020-3456788]]></Telephone>
    <Address><![CDATA[广州市]]></Address>
    <ExtAttr>
        <Item>
        <Name><![CDATA[爱好]]></Name>
        <Type>0</Type>
        <Text>
            <Value><![CDATA[旅游]]></Value>
        </Text>
        </Item>
        <Item>
        <Name><![CDATA[卡号]]></Name>
        <Type>1</Type>
        <Web>
            <Title><![CDATA[企业微信]]></Title>
            <Url><![CDATA[https://work.weixin.qq.com]]></Url>
        </Web>
        </Item>
    </ExtAttr>
</xml>`;
		const parsed = parseXml(xml);
		expect(parsed.Event).toBe('change_contact');
		expect(parsed.ChangeType).toBe('update_user');
		expect(parsed.Name).toBe('张三');
		expect(parsed.Department).toBe('1,2,3');
		expect(parsed.ExtAttr).toEqual({
			Item: [
				{ Name: '爱好', Type: '0', Text: { Value: '旅游' } },
				{ Name: '卡号', Type: '1', Web: { Title: '企业微信', Url: 'https://work.weixin.qq.com' } },
			],
		});
	});

	// Same page, 模板卡片事件推送 (also WxJava's testTemplateCardEvent).
	it('reads a template_card_event with SelectedItems and OptionIds arrays', () => {
		const xml = `<xml>
<ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>123456789</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[template_card_event]]></Event>
<EventKey><![CDATA[key111]]></EventKey>
<TaskId><![CDATA[taskid111]]></TaskId>
<CardType><![CDATA[text_notice]]></CardType>
<ResponseCode><![CDATA[ResponseCode]]></ResponseCode>
<AgentID>1</AgentID>
<SelectedItems>
    <SelectedItem>
        <QuestionKey><![CDATA[QuestionKey1]]></QuestionKey>
        <OptionIds>
            <OptionId><![CDATA[OptionId1]]></OptionId>
            <OptionId><![CDATA[OptionId2]]></OptionId>
        </OptionIds>
    </SelectedItem>
    <SelectedItem>
        <QuestionKey><![CDATA[QuestionKey2]]></QuestionKey>
        <OptionIds>
            <OptionId><![CDATA[OptionId3]]></OptionId>
            <OptionId><![CDATA[OptionId4]]></OptionId>
        </OptionIds>
    </SelectedItem>
</SelectedItems>
</xml>`;
		const parsed = parseXml(xml);
		expect(parsed.TaskId).toBe('taskid111');
		expect(parsed.ResponseCode).toBe('ResponseCode');
		expect(parsed.SelectedItems).toEqual({
			SelectedItem: [
				{ QuestionKey: 'QuestionKey1', OptionIds: { OptionId: ['OptionId1', 'OptionId2'] } },
				{ QuestionKey: 'QuestionKey2', OptionIds: { OptionId: ['OptionId3', 'OptionId4'] } },
			],
		});
	});

	it('keeps a single repeated-kind child as a plain value (arrays only appear on repetition)', () => {
		const parsed = parseXml(
			'<xml><SelectedItems><SelectedItem><QuestionKey>q</QuestionKey><OptionIds><OptionId>o</OptionId></OptionIds></SelectedItem></SelectedItems></xml>',
		);
		expect(parsed.SelectedItems).toEqual({ SelectedItem: { QuestionKey: 'q', OptionIds: { OptionId: 'o' } } });
	});

	// developer.work.weixin.qq.com/document/path/94670 (微信客服 回调通知): no AgentID, a Token.
	it('reads a WeChat KF kf_msg_or_event notification', () => {
		const xml = `<xml>
   <ToUserName><![CDATA[ww12345678910]]></ToUserName>
   <CreateTime>1348831860</CreateTime>
   <MsgType><![CDATA[event]]></MsgType>
   <Event><![CDATA[kf_msg_or_event]]></Event>
   <Token><![CDATA[ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR]]></Token>
   <OpenKfId><![CDATA[wkxxxxxxx]]></OpenKfId>
</xml>`;
		expect(parseXml(xml)).toEqual({
			ToUserName: 'ww12345678910',
			CreateTime: '1348831860',
			MsgType: 'event',
			Event: 'kf_msg_or_event',
			Token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR',
			OpenKfId: 'wkxxxxxxx',
		});
	});

	// The encrypted envelope of the WeCom 加解密方案 example (document/path/90968), as posted.
	it('reads the encrypted envelope', () => {
		const encrypt =
			'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
		const xml = `<xml>
<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>
<Encrypt><![CDATA[${encrypt}]]></Encrypt>
<AgentID><![CDATA[218]]></AgentID>
</xml>`;
		expect(parseXml(xml)).toEqual({ ToUserName: 'wx5823bf96d3bd56c7', Encrypt: encrypt, AgentID: '218' });
	});

	// The WXBizMsgCrypt Python sample's reply (Sample.py) has whitespace before a CDATA section.
	it('keeps text around CDATA exactly as sent', () => {
		expect(parseXml('<xml><MsgType>  <![CDATA[video]]></MsgType></xml>')).toEqual({ MsgType: '  video' });
	});
});

describe('parseXml text content', () => {
	it('decodes the five predefined entities', () => {
		expect(parseXml('<xml><a>&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</a></xml>').a).toBe('<b> & "c" \'d\'');
	});

	it('decodes decimal and hexadecimal character references, astral ones included', () => {
		expect(parseXml('<xml><a>&#123;&#x7D;&#20013;&#x1F600;&#128512;</a></xml>').a).toBe('{}中😀😀');
	});

	it('does not decode a second time (&amp;lt; stays &lt;)', () => {
		expect(parseXml('<xml><a>&amp;lt;</a></xml>').a).toBe('&lt;');
	});

	it('takes CDATA verbatim, including <, &, ]] and things that look like markup', () => {
		const parsed = parseXml('<xml><a><![CDATA[a < b && c ]] d &lt; <!-- no --> <x/>]]></a></xml>');
		expect(parsed.a).toBe('a < b && c ]] d &lt; <!-- no --> <x/>');
	});

	it('ends a CDATA section at the first ]]> and joins adjacent sections', () => {
		expect(parseXml('<xml><a><![CDATA[x]]]]></a></xml>').a).toBe('x]]');
		expect(parseXml('<xml><a><![CDATA[x]]]]><![CDATA[>y]]></a></xml>').a).toBe('x]]>y');
		expect(parseXml('<xml><a>1<![CDATA[<2>]]>&amp;3</a></xml>').a).toBe('1<2>&3');
	});

	it('turns <a/> and <a></a> into empty strings', () => {
		expect(parseXml('<xml><a/><b></b><c /><d x="1"/></xml>')).toEqual({ a: '', b: '', c: '', d: '' });
	});

	it('keeps whitespace-only and multi-line leaf text, line endings included', () => {
		expect(parseXml('<xml><a> </a><b>line1\r\nline2\n</b></xml>')).toEqual({ a: ' ', b: 'line1\r\nline2\n' });
	});

	it('collects repeated siblings into an array in document order, even when interleaved', () => {
		expect(parseXml('<xml><a>1</a><b>x</b><a>2</a><a><c>3</c></a></xml>')).toEqual({
			a: ['1', '2', { c: '3' }],
			b: 'x',
		});
	});

	it('ignores attributes, including quoted > and single quotes', () => {
		expect(parseXml(`<xml lang="zh"><a id="1" b='x>y' c = "z">v</a></xml>`)).toEqual({ a: 'v' });
	});

	it('allows an XML declaration, a BOM and comments anywhere outside CDATA', () => {
		const xml =
			'\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- head -->\n<xml><!-- in --><a>x<!-- mid -->y</a></xml>\n<!-- tail -->\n';
		expect(parseXml(xml)).toEqual({ a: 'xy' });
		expect(parseXml('<?xml?><xml><a>1</a></xml>')).toEqual({ a: '1' });
	});

	it('returns {} for an empty root', () => {
		expect(parseXml('<xml/>')).toEqual({});
		expect(parseXml('<xml>\n  </xml>')).toEqual({});
	});

	it('keeps a tag named __proto__ as an own key without touching Object.prototype', () => {
		const parsed = parseXml('<xml><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></xml>');
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(parsed, '__proto__')).toBe(true);
		expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: 'yes' });
		expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
		expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
		expect(parsed.constructor).toBe('c');
	});
});

describe('parseXml refusals', () => {
	it.each([
		['billion laughs', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>', /DOCTYPE/],
		['XXE', '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>', /DOCTYPE/],
		['lower-case doctype', '<!doctype xml><xml/>', /DOCTYPE/],
		['entity declaration in the body', '<xml><!ENTITY x "y"><a>&x;</a></xml>', /ENTITY/],
		['other markup declarations', '<xml><!ELEMENT a ANY></xml>', /declarations are not allowed/],
		['a processing instruction before the root', '<?xml-stylesheet href="a.xsl"?><xml/>', /Processing instructions/],
		['a processing instruction inside the root', '<xml><?php echo 1; ?></xml>', /Processing instructions/],
		['a second XML declaration', '<?xml version="1.0"?><?xml version="1.0"?><xml/>', /declaration is only allowed at the start/],
		['a declaration after a comment', '<!-- c --><?xml version="1.0"?><xml/>', /declaration is only allowed at the start/],
		['an upper-case declaration (a PI with a reserved name)', '<?XML version="1.0"?><xml/>', /Processing instructions/],
		['mismatched tags', '<xml><a></b></xml>', /Mismatched closing tag <\/b>, expected <\/a>/],
		['an unclosed child', '<xml><a>1</xml>', /Mismatched closing tag <\/xml>, expected <\/a>/],
		['an unclosed root', '<xml><a>1</a>', /Unclosed element <xml>/],
		['a stray closing tag', '</xml>', /without an open element/],
		['text before the root', 'hello<xml/>', /Text outside the root/],
		['text after the root', '<xml></xml>trailing', /Text outside the root/],
		['CDATA outside the root', '<xml/><![CDATA[x]]>', /CDATA outside the root/],
		['two roots', '<xml/><xml/>', /Multiple root elements/],
		['an unknown named entity', '<xml><a>&nbsp;</a></xml>', /Unknown entity &nbsp;/],
		['a bare ampersand', '<xml><a>a & b</a></xml>', /Malformed entity/],
		['an empty entity', '<xml><a>&;</a></xml>', /Malformed entity/],
		['a bad hex reference', '<xml><a>&#xZZ;</a></xml>', /Malformed character reference/],
		['an upper-case X reference', '<xml><a>&#X41;</a></xml>', /Malformed character reference/],
		['a NUL reference', '<xml><a>&#0;</a></xml>', /not allowed in XML/],
		['a surrogate reference', '<xml><a>&#xD800;</a></xml>', /not allowed in XML/],
		['a reference past U+10FFFF', '<xml><a>&#x110000;</a></xml>', /not allowed in XML/],
		['an empty string', '', /Empty XML document/],
		['whitespace only', ' \n\t ', /Empty XML document/],
		['a declaration only', '<?xml version="1.0"?>', /Empty XML document/],
		['a comment only', '<!-- nothing -->', /Empty XML document/],
		['an unterminated comment', '<xml><!-- x</xml>', /Unterminated comment/],
		['an unterminated CDATA section', '<xml><a><![CDATA[x</a></xml>', /Unterminated CDATA/],
		['an unterminated tag', '<xml><a', /Unterminated tag <a>/],
		['a tag starting with a digit', '<xml><1a>x</1a></xml>', /Malformed tag/],
		['a space after <', '<xml>< a>x</a></xml>', /Malformed tag/],
		['an unquoted attribute', '<xml a=1/>', /Unquoted attribute/],
		['< inside an attribute value', '<xml a="<"/>', /'<' in an attribute value/],
		['text in the root element', '<xml>hello</xml>', /holds text, not child elements/],
		['text before a child element', '<xml><a>x<b/></a></xml>', /mixes text and child elements/],
		['text after a child element', '<xml><a><b/>x</a></xml>', /mixes text and child elements/],
	])('refuses %s', (_label, xml, message) => {
		expect(thrown(() => parseXml(xml)).message).toMatch(message);
	});

	it('refuses input that is not a string', () => {
		expect(thrown(() => parseXml(null as unknown as string)).message).toMatch(/must be a string/);
	});

	it('counts maxBytes in UTF-8 bytes, not characters', () => {
		const body = '<xml><a>中</a></xml>'; // 18 ASCII bytes + 3 for 中
		expect(parseXml(body, { maxBytes: 21 })).toEqual({ a: '中' });
		expect(thrown(() => parseXml(body, { maxBytes: 20 })).message).toBe('XML body is larger than 20 bytes');
	});

	it('refuses a maxBytes that would disable the limit', () => {
		for (const maxBytes of [NaN, -1, '10' as unknown as number]) {
			expect(thrown(() => parseXml('<xml/>', { maxBytes })).message).toMatch(/maxBytes must be a non-negative number/);
		}
	});

	it('applies a 1 MiB default limit', () => {
		const shell = '<xml><a></a></xml>';
		const fits = shell.replace('<a>', '<a>' + 'x'.repeat(1024 * 1024 - shell.length));
		expect((parseXml(fits).a as string).length).toBe(1024 * 1024 - shell.length);
		expect(thrown(() => parseXml(fits.replace('<a>', '<a>x'))).message).toBe('XML body is larger than 1048576 bytes');
	});

	it('refuses nesting deeper than 100 levels', () => {
		const nest = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);
		expect(() => parseXml(nest(100))).not.toThrow();
		expect(thrown(() => parseXml(nest(101))).message).toMatch(/nested deeper than 100/);
	});

	it('does not echo a huge input in its messages', () => {
		const longName = 'a'.repeat(100000);
		for (const xml of [
			`<xml><${longName}>x</b></xml>`,
			`<xml></${longName}>`,
			`<${longName}`,
			`<xml><a>&${longName};</a></xml>`,
			`<xml>${'x'.repeat(100000)}</xml>`,
			`${'x'.repeat(100000)}<xml/>`,
		]) {
			const error = thrown(() => parseXml(xml));
			expect(error.message.length).toBeLessThan(200);
		}
	});
});

describe('parseXml speed', () => {
	it('parses a realistic 1 MiB body well under 100 ms', () => {
		const article = (k: number) =>
			`<item><Title><![CDATA[第${k}篇 文章标题 title ${k}]]></Title>` +
			`<Description>简介 &amp; summary &lt;${k}&gt;</Description>` +
			`<PicUrl><![CDATA[https://mmbiz.qpic.cn/${k}.jpg]]></PicUrl>` +
			`<Url><![CDATA[https://mp.weixin.qq.com/s?__biz=${k}&mid=1]]></Url></item>\n`;
		const head =
			'<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>' +
			'<CreateTime>12345678</CreateTime><MsgType><![CDATA[news]]></MsgType><Articles>\n';
		const tail = '</Articles><Content><![CDATA[%]]></Content></xml>';
		const items: string[] = [];
		let bytes = Buffer.byteLength(head + tail);
		for (let k = 0; bytes < 600 * 1024; k++) {
			items.push(article(k));
			bytes += Buffer.byteLength(items[k]);
		}
		const filler = '消息'.repeat(Math.floor((1024 * 1024 - bytes) / 6));
		const body = head + items.join('') + tail.replace('%', filler);
		const size = Buffer.byteLength(body);
		expect(size).toBeGreaterThan(1024 * 1024 - 6);
		expect(size).toBeLessThanOrEqual(1024 * 1024);

		const parsed = parseXml(body);
		const list = (parsed.Articles as { item: Array<Record<string, string>> }).item;
		expect(list).toHaveLength(items.length);
		expect(list[7]).toEqual({
			Title: '第7篇 文章标题 title 7',
			Description: '简介 & summary <7>',
			PicUrl: 'https://mmbiz.qpic.cn/7.jpg',
			Url: 'https://mp.weixin.qq.com/s?__biz=7&mid=1',
		});
		expect(parsed.Content).toBe(filler);
		expect(fastestCpuMs(() => parseXml(body))).toBeLessThan(100);
	});

	// A quadratic scan over 1 MiB costs seconds, so 250 ms separates the two with room for a busy machine.
	it.each([
		['170k attributes', '<xml' + ' a="1"'.repeat(170000) + '/>'],
		['an unterminated comment', '<xml><!--' + '-'.repeat(1000000)],
		['unterminated CDATA openings', '<xml>' + '<a><![CDATA['.repeat(80000)],
		['entity-dense text', '<xml><a>' + '&amp;&#x41;'.repeat(90000) + '</a></xml>'],
		['leaves that miss the fast path', '<xml>' + '<a> x <!-- c --> y </a >'.repeat(40000) + '</xml>'],
		['130k repeated siblings', '<xml>' + '<a>1</a>'.repeat(130000) + '</xml>'],
		['100k distinct siblings', '<xml>' + Array.from({ length: 100000 }, (_v, k) => `<n${k}/>`).join('') + '</xml>'],
		['whitespace', '<xml>' + ' \n'.repeat(500000) + '</xml>'],
		['a 1 MB tag name', '<' + 'a'.repeat(1000000)],
		['ampersands', '<xml><a>' + '&'.repeat(1000000) + '</a></xml>'],
	])('stays linear on %s', (_label, xml) => {
		expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(1024 * 1024);
		expect(fastestCpuMs(() => parseXml(xml))).toBeLessThan(250);
	});
});

describe('buildXml', () => {
	// Passive reply format, developers.weixin.qq.com 被动回复用户消息 / WeCom 被动回复消息格式.
	it('writes a text reply with strings as CDATA and numbers as text', () => {
		expect(
			buildXml({
				ToUserName: 'toUser',
				FromUserName: 'fromUser',
				CreateTime: 12345678,
				MsgType: 'text',
				Content: '你好',
			}),
		).toBe(
			'<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>' +
				'<CreateTime>12345678</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>',
		);
	});

	it('writes a news reply whose Articles repeat <item>, matching the documented shape', () => {
		const documented = `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[fromUser]]></FromUserName>
  <CreateTime>12345678</CreateTime>
  <MsgType><![CDATA[news]]></MsgType>
  <ArticleCount>2</ArticleCount>
  <Articles>
    <item>
      <Title><![CDATA[title1]]></Title>
      <Description><![CDATA[description1]]></Description>
      <PicUrl><![CDATA[picurl]]></PicUrl>
      <Url><![CDATA[url]]></Url>
    </item>
    <item>
      <Title><![CDATA[title2]]></Title>
      <Description><![CDATA[description2]]></Description>
      <PicUrl><![CDATA[picurl]]></PicUrl>
      <Url><![CDATA[url]]></Url>
    </item>
  </Articles>
</xml>`;
		const reply = {
			ToUserName: 'toUser',
			FromUserName: 'fromUser',
			CreateTime: 12345678,
			MsgType: 'news',
			ArticleCount: 2,
			Articles: {
				item: [
					{ Title: 'title1', Description: 'description1', PicUrl: 'picurl', Url: 'url' },
					{ Title: 'title2', Description: 'description2', PicUrl: 'picurl', Url: 'url' },
				],
			},
		};
		expect(buildXml(reply)).toBe(compact(documented));
	});

	// wechatpy tests/test_enterprise_crypto.py test_encrypt_message: the encrypted reply envelope.
	it('writes the encrypted reply envelope in the shape wechatpy expects', () => {
		const encrypt =
			'9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3';
		const expected = `<xml>
<Encrypt><![CDATA[${encrypt}]]></Encrypt>
<MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]></MsgSignature>
<TimeStamp>1411525903</TimeStamp>
<Nonce><![CDATA[461056294]]></Nonce>
</xml>`;
		expect(
			buildXml({
				Encrypt: encrypt,
				MsgSignature: '407518b7649e86ef23978113f92d27afa9296533',
				TimeStamp: 1411525903,
				Nonce: '461056294',
			}),
		).toBe(expected.replace(/\n/g, ''));
	});

	it('writes booleans and bigints as text and skips null and undefined', () => {
		expect(buildXml({ a: true, b: false, c: 10n, d: null, e: undefined, f: [null, 'x', undefined] })).toBe(
			'<xml><a>true</a><b>false</b><c>10</c><f><![CDATA[x]]></f></xml>',
		);
	});

	it('uses the given root name', () => {
		expect(buildXml({ a: 1 }, 'Reply')).toBe('<Reply><a>1</a></Reply>');
		expect(buildXml({})).toBe('<xml></xml>');
	});

	it('splits ]]> across CDATA sections', () => {
		expect(buildXml({ a: 'x]]>y' })).toBe('<xml><a><![CDATA[x]]]]><![CDATA[>y]]></a></xml>');
		expect(buildXml({ a: ']]>' })).toBe('<xml><a><![CDATA[]]]]><![CDATA[>]]></a></xml>');
	});

	it.each([
		['a leading digit', { '1a': 'x' }],
		['a space', { 'a b': 'x' }],
		['an empty name', { '': 'x' }],
		['markup', { 'a><b': 'x' }],
		['a namespace colon', { 'ns:a': 'x' }],
		['a non-ASCII name', { 名字: 'x' }],
		['a nested bad name', { ok: { 'bad name': 'x' } }],
	])('refuses an element name with %s', (_label, value) => {
		expect(thrown(() => buildXml(value as Record<string, unknown>)).message).toMatch(/Invalid XML element name/);
	});

	it('refuses a bad root name', () => {
		expect(thrown(() => buildXml({}, '9xml')).message).toMatch(/Invalid XML element name "9xml"/);
	});

	it.each([
		['NaN', { a: NaN }, /not a finite number/],
		['Infinity', { a: Infinity }, /not a finite number/],
		['a Date', { a: new Date(0) }, /cannot be written as XML/],
		['a Map', { a: new Map() }, /cannot be written as XML/],
		['a function', { a: () => 1 }, /cannot be written as XML/],
		['a symbol', { a: Symbol('s') }, /cannot be written as XML/],
		['nested arrays', { a: [['x']] }, /Nested arrays/],
		['a NUL character', { a: 'x\u0000y' }, /character not allowed in XML/],
		['a control character', { a: '\u001b[0m' }, /character not allowed in XML/],
		['a lone surrogate', { a: 'x\uD800' }, /character not allowed in XML/],
		['U+FFFE', { a: '\uFFFE' }, /character not allowed in XML/],
	])('refuses %s', (_label, value, message) => {
		expect(thrown(() => buildXml(value as Record<string, unknown>)).message).toMatch(message);
	});

	it('refuses a non-object top level and circular structures', () => {
		expect(thrown(() => buildXml([] as unknown as Record<string, unknown>)).message).toMatch(/plain object/);
		expect(thrown(() => buildXml(null as unknown as Record<string, unknown>)).message).toMatch(/plain object/);
		const loop: Record<string, unknown> = { a: 'x' };
		loop.self = loop;
		expect(thrown(() => buildXml(loop)).message).toMatch(/Circular reference at <self>/);
		const list: unknown[] = [];
		list.push({ again: list });
		expect(thrown(() => buildXml({ list })).message).toMatch(/Circular reference/);
	});

	it('writes a shared (non-circular) object twice', () => {
		const shared = { v: 'x' };
		expect(buildXml({ a: shared, b: shared })).toBe('<xml><a><v><![CDATA[x]]></v></a><b><v><![CDATA[x]]></v></b></xml>');
	});
});

describe('parseXml(buildXml(x)) round trip', () => {
	it.each([
		['flat strings', { ToUserName: 'a', Content: 'hello' }],
		['awkward text', { a: 'x]]>y]]>z', b: ']]]]>', c: '<a href="x">&amp;</a>', d: ']]', e: 'CDATA[', f: '' }],
		['Unicode and line breaks', { a: '中文 😀 emoji', b: 'line1\r\nline2\n\ttab', c: '  padded  ' }],
		['nesting', { a: { b: { c: { d: 'deep' } } }, e: 'f' }],
		[
			'arrays of objects and strings',
			{
				Articles: { item: [{ Title: 'a', Url: 'u1' }, { Title: 'b', Url: 'u2' }] },
				SelectedItems: {
					SelectedItem: [
						{ QuestionKey: 'q1', OptionIds: { OptionId: ['o1', 'o2'] } },
						{ QuestionKey: 'q2', OptionIds: { OptionId: ['o3', 'o4', 'o5'] } },
					],
				},
			},
		],
	])('keeps %s', (_label, value) => {
		expect(parseXml(buildXml(value))).toEqual(value);
	});

	it('brings numbers and booleans back as strings and one-element arrays back as single values', () => {
		expect(parseXml(buildXml({ n: 1.5, t: true, one: ['only'], none: [] }))).toEqual({ n: '1.5', t: 'true', one: 'only' });
	});

	it('keeps every character XML allows, across the whole BMP and some astral planes', () => {
		const chars: string[] = [];
		for (let cp = 0x20; cp <= 0xfffd; cp += 7) {
			if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
		}
		for (let cp = 0x10000; cp <= 0x10ffff; cp += 4099) chars.push(String.fromCodePoint(cp));
		const text = '\t\n\r' + chars.join('');
		expect(parseXml(buildXml({ a: text })).a).toBe(text);
	});
});
