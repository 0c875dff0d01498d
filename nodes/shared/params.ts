/**
 * Reading and checking an item's parameters, the same way on every platform: what differs between
 * platforms (how ids are separated, whether a JSON parameter must be an object) is an option here,
 * not a second function of the same name. Every check fails through `fail`, so a workflow sees the
 * field's name and the item, never a bare platform error code.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

// Per run (the context object lives for the whole run), by parameter and item.
const itemValues = new WeakMap<object, Map<string, unknown>>();
const runValues = new WeakMap<object, Map<string, unknown>>();

function cached(store: WeakMap<object, Map<string, unknown>>, context: object, key: string, read: () => unknown): unknown {
	let values = store.get(context);
	if (!values) {
		values = new Map();
		store.set(context, values);
	}
	if (!values.has(key)) values.set(key, read());
	return values.get(key);
}

/**
 * A parameter of item `i`, evaluated once per run however often it is read: an expression costs
 * ≈ 1 ms in n8n 2.41 (its isolate and the data proxy built for it), and the router's ordering
 * keys read what the operation reads again. What n8n would only look up — a plain value, or
 * `{{ $json.path }}` into the item, alone or in a text — is looked up here (`itemLookup`).
 */
export function itemParameter(this: IExecuteFunctions, name: string, i: number, fallback?: unknown): unknown {
	return cached(itemValues, this, `${i}\u0000${name}`, () => {
		const looked = itemLookup(this, name, i);
		return looked === NOT_SIMPLE ? this.getNodeParameter(name, i, fallback) : looked;
	});
}

const NOT_SIMPLE = Symbol('not simple');
/** `$json.a`, `$json["a b"]`, `$json.list[0].b`: a path into the item's JSON and nothing else. */
const JSON_PATH = /^\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\])+)\s*$/;
const PATH_STEP = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\]/g;
const SEGMENT = /\{\{([\s\S]*?)\}\}/g;

/** A path's steps, as keys: `.a[0]["b c"]` → ['a', '0', 'b c']. */
function pathSteps(path: string): string[] {
	return [...path.matchAll(PATH_STEP)].map((step) => step[1] ?? step[2] ?? step[3] ?? step[4]);
}

