/**
 * The XML subset WeChat, WeCom and WeChat KF use for callback bodies and passive replies.
 * Dependency-free on purpose: n8n Cloud does not allow runtime dependencies, and a full XML
 * parser would bring DTD and entity expansion we must refuse anyway (XXE, billion laughs).
 */

/** Malformed or refused XML; the message names the problem and an offset, never the input. */
export class XmlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlError';
	}
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const ENTITY_MAX_LENGTH = 12;
// WeChat bodies nest four or five levels; a deeper document is hostile, and its result would
// overflow the stack of any recursive consumer (JSON.stringify, n8n's deep copy).
const MAX_DEPTH = 100;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const BUILD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// XML 1.0 Char production; lone surrogates fall outside it under the u flag.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Element names are echoed in errors; cap them so a hostile body cannot fill the logs. */
function shown(name: string): string {
	return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** UTF-8 needs at least one byte per UTF-16 unit, so an over-long string is refused unmeasured. */
function utf8LengthExceeds(text: string, limit: number): boolean {
	return text.length > limit || Buffer.byteLength(text, 'utf8') > limit;
}

function isBlank(text: string, start: number, end: number): boolean {
	for (let k = start; k < end; k++) {
		const code = text.charCodeAt(k);
		if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return false;
	}
	return true;
}

function isNameStart(code: number): boolean {
	return (
		(code >= 0x41 && code <= 0x5a) ||
		(code >= 0x61 && code <= 0x7a) ||
		code === 0x5f ||
		code === 0x3a ||
		code >= 0x80
	);
}

function isNameChar(code: number): boolean {
	return isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isXmlCodePoint(cp: number): boolean {
	return (
		cp === 0x9 ||
		cp === 0xa ||
		cp === 0xd ||
		(cp >= 0x20 && cp <= 0xd7ff) ||
		(cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff)
	);
}

/** Decodes the five predefined entities and character references; anything else is refused. */
function decodeEntities(raw: string, offset: number): string {
	let amp = raw.indexOf('&');
	if (amp === -1) return raw;
	const parts: string[] = [];
	let last = 0;
	while (amp !== -1) {
		parts.push(raw.slice(last, amp));
		const semi = raw.indexOf(';', amp + 1);
		// Every reference accepted here is short, so a long run is refused before it is sliced.
		if (semi === -1 || semi === amp + 1 || semi - amp - 1 > ENTITY_MAX_LENGTH) {
			throw new XmlError(`Malformed entity reference at offset ${offset + amp}`);
		}
		const body = raw.slice(amp + 1, semi);
		if (body.charCodeAt(0) === 0x23) {
			const hex = body.charCodeAt(1) === 0x78;
			const digits = body.slice(hex ? 2 : 1);
			if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) {
				throw new XmlError(`Malformed character reference at offset ${offset + amp}`);
			}
			const cp = parseInt(digits, hex ? 16 : 10);
			if (!isXmlCodePoint(cp)) {
				throw new XmlError(`Character reference to a character not allowed in XML at offset ${offset + amp}`);
			}
			parts.push(String.fromCodePoint(cp));
		} else if (Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body)) {
			parts.push(NAMED_ENTITIES[body]);
		} else {
			throw new XmlError(`Unknown entity &${shown(body)}; at offset ${offset + amp}`);
		}
		last = semi + 1;
		amp = raw.indexOf('&', last);
	}
	parts.push(raw.slice(last));
	return parts.join('');
}

/** Own-property write that cannot reach Object.prototype even for a tag named __proto__. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') {
		Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
	} else {
		target[key] = value;
	}
}

/** True when `</name>` starts exactly at `at`. */
function closesAt(text: string, at: number, name: string): boolean {
	return (
		text.charCodeAt(at) === 0x3c &&
		text.charCodeAt(at + 1) === 0x2f &&
		text.startsWith(name, at + 2) &&
		text.charCodeAt(at + 2 + name.length) === 0x3e
	);
}

