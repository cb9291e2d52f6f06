/**
 * Typed readers for node parameters. An expression can resolve to anything (an object, a list, true, NaN, a
 * string of 20 000 characters, text with a line break), and n8n hands it over unchanged: sent as it is it becomes
 * "[object Object]", a repeated query key or a provider 404. Every reader refuses what the field cannot mean with
 * a NodeOperationError naming the field, the item and the fix, before any request is sent.
 */
import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { fieldError } from './errors';

/** Where a value comes from: the node and the item, for the error. */
export interface At {
	node: INode;
	itemIndex: number;
}

export function at(fns: Pick<IExecuteFunctions, 'getNode'>, itemIndex: number): At {
	return { node: fns.getNode(), itemIndex };
}

/** The longest ID accepted: provider IDs are far shorter, and longer values only come back as HTTP 431 or 404. */
export const MAX_ID_LENGTH = 128;
export const MAX_URL_LENGTH = 2048;
export const MAX_TEXT_LENGTH = 10_000;

/** `problem` for the field at item `at.itemIndex`; the message says which item, the description how to fix it. */
export function inputError(where: At, field: string, problem: string, fix: string) {
	return fieldError(where.node, where.itemIndex, field, `${problem} (item ${where.itemIndex})`, fix);
}

/** C0 and C1 control characters (line breaks, tabs, NUL…); a loop, as lint refuses control characters in a regex. */
function hasControlCharacter(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
	}
	return false;
}

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'boolean') return `the boolean ${String(value)}`;
	if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

