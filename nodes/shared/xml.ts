/**
 * A small, safe XML -> object parser for callback bodies (no xml2js in shipped code).
 *
 * Safety (why this exists instead of a general-purpose parser):
 * - no entity expansion beyond the 5 predefined entities and numeric character references,
 *   so "billion laughs" and external entities (XXE) cannot happen;
 * - any DOCTYPE / ENTITY declaration is rejected outright;
 * - bounded input size, element depth, element count and attribute count (the counts bound the work a forged
 *   body can cost before anything else is checked).
 *
 * Shape of the result (close to xml2js with `explicitArray: false`, without tag normalisation):
 * - `<a>text</a>` -> `{ a: 'text' }`, `<a/>` -> `{ a: '' }`;
 * - child elements -> object keys; a repeated element -> array of its values, in document order;
 * - attributes -> `$: { name: value }`; text next to child elements or attributes -> `_`;
 * - CDATA is text; comments and processing instructions are skipped.
 */

export interface XmlParseOptions {
	/** Maximum input length in characters (default 32 MiB). */
	maxLength?: number;
	/** Maximum element nesting depth (default 64). */
	maxDepth?: number;
	/** Maximum number of elements (default 2 000 000). */
	maxElements?: number;
	/** Maximum number of attributes in the whole document (default 2 000 000). */
	maxAttributes?: number;
}

export class XmlParseError extends Error {
	constructor(
		message: string,
		readonly position: number,
	) {
		super(`${message} (at character ${position})`);
		this.name = 'XmlParseError';
	}
}

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[key: string]: XmlValue | Record<string, string>;
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface Frame {
	name: string;
	children: XmlObject | undefined;
	attributes: Record<string, string> | undefined;
	text: string;
}

/** Sets a key without ever touching the prototype chain (a `<__proto__>` element is just a key). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function addChild(parent: Frame, name: string, value: XmlValue): void {
	if (parent.children === undefined) parent.children = {};
	const children = parent.children;
	if (!Object.prototype.hasOwnProperty.call(children, name)) {
		setOwn(children, name, value);
		return;
	}
	const existing = children[name];
	// A repeated element becomes an array; arrays we built are marked so a value that is itself an array
	// (never produced here) cannot be confused with repetition.
	if (Array.isArray(existing) && REPEATED.has(existing)) {
		existing.push(value);
	} else {
		const list: XmlValue[] = [existing as XmlValue, value];
		REPEATED.add(list);
		setOwn(children, name, list);
	}
}

const REPEATED = new WeakSet<XmlValue[]>();

function frameValue(frame: Frame): XmlValue {
	const text = frame.text;
	if (frame.children === undefined && frame.attributes === undefined) return text;
	const out: XmlObject = frame.children ?? {};
	if (frame.attributes !== undefined) setOwn(out, '$', frame.attributes);
	if (text.trim() !== '') setOwn(out, '_', text);
	return out;
}

function isNameChar(code: number): boolean {
	// Anything that cannot end a name: whitespace, '/', '>', '=', quotes.
	return !(
		code === 0x20 ||
		code === 0x09 ||
		code === 0x0a ||
		code === 0x0d ||
		code === 0x2f ||
		code === 0x3e ||
		code === 0x3d ||
		code === 0x22 ||
		code === 0x27
	);
}

function decodeEntities(raw: string, basePosition: number): string {
	if (raw.indexOf('&') === -1) return raw;
	let out = '';
	let last = 0;
	let amp = raw.indexOf('&');
	while (amp !== -1) {
		const semi = raw.indexOf(';', amp + 1);
		if (semi === -1 || semi - amp > 12) throw new XmlParseError('Unterminated or invalid entity reference', basePosition + amp);
		const name = raw.slice(amp + 1, semi);
		let decoded: string;
		if (name.charCodeAt(0) === 0x23 /* # */) {
			const isHex = name[1] === 'x' || name[1] === 'X';
			const digits = isHex ? name.slice(2) : name.slice(1);
			const valid = isHex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
			const codePoint = valid ? parseInt(digits, isHex ? 16 : 10) : NaN;
			if (!Number.isFinite(codePoint) || codePoint < 1 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
				throw new XmlParseError(`Invalid character reference &${name};`, basePosition + amp);
			}
			decoded = String.fromCodePoint(codePoint);
		} else {
			const known = PREDEFINED_ENTITIES[name];
			if (known === undefined || !Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name)) {
				throw new XmlParseError(`Undefined entity &${name}; (only the 5 predefined entities are allowed)`, basePosition + amp);
			}
			decoded = known;
		}
		out += raw.slice(last, amp) + decoded;
		last = semi + 1;
		amp = raw.indexOf('&', last);
	}
	return out + raw.slice(last);
}

/** Attributes of one start tag; `budget.left` is the document's remaining attribute allowance. */
function parseAttributes(source: string, start: number, end: number, budget: { left: number; max: number }): Record<string, string> | undefined {
	let attributes: Record<string, string> | undefined;
	let i = start;
	while (i < end) {
		const code = source.charCodeAt(i);
		if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) {
			i++;
			continue;
		}
		const nameStart = i;
		while (i < end && isNameChar(source.charCodeAt(i))) i++;
		const name = source.slice(nameStart, i);
		while (i < end && /\s/.test(source[i])) i++;
		if (name === '' || source[i] !== '=') throw new XmlParseError('Malformed attribute', i);
		i++;
		while (i < end && /\s/.test(source[i])) i++;
		const quote = source[i];
		if (quote !== '"' && quote !== "'") throw new XmlParseError('Attribute value must be quoted', i);
		const close = source.indexOf(quote, i + 1);
		if (close === -1 || close > end) throw new XmlParseError('Unterminated attribute value', i);
		const value = source.slice(i + 1, close);
		if (value.indexOf('<') !== -1) throw new XmlParseError("'<' is not allowed in an attribute value", i);
		if (--budget.left < 0) throw new XmlParseError(`More than ${budget.max} attributes`, nameStart);
		if (attributes === undefined) attributes = {};
		setOwn(attributes, name, decodeEntities(value, i + 1));
		i = close + 1;
	}
	return attributes;
}