interface Frame {
	name: string;
	children: Record<string, unknown> | null;
	arrays: Set<string> | null;
	text: string;
	hasText: boolean;
}

function addChild(frame: Frame, name: string, value: unknown, offset: number): void {
	if (frame.hasText) {
		throw new XmlError(`Element <${shown(frame.name)}> mixes text and child elements (offset ${offset})`);
	}
	if (frame.children === null) frame.children = {};
	const children = frame.children;
	if (!Object.prototype.hasOwnProperty.call(children, name)) {
		setOwn(children, name, value);
	} else if (frame.arrays !== null && frame.arrays.has(name)) {
		(children[name] as unknown[]).push(value);
	} else {
		setOwn(children, name, [children[name], value]);
		if (frame.arrays === null) frame.arrays = new Set();
		frame.arrays.add(name);
	}
}

function addText(frame: Frame, text: string, offset: number): void {
	if (frame.children !== null) {
		throw new XmlError(`Element <${shown(frame.name)}> mixes text and child elements (offset ${offset})`);
	}
	frame.hasText = true;
	frame.text += text;
}

function frameValue(frame: Frame): unknown {
	return frame.children !== null ? frame.children : frame.text;
}

/**
 * Parses a WeChat-style XML document and returns the root element's content as a plain
 * object: leaf elements become strings, repeated siblings arrays, empty elements ''.
 * Refuses DTDs, entity declarations and processing instructions outright.
 */