function quote(text: string): string {
	return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

export interface TextRules {
	/** Empty (or missing) is an error; otherwise '' is returned for it. */
	required?: boolean;
	maxLength?: number;
	/** One line: control characters (line breaks, tabs…) are refused, e.g. for a storage URI or a name. */
	singleLine?: boolean;
	/** What an empty value is called in the message (default "is empty"). */
	emptyProblem?: string;
	/** Said when the field is empty or of the wrong type. */
	fix: string;
}

/**
 * A text field: a string, or a finite number written as text. Objects, lists, booleans and NaN are refused —
 * sending them would send "[object Object]", "a,b" or "true".
 */
export function checkText(where: At, field: string, value: unknown, rules: TextRules): string {
	let text: string;
	if (value === undefined || value === null) text = '';
	else if (typeof value === 'string') text = value.trim();
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else throw inputError(where, field, `expected text but the value is ${kindOf(value)}`, `${rules.fix} If an expression sets it, make it return a single text value (e.g. {{ $json.id }}, not the whole object or a list).`);
	if (rules.required && text === '') throw inputError(where, field, rules.emptyProblem ?? 'is empty', rules.fix);
	const max = rules.maxLength ?? MAX_TEXT_LENGTH;
	if (text.length > max) throw inputError(where, field, `is ${text.length} characters long, at most ${max} are accepted`, rules.fix);
	if (rules.singleLine && hasControlCharacter(text)) {
		throw inputError(where, field, `${quote(text)} contains a line break, tab or other control character`, `${rules.fix} Remove the invisible characters.`);
	}
	return text;
}
const ID_FORBIDDEN = /[\s&?#/\\]/;

/** An ID sent as a query or body value: text without control characters, blanks or `& ? # / \`, at most 128 long. */
export function checkId(where: At, field: string, value: unknown, rules: TextRules): string {
	const id = checkText(where, field, value, { ...rules, maxLength: Number.MAX_SAFE_INTEGER });
	if (hasControlCharacter(id)) throw inputError(where, field, `${quote(id)} contains a control character (line break, tab…)`, `${rules.fix} Remove line breaks and other invisible characters.`);
	const forbidden = ID_FORBIDDEN.exec(id);
	if (forbidden) {
		const what = /\s/.test(forbidden[0]) ? 'a space' : `"${forbidden[0]}"`;
		throw inputError(where, field, `${quote(id)} contains ${what}, which no ID has`, `${rules.fix} Enter the ID alone, not a URL or a list.`);
	}
	const max = rules.maxLength ?? MAX_ID_LENGTH;
	if (id.length > max) throw inputError(where, field, `is ${id.length} characters long, an ID has at most ${max}`, rules.fix);
	return id;
}

/**
 * Several IDs: a list from an expression, or text separated by commas, semicolons or blanks. Each must be an ID
 * (a list of objects is refused, not turned into "[object", "Object]").
 */
export function checkIdList(where: At, field: string, value: unknown, rules: TextRules & { separators?: RegExp }): string[] {
	let parts: unknown[];
	if (Array.isArray(value)) parts = value;
	else if (value === undefined || value === null) parts = [];
	else parts = checkText(where, field, value, { ...rules, required: false, maxLength: Number.MAX_SAFE_INTEGER }).split(rules.separators ?? /[\s,;]+/);
	const ids: string[] = [];
	for (const part of parts) {
		if (typeof part === 'string' && part.trim() === '') continue;
		ids.push(checkId(where, field, part, { ...rules, required: true }));
	}
	if (rules.required && ids.length === 0) throw inputError(where, field, rules.emptyProblem ?? 'is empty', rules.fix);
	return [...new Set(ids)];
}

export interface NumberRules {
	min: number;
	max: number;
	/** Whole numbers only. */
	integer?: boolean;
	/** Used when the field is not set at all (undefined / null). */
	default?: number;
	fix: string;
}

/** A number: a finite number or numeric text, in range. "ten", NaN, Infinity, true and objects are refused. */
export function checkNumber(where: At, field: string, value: unknown, rules: NumberRules): number {
	const range = `between ${rules.min} and ${rules.max}`;
	if ((value === undefined || value === null) && rules.default !== undefined) return rules.default;
	let number: number;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && value.trim() !== '') number = Number(value.trim());
	else throw inputError(where, field, value === '' ? 'is empty' : `expected a number but the value is ${kindOf(value)}`, `Enter a number ${range}. ${rules.fix}`);
	if (!Number.isFinite(number)) {
		throw inputError(where, field, `${typeof value === 'string' ? quote(value) : String(value)} is not a number`, `Enter a number ${range}. ${rules.fix}`);
	}
	if (rules.integer && !Number.isInteger(number)) throw inputError(where, field, `${number} is not a whole number`, `Enter a whole number ${range}. ${rules.fix}`);
	if (number < rules.min || number > rules.max) throw inputError(where, field, `${number} is out of range`, `Enter a number ${range}. ${rules.fix}`);
	return number;
}

/** A true/false switch; the texts "true" and "false" from an expression count, anything else is refused. */
export function checkBoolean(where: At, field: string, value: unknown, fallback: boolean): boolean {
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw inputError(where, field, `expected true or false but the value is ${kindOf(value)}`, 'Switch it on or off, or make the expression return true or false.');
}

/** One of the listed values (an options field an expression may set to anything). */
export function checkOption<T extends string>(where: At, field: string, value: unknown, allowed: readonly T[], fallback?: T): T {
	if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	const got = typeof value === 'string' ? quote(value) : kindOf(value);
	throw inputError(where, field, `${got} is not one of the choices`, `Use one of: ${allowed.join(', ')}.`);
}

/** Several of the listed values (a multi-options field). */
export function checkOptions<T extends string>(where: At, field: string, value: unknown, allowed: readonly T[]): T[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((entry) => entry.trim()) : [value];
	return [...new Set(list.map((entry) => checkOption(where, field, entry, allowed)))];
}

/**
 * An http(s) URL another system will call or fetch. Line breaks, tabs and other control characters are refused
 * (they would split a header or a callback request), as are blanks and over-long values.
 */
export function checkUrl(where: At, field: string, value: unknown, rules: TextRules & { maxLength?: number }): string {
	const url = checkText(where, field, value, { ...rules, maxLength: Number.MAX_SAFE_INTEGER });
	if (url === '') return url;
	if (hasControlCharacter(url)) throw inputError(where, field, `${quote(url)} contains a line break, tab or other control character`, `${rules.fix} Remove the invisible characters.`);
	if (/\s/.test(url)) throw inputError(where, field, `${quote(url)} contains a space`, `${rules.fix} Encode spaces as %20.`);
	const max = rules.maxLength ?? MAX_URL_LENGTH;
	if (url.length > max) throw inputError(where, field, `is ${url.length} characters long, at most ${max} are accepted`, rules.fix);
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
		throw inputError(where, field, `${quote(url)} is not an http(s) URL`, rules.fix);
	}
	return url;
}

/** The values of an options / multiOptions property, so checks and the UI list never drift apart. */
export function choicesOf(property: INodeProperties): string[] {
	return (property.options ?? []).flatMap((option) => ('value' in option && typeof option.value === 'string' ? [option.value] : []));
}
