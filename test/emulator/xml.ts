/**
 * The flat XML the WeChat family puts on the wire: `<xml>` holding one level of elements, strings
 * in CDATA and numbers bare. Enough to build callbacks and read envelopes and passive replies;
 * nested elements (news `<Articles>`) are returned as their raw inner XML.
 */

function cdata(text: string): string {
	// "]]>" cannot occur inside a CDATA section: close and reopen around it.
	return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

export function buildFlatXml(fields: Record<string, string | number | undefined>, root = 'xml'): string {
	const body = Object.entries(fields)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => (typeof value === 'number' ? `<${key}>${value}</${key}>` : `<${key}>${cdata(String(value))}</${key}>`))
		.join('');
	return `<${root}>${body}</${root}>`;
}

function unescapeText(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
		.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
		.replace(/&amp;/g, '&');
}

function textOf(inner: string): string {
	let out = '';
	let rest = inner;
	for (;;) {
		const start = rest.indexOf('<![CDATA[');
		if (start < 0) return out + unescapeText(rest);
		const end = rest.indexOf(']]>', start + 9);
		if (end < 0) throw new Error('Unterminated CDATA section');
		out += unescapeText(rest.slice(0, start)) + rest.slice(start + 9, end);
		rest = rest.slice(end + 3);
	}
}

/** The root's child elements as strings; throws when the text is not `<root>...</root>`. */
export function parseFlatXml(xml: string): Record<string, string> {
	const trimmed = xml.replace(/^\uFEFF/, '').replace(/^<\?xml[^>]*\?>/, '').trim();
	const root = /^<([A-Za-z_][\w.-]*)\s*>([\s\S]*)<\/\1>$/.exec(trimmed);
	if (!root) throw new Error('Not a single-rooted XML document');
	const fields: Record<string, string> = {};
	let rest = root[2];
	for (;;) {
		rest = rest.replace(/^\s+/, '');
		if (rest === '') return fields;
		const open = /^<([A-Za-z_][\w.-]*)\s*(\/?)>/.exec(rest);
		if (!open) throw new Error(`Unexpected XML near "${rest.slice(0, 30)}"`);
		const name = open[1];
		if (open[2] === '/') {
			fields[name] = '';
			rest = rest.slice(open[0].length);
			continue;
		}
		const close = `</${name}>`;
		let scan = open[0].length;
		let end = -1;
		// Skip CDATA sections so a "</Tag>" inside one does not end the element.
		for (;;) {
			const nextClose = rest.indexOf(close, scan);
			const nextCdata = rest.indexOf('<![CDATA[', scan);
			if (nextClose < 0) break;
			if (nextCdata >= 0 && nextCdata < nextClose) {
				const cdataEnd = rest.indexOf(']]>', nextCdata + 9);
				if (cdataEnd < 0) break;
				scan = cdataEnd + 3;
				continue;
			}
			end = nextClose;
			break;
		}
		if (end < 0) throw new Error(`Element <${name}> is not closed`);
		const inner = rest.slice(open[0].length, end);
		fields[name] = /^\s*<(?!!\[CDATA\[)/.test(inner) ? inner.trim() : textOf(inner);
		rest = rest.slice(end + close.length);
	}
}