export function parseXml(text: string, options?: { maxBytes?: number }): Record<string, unknown> {
	if (typeof text !== 'string') throw new XmlError('XML input must be a string');
	const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
	// NaN would compare false against every length and silently lift the limit.
	if (typeof maxBytes !== 'number' || !(maxBytes >= 0)) throw new XmlError('maxBytes must be a non-negative number');
	if (utf8LengthExceeds(text, maxBytes)) {
		throw new XmlError(`XML body is larger than ${maxBytes} bytes`);
	}

	const length = text.length;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const stack: Frame[] = [];
	let root: Frame | null = null;
	let rootDone = false;
	let seenMarkup = false;

	while (i < length) {
		const lt = text.indexOf('<', i);
		const textEnd = lt === -1 ? length : lt;
		if (textEnd > i) {
			const frame = stack.length > 0 ? stack[stack.length - 1] : undefined;
			if (!isBlank(text, i, textEnd)) {
				if (frame === undefined) throw new XmlError(`Text outside the root element at offset ${i}`);
				addText(frame, decodeEntities(text.slice(i, textEnd), i), i);
			} else if (frame !== undefined && frame.children === null) {
				// Kept while the element may still turn out to be a leaf whose text is whitespace.
				frame.text += text.slice(i, textEnd);
			}
		}
		if (lt === -1) break;
		i = lt;
		const next = text.charCodeAt(i + 1);

		if (next === 0x3f /* ? */) {
			const close = text.indexOf('?>', i + 2);
			if (close === -1) throw new XmlError(`Unterminated processing instruction at offset ${i}`);
			const target = text.slice(i + 2, Math.min(close, i + 6));
			const isDeclaration =
				target.length >= 3 &&
				target.slice(0, 3) === 'xml' &&
				(target.length === 3 || isSpace(target.charCodeAt(3)));
			if (!isDeclaration) throw new XmlError(`Processing instructions are not allowed (offset ${i})`);
			if (seenMarkup) throw new XmlError(`The XML declaration is only allowed at the start (offset ${i})`);
			seenMarkup = true;
			i = close + 2;
			continue;
		}
		seenMarkup = true;

		if (next === 0x21 /* ! */) {
			if (text.startsWith('<!--', i)) {
				const close = text.indexOf('-->', i + 4);
				if (close === -1) throw new XmlError(`Unterminated comment at offset ${i}`);
				i = close + 3;
				continue;
			}
			if (text.startsWith('<![CDATA[', i)) {
				if (stack.length === 0) throw new XmlError(`CDATA outside the root element at offset ${i}`);
				const close = text.indexOf(']]>', i + 9);
				if (close === -1) throw new XmlError(`Unterminated CDATA section at offset ${i}`);
				addText(stack[stack.length - 1], text.slice(i + 9, close), i);
				i = close + 3;
				continue;
			}
			const keyword = text.slice(i + 2, i + 9).toUpperCase();
			if (keyword === 'DOCTYPE') throw new XmlError(`DOCTYPE declarations are not allowed (offset ${i})`);
			if (keyword.startsWith('ENTITY')) throw new XmlError(`ENTITY declarations are not allowed (offset ${i})`);
			throw new XmlError(`Markup declarations are not allowed (offset ${i})`);
		}

		if (next === 0x2f /* / */) {
			let j = i + 2;
			while (j < length && isNameChar(text.charCodeAt(j))) j++;
			const name = text.slice(i + 2, j);
			while (j < length && isSpace(text.charCodeAt(j))) j++;
			if (text.charCodeAt(j) !== 0x3e) throw new XmlError(`Malformed closing tag at offset ${i}`);
			const frame = stack.pop();
			if (frame === undefined) throw new XmlError(`Closing tag </${shown(name)}> without an open element at offset ${i}`);
			if (frame.name !== name) {
				throw new XmlError(`Mismatched closing tag </${shown(name)}>, expected </${shown(frame.name)}> at offset ${i}`);
			}
			if (stack.length === 0) rootDone = true;
			else addChild(stack[stack.length - 1], name, frameValue(frame), i);
			i = j + 1;
			continue;
		}

		if (!isNameStart(next)) throw new XmlError(`Malformed tag at offset ${i}`);
		let j = i + 2;
		while (j < length && isNameChar(text.charCodeAt(j))) j++;
		const name = text.slice(i + 1, j);
		if (stack.length === 0 && rootDone) throw new XmlError(`Multiple root elements: <${shown(name)}> at offset ${i}`);
		if (stack.length >= MAX_DEPTH) throw new XmlError(`Elements nested deeper than ${MAX_DEPTH} levels at offset ${i}`);

		// Attributes are read over and dropped: WeChat bodies carry none worth keeping.
		let selfClosing = false;
		for (;;) {
			const before = j;
			while (j < length && isSpace(text.charCodeAt(j))) j++;
			const code = text.charCodeAt(j);
			if (code === 0x3e) {
				j++;
				break;
			}
			if (code === 0x2f && text.charCodeAt(j + 1) === 0x3e) {
				selfClosing = true;
				j += 2;
				break;
			}
			if (j >= length) throw new XmlError(`Unterminated tag <${shown(name)}> at offset ${i}`);
			if (j === before || !isNameStart(code)) throw new XmlError(`Malformed attribute in <${shown(name)}> at offset ${j}`);
			while (j < length && isNameChar(text.charCodeAt(j))) j++;
			while (j < length && isSpace(text.charCodeAt(j))) j++;
			if (text.charCodeAt(j) !== 0x3d) throw new XmlError(`Malformed attribute in <${shown(name)}> at offset ${j}`);
			j++;
			while (j < length && isSpace(text.charCodeAt(j))) j++;
			const quote = text.charAt(j);
			if (quote !== '"' && quote !== "'") throw new XmlError(`Unquoted attribute value in <${shown(name)}> at offset ${j}`);
			const end = text.indexOf(quote, j + 1);
			if (end === -1) throw new XmlError(`Unterminated attribute value in <${shown(name)}> at offset ${j}`);
			if (text.slice(j + 1, end).includes('<')) throw new XmlError(`'<' in an attribute value of <${shown(name)}> at offset ${j}`);
			j = end + 1;
		}

		const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
		if (parent === undefined) {
			root = { name, children: null, arrays: null, text: '', hasText: false };
			if (selfClosing) rootDone = true;
			else stack.push(root);
			i = j;
			continue;
		}
		if (selfClosing) {
			addChild(parent, name, '', i);
			i = j;
			continue;
		}
		// Fast path for the usual leaf, <Name>text</Name> or <Name><![CDATA[..]]></Name>: no frame
		// is allocated. Anything else falls through to the general loop, which rescans at most once.
		if (text.startsWith('<![CDATA[', j)) {
			const close = text.indexOf(']]>', j + 9);
			if (close !== -1 && closesAt(text, close + 3, name)) {
				addChild(parent, name, text.slice(j + 9, close), i);
				i = close + 6 + name.length;
				continue;
			}
		} else {
			const lt2 = text.indexOf('<', j);
			if (lt2 !== -1 && closesAt(text, lt2, name)) {
				addChild(parent, name, decodeEntities(text.slice(j, lt2), j), i);
				i = lt2 + 3 + name.length;
				continue;
			}
		}
		stack.push({ name, children: null, arrays: null, text: '', hasText: false });
		i = j;
	}

	if (stack.length > 0) {
		throw new XmlError(`Unclosed element <${shown(stack[stack.length - 1].name)}> at end of input`);
	}
	if (root === null) throw new XmlError('Empty XML document: no root element');
	if (root.children !== null) return root.children;
	if (root.hasText) throw new XmlError(`The root element <${shown(root.name)}> holds text, not child elements`);
	return {};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/** CDATA cannot hold "]]>", so each one closes a section and the ">" starts the next. */
function cdata(text: string): string {
	return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function checkName(name: string): void {
	if (!BUILD_NAME.test(name)) throw new XmlError(`Invalid XML element name "${shown(name)}"`);
}

function buildValue(name: string, value: unknown, out: string[], ancestors: Set<object>): void {
	if (value === null || value === undefined) return;
	if (Array.isArray(value)) {
		if (ancestors.has(value)) throw new XmlError(`Circular reference at <${shown(name)}>`);
		ancestors.add(value);
		for (const item of value) {
			if (Array.isArray(item)) throw new XmlError(`Nested arrays cannot be written as XML (at <${shown(name)}>)`);
			buildValue(name, item, out, ancestors);
		}
		ancestors.delete(value);
		return;
	}
	if (typeof value === 'string') {
		if (NOT_XML_CHAR.test(value)) throw new XmlError(`The value of <${shown(name)}> contains a character not allowed in XML`);
		out.push(`<${name}>`, cdata(value), `</${name}>`);
		return;
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new XmlError(`The value of <${shown(name)}> is not a finite number`);
		out.push(`<${name}>${String(value)}</${name}>`);
		return;
	}
	if (typeof value === 'boolean' || typeof value === 'bigint') {
		out.push(`<${name}>${String(value)}</${name}>`);
		return;
	}
	if (isPlainObject(value)) {
		if (ancestors.has(value)) throw new XmlError(`Circular reference at <${shown(name)}>`);
		ancestors.add(value);
		out.push(`<${name}>`);
		buildChildren(value, out, ancestors);
		out.push(`</${name}>`);
		ancestors.delete(value);
		return;
	}
	throw new XmlError(`The value of <${shown(name)}> cannot be written as XML (${typeof value})`);
}

function buildChildren(value: Record<string, unknown>, out: string[], ancestors: Set<object>): void {
	for (const key of Object.keys(value)) {
		checkName(key);
		buildValue(key, value[key], out, ancestors);
	}
}

/**
 * Serialises a passive reply: strings as CDATA, numbers and booleans as text, objects as
 * nested elements, arrays as the element repeated, null and undefined left out.
 */
export function buildXml(value: Record<string, unknown>, rootName = 'xml'): string {
	checkName(rootName);
	if (!isPlainObject(value)) throw new XmlError('buildXml expects a plain object');
	const out: string[] = [`<${rootName}>`];
	buildChildren(value, out, new Set<object>([value]));
	out.push(`</${rootName}>`);
	return out.join('');
}