function lookup(json: unknown, steps: string[]): unknown {
	let value = json;
	for (const key of steps) {
		if (value === null || typeof value !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

const isScalar = (value: unknown): value is string | number | boolean =>
	typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/**
 * An expression of literals and `{{ $json.path }}` segments, parsed once: `literals` has one more
 * entry than `paths` (the text before each segment, and after the last); `whole` when the
 * expression is one segment and nothing else.
 */
interface Template {
	literals: string[];
	paths: string[][];
	whole: boolean;
}

/** Parsed templates by expression text (the same few expressions over and over). */
const templates = new Map<string, Template | typeof NOT_SIMPLE>();
const MAX_TEMPLATES = 500;

function parseTemplate(template: string): Template | typeof NOT_SIMPLE {
	const literals: string[] = [];
	const paths: string[][] = [];
	let last = 0;
	for (const match of template.matchAll(SEGMENT)) {
		const path = JSON_PATH.exec(match[1]);
		if (!path) return NOT_SIMPLE;
		const literal = template.slice(last, match.index);
		if (literal.includes('{{') || literal.includes('}}')) return NOT_SIMPLE;
		literals.push(literal);
		paths.push(pathSteps(path[1]));
		last = match.index + match[0].length;
	}
	const rest = template.slice(last);
	if (!paths.length || rest.includes('{{') || rest.includes('}}')) return NOT_SIMPLE;
	literals.push(rest);
	return { literals, paths, whole: paths.length === 1 && literals[0] === '' && rest === '' };
}

function templateOf(template: string): Template | typeof NOT_SIMPLE {
	let parsed = templates.get(template);
	if (parsed === undefined) {
		parsed = parseTemplate(template);
		if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value as string);
		templates.set(template, parsed);
	}
	return parsed;
}

// A parameter's raw value is the same for every item: read once per run.
const rawValues = new WeakMap<object, Map<string, unknown>>();

/**
 * The value n8n would give parameter `name` of item `i` where it needs no evaluation: a plain
 * string, number or boolean as it is; `={{ $json.path }}` as the item's string, number or
 * boolean there; a text around such paths with each replaced by its value. Anything else (other
 * expressions, a missing or non-scalar value, nested parameters) is NOT_SIMPLE, for n8n to evaluate.
 */
function itemLookup(context: IExecuteFunctions, name: string, i: number): unknown {
	if (name.includes('.')) return NOT_SIMPLE;
	const raw = cached(rawValues, context, name, () => {
		try {
			return context.getNodeParameter(name, i, undefined, { rawExpressions: true });
		} catch {
			return NOT_SIMPLE;
		}
	});
	if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
	if (typeof raw !== 'string') return NOT_SIMPLE;
	if (!raw.startsWith('=')) return raw;
	const template = templateOf(raw.slice(1));
	if (template === NOT_SIMPLE) return NOT_SIMPLE;
	const json = context.getInputData()[i]?.json;
	if (!json) return NOT_SIMPLE;
	// The whole parameter is one expression: n8n gives its value, not its text.
	if (template.whole) {
		const value = lookup(json, template.paths[0]);
		return isScalar(value) ? value : NOT_SIMPLE;
	}
	let text = template.literals[0];
	for (let k = 0; k < template.paths.length; k++) {
		const value = lookup(json, template.paths[k]);
		if (!isScalar(value)) return NOT_SIMPLE;
		text += String(value) + template.literals[k + 1];
	}
	return text;
}

/**
 * A setting that cannot differ per item (Throughput's Items in Parallel, Max Calls per Second):
 * read once per run, for the first item, and `fallback` where the context has no such parameter.
 */
export function runParameter<T>(this: unknown, name: string, fallback: T): T {
	const context = this as IExecuteFunctions;
	if (typeof context?.getNodeParameter !== 'function') return fallback;
	return cached(runValues, context, name, () => {
		try {
			return context.getNodeParameter(name, 0, fallback) as T;
		} catch {
			// A trigger's or a load-options context, or no items: nothing to read.
			return fallback;
		}
	}) as T;
}

/** Stops item `i` with a message naming the field (and an optional hint below it). */
export function fail(this: IExecuteFunctions, i: number, message: string, description?: string): never {
	throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
}

export interface IdListOptions {
	/** What separates the ids of a text value; an array is taken element by element. */
	separators: RegExp;
	/** Whether a repeated id is dropped (the first one stays where it was). */
	unique: boolean;
}

/** A text of ids ("a, b", "a|b", one per line…) or an array of them → the ids, blanks dropped, order kept. */
export function idList(value: unknown, options: IdListOptions): string[] {
	const raw = Array.isArray(value) ? value.map((v) => String(v ?? '')) : String(value ?? '').split(options.separators);
	const ids = raw.map((v) => v.trim()).filter(Boolean);
	return options.unique ? [...new Set(ids)] : ids;
}

/** An id parameter, trimmed; empty fails. */
export function requiredId(this: IExecuteFunctions, name: string, i: number, field: string): string {
	const id = String(itemParameter.call(this, name, i, '') ?? '').trim();
	assertNotEmpty.call(this, i, field, id);
	return id;
}

/** The ids of a parameter, at least one. */
export function requiredIds(
	this: IExecuteFunctions,
	name: string,
	i: number,
	field: string,
	options: IdListOptions,
): string[] {
	const ids = idList(itemParameter.call(this, name, i, ''), options);
	if (ids.length === 0) fail.call(this, i, `${field}: give at least one`);
	return ids;
}

export interface JsonParameterOptions {
	/** Only a JSON object will do (not an array, text or number). Default: any JSON. */
	object?: boolean;
	/** A blank text is "not given" (undefined) instead of an error. Default: true. */
	emptyIsAbsent?: boolean;
}

/**
 * A JSON parameter: n8n hands in the text of a JSON field, or the value itself when an expression
 * made an object or array. Without options: any JSON, and a blank field is undefined.
 */
export function jsonParameter(
	this: IExecuteFunctions,
	name: string,
	i: number,
	field: string,
	options: JsonParameterOptions = {},
): unknown {
	const { object = false, emptyIsAbsent = true } = options;
	let value = this.getNodeParameter(name, i, '') as unknown;
	if (typeof value === 'string') {
		if (value.trim() === '') {
			if (emptyIsAbsent) return undefined;
			fail.call(this, i, `${field} is empty: give a JSON ${object ? 'object' : 'value'}`);
		}
		try {
			value = jsonParse(value);
		} catch (error) {
			fail.call(this, i, `${field} is not valid JSON`, (error as Error).message);
		}
	}
	if (object && (!value || typeof value !== 'object' || Array.isArray(value))) {
		fail.call(this, i, `${field} must be a JSON object`);
	}
	return value;
}

/** `list` in runs of at most `size`: one call per run where a platform caps the ids per call. */
export function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
	return out;
}

export function utf8Length(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

/** Platforms that cut long text silently (WeCom) are refused here instead, with the byte count. */
export function assertMaxBytes(this: IExecuteFunctions, i: number, field: string, text: string, max: number): void {
	const length = utf8Length(text);
	if (length > max) {
		fail.call(
			this,
			i,
			`${field}: at most ${max} bytes (UTF-8), got ${length}`,
			'A Chinese character takes 3 bytes in UTF-8. Shorten the text or split it into several messages.',
		);
	}
}

/** Blank (spaces only) counts as empty. */
export function assertNotEmpty(this: IExecuteFunctions, i: number, field: string, text: string): void {
	if (text.trim() === '') fail.call(this, i, `${field} is empty`);
}

export function assertCount(
	this: IExecuteFunctions,
	i: number,
	field: string,
	count: number,
	min: number,
	max: number,
): void {
	if (count < min || count > max) {
		const range = min === max ? `exactly ${min}` : count < min ? `at least ${min}` : `at most ${max}`;
		fail.call(this, i, `${field}: ${range} allowed, got ${count}`);
	}
}

/** One page of a list call: its entries, and the cursor of the next page (undefined or '' = last page). */
export interface Page<T, C extends string | number> {
	items: T[];
	next?: C;
}

export interface PaginateOptions<C extends string | number> {
	/** Entries wanted: Infinity for "Return All". */
	limit: number;
	/** The platform's largest page. */
	pageSize: number;
	/** The cursor (or offset) of the first page. */
	first: C;
}

/**
 * The "Return All" / "Limit" loop of every list operation: asks each page for at most what is
 * still missing, and stops at the limit, at the last page, or at a cursor seen before (a platform
 * that hands back an old cursor would otherwise be paged forever).
 */
export async function paginate<T, C extends string | number>(
	options: PaginateOptions<C>,
	fetchPage: (cursor: C, size: number) => Promise<Page<T, C>>,
): Promise<T[]> {
	const { limit, pageSize } = options;
	const items: T[] = [];
	const seen = new Set<C>([options.first]);
	let cursor = options.first;
	for (;;) {
		const page = await fetchPage(cursor, Math.min(pageSize, limit - items.length));
		items.push(...page.items);
		const next = page.next;
		if (next === undefined || next === '' || seen.has(next) || items.length >= limit) break;
		seen.add(next);
		cursor = next;
	}
	return items.slice(0, limit);
}