/** Parses an XML document; returns `{ <rootName>: value }`. Throws XmlParseError on anything malformed or unsafe. */
export function parseXml(source: string, options: XmlParseOptions = {}): XmlObject {
	const maxLength = options.maxLength ?? 32 * 1024 * 1024;
	const maxDepth = options.maxDepth ?? 64;
	const maxElements = options.maxElements ?? 2_000_000;
	const maxAttributes = options.maxAttributes ?? 2_000_000;
	const attributeBudget = { left: maxAttributes, max: maxAttributes };
	if (source.length > maxLength) throw new XmlParseError(`Document larger than ${maxLength} characters`, maxLength);

	const root: Frame = { name: '#document', children: undefined, attributes: undefined, text: '' };
	const stack: Frame[] = [root];
	let elements = 0;
	let rootSeen = false;
	let i = source.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark

	while (i < source.length) {
		const lt = source.indexOf('<', i);
		const textEnd = lt === -1 ? source.length : lt;
		if (textEnd > i) {
			const current = stack[stack.length - 1];
			const raw = source.slice(i, textEnd);
			if (current === root) {
				if (raw.trim() !== '') throw new XmlParseError('Text outside the root element', i);
			} else {
				current.text += decodeEntities(raw, i);
			}
		}
		if (lt === -1) break;
		i = lt;
		const next = source.charCodeAt(i + 1);
		if (next === 0x21 /* ! */) {
			if (source.startsWith('<!--', i)) {
				const end = source.indexOf('-->', i + 4);
				if (end === -1) throw new XmlParseError('Unterminated comment', i);
				i = end + 3;
			} else if (source.startsWith('<![CDATA[', i)) {
				const end = source.indexOf(']]>', i + 9);
				if (end === -1) throw new XmlParseError('Unterminated CDATA section', i);
				if (stack.length === 1) throw new XmlParseError('CDATA outside the root element', i);
				stack[stack.length - 1].text += source.slice(i + 9, end);
				i = end + 3;
			} else {
				// <!DOCTYPE ...>, <!ENTITY ...> and friends: the only road to entity bombs and XXE.
				throw new XmlParseError('DOCTYPE and entity declarations are not allowed', i);
			}
			continue;
		}
		if (next === 0x3f /* ? */) {
			const end = source.indexOf('?>', i + 2);
			if (end === -1) throw new XmlParseError('Unterminated processing instruction', i);
			i = end + 2;
			continue;
		}
		const gt = source.indexOf('>', i + 1);
		if (gt === -1) throw new XmlParseError('Unterminated tag', i);
		if (next === 0x2f /* / */) {
			const name = source.slice(i + 2, gt).trim();
			const frame = stack.pop();
			if (frame === undefined || frame === root || frame.name !== name) {
				throw new XmlParseError(`Unexpected closing tag </${name}>`, i);
			}
			addChild(stack[stack.length - 1], frame.name, frameValue(frame));
			i = gt + 1;
			continue;
		}
		// Start tag. Attribute values may contain '>', so find the real end of the tag outside quotes.
		let tagEnd = gt;
		const firstQuote = source.slice(i, gt).search(/["']/);
		if (firstQuote !== -1) {
			let j = i + firstQuote;
			tagEnd = -1;
			while (j < source.length) {
				const c = source[j];
				if (c === '"' || c === "'") {
					const close = source.indexOf(c, j + 1);
					if (close === -1) throw new XmlParseError('Unterminated attribute value', j);
					j = close + 1;
				} else if (c === '>') {
					tagEnd = j;
					break;
				} else if (c === '<') {
					throw new XmlParseError('Malformed start tag', i);
				} else {
					j++;
				}
			}
			if (tagEnd === -1) throw new XmlParseError('Unterminated tag', i);
		}
		const selfClosing = source.charCodeAt(tagEnd - 1) === 0x2f;
		const innerEnd = selfClosing ? tagEnd - 1 : tagEnd;
		let nameEnd = i + 1;
		while (nameEnd < innerEnd && isNameChar(source.charCodeAt(nameEnd))) nameEnd++;
		const name = source.slice(i + 1, nameEnd);
		if (name === '' || name.indexOf('<') !== -1) throw new XmlParseError('Missing element name', i);
		if (stack.length === 1) {
			if (rootSeen) throw new XmlParseError('More than one root element', i);
			rootSeen = true;
		}
		if (++elements > maxElements) throw new XmlParseError(`More than ${maxElements} elements`, i);
		if (stack.length > maxDepth) throw new XmlParseError(`Elements nested deeper than ${maxDepth}`, i);
		const frame: Frame = {
			name,
			children: undefined,
			attributes: parseAttributes(source, nameEnd, innerEnd, attributeBudget),
			text: '',
		};
		if (selfClosing) addChild(stack[stack.length - 1], name, frameValue(frame));
		else stack.push(frame);
		i = tagEnd + 1;
	}
	if (stack.length !== 1) throw new XmlParseError(`Unclosed element <${stack[stack.length - 1].name}>`, source.length);
	if (!rootSeen || root.children === undefined) throw new XmlParseError('No root element', 0);
	return root.children;
}
