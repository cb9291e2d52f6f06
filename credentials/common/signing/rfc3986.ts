/**
 * RFC 3986 encoding and canonical query strings, shared by the Volcengine and Alibaba Cloud signers.
 * Both clouds hash the canonical query, so the same string must be used on the wire: never let an HTTP
 * client re-encode it (WHATWG/`querystring` keep `*!'()` raw or turn spaces into `+`).
 */

export type QueryValue = string | number | boolean;
export type QueryInput = Record<string, QueryValue | QueryValue[] | undefined | null>;

/** Unreserved = A-Z a-z 0-9 - _ . ~ ; everything else as upper-case %XX of its UTF-8 bytes. */
export function encodeRfc3986(value: string): string {
	const encoded = encodeURIComponent(value);
	// Most values have none of the five characters encodeURIComponent leaves raw: skip the replace then.
	return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (c) => SUB_DELIM_CODES[c]) : encoded;
}

const SUB_DELIMS = /[!'()*]/;
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;
const SUB_DELIMS_ALL = /[!'()*]/g;
const SUB_DELIM_CODES: Readonly<Record<string, string>> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };

function compareBytes(a: string, b: string): number {
	// Encoded strings are pure ASCII, so code-unit order is byte order (no locale collation).
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Encode keys and values, sort by key then value (byte order), join with `&`. Empty value -> `k=`. */
export function canonicalQuery(pairs: Array<[string, string]>): string {
	return canonicalPairs(pairs).join('&');
}

/** The encoded `k=v` strings of `canonicalQuery`, in canonical order (callers may merge more in place). */
export function canonicalPairs(pairs: Array<[string, string]>): string[] {
	return pairs
		.map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as [string, string])
		.sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]))
		.map(([k, v]) => `${k}=${v}`);
}

/**
 * Adds one pair, encoded, to a `canonicalPairs` list at its canonical place. Key and value are compared apart:
 * comparing whole `k=v` strings would put `a1=…` before `a=…`.
 */
export function insertCanonicalPair(sorted: string[], key: string, value: string): string[] {
	const k = encodeRfc3986(key);
	const v = encodeRfc3986(value);
	let index = 0;
	while (index < sorted.length) {
		const eq = sorted[index].indexOf('=');
		const existingKey = sorted[index].slice(0, eq);
		const order = compareBytes(existingKey, k) || compareBytes(sorted[index].slice(eq + 1), v);
		if (order > 0) break;
		index++;
	}
	return [...sorted.slice(0, index), `${k}=${v}`, ...sorted.slice(index)];
}

/** Object -> pairs: undefined/null dropped (also inside arrays), arrays become repeated keys. */
export function queryPairs(q: QueryInput): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const [key, value] of Object.entries(q)) {
		const values = Array.isArray(value) ? value : [value];
		for (const v of values) {
			if (v === undefined || v === null) continue;
			pairs.push([key, String(v)]);
		}
	}
	return pairs;
}

/** Inverse of the wire form: `a=1&b=x%20y` -> pairs (`+` is treated as a space, as servers do). */
export function parseQueryString(query: string): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const part of query.replace(/^\?/, '').split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const rawKey = eq < 0 ? part : part.slice(0, eq);
		const rawValue = eq < 0 ? '' : part.slice(eq + 1);
		pairs.push([decodeComponent(rawKey), decodeComponent(rawValue)]);
	}
	return pairs;
}

function decodeComponent(value: string): string {
	const spaced = value.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

/**
 * Canonical URI: each path segment RFC 3986-encoded, `/` kept. Accepts the path raw or already
 * percent-encoded (segments are decoded first), so a signer and a verifier that sees the wire path agree.
 */
export function canonicalUri(path: string): string {
	if (path === '') return '/';
	// Nothing to decode or encode (the usual `/` or `/vod/cn-shanghai`): the path is its own canonical form.
	if (PLAIN_PATH.test(path)) return path;
	return path
		.split('/')
		.map((segment) => encodeRfc3986(decodeComponent(segment.replace(/\+/g, '%2B'))))
		.join('/');
}
