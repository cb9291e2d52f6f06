/**
 * Request preparation shared by both signing credentials (n8n-conventions.md §5.5). `authenticate` receives two
 * request shapes: `IHttpRequestOptions` from nodes (`url`, `baseURL`, `qs`, `body`) and the legacy request-library
 * shape of n8n's HTTP Request node (address in `uri`, query typed in it and/or in `qs`, urlencoded bodies in `form`,
 * multipart in `formData`, `json`, `qsStringifyOptions`); n8n sends `url ?? uri`. Both are reduced here to one
 * target (where the request really goes), the headers, and the exact body bytes, so that the signature covers what
 * is on the wire and no later layer (axios, qs) can change a signed byte.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NO_BODY, serialiseBody, wireBody, type SerialisedBody } from './requestBody';
import { canonicalPairs, parseQueryString } from './signing/rfc3986';
import { objectPairs, type ArrayFormat } from './queryInput';

/** What n8n may pass to `authenticate`: IHttpRequestOptions plus the legacy fields of the HTTP Request node. */
export type N8nRequestOptions = Omit<IHttpRequestOptions, 'url'> & {
	url?: string;
	uri?: string | { toString(): string };
	form?: IDataObject | string;
	formData?: unknown;
	qsStringifyOptions?: { arrayFormat?: string };
	useQuerystring?: boolean;
};

/** Fields that must not reach the HTTP client once the request is signed (the url replaces them all). */
const CONSUMED_FIELDS = new Set(['uri', 'form', 'formData', 'qsStringifyOptions', 'useQuerystring', 'qs', 'baseURL']);

/** A credential field as text, trimmed ('' when unset). */
export function credentialText(creds: ICredentialDataDecryptedObject, key: string): string {
	const value = creds[key];
	return typeof value === 'string' ? value.trim() : '';
}

export interface ResolvedTarget {
	/** `scheme://host[:port]` */
	origin: string;
	/** Host header value as the HTTP client sends it (default ports stripped). */
	host: string;
	/** Path exactly as sent, e.g. `/`, `/veimagex`. */
	path: string;
	/** Query pairs typed in the url, then those of `qs`; unencoded, undefined dropped, repeated keys kept. */
	query: Array<[string, string]>;
}

export interface PreparedRequest {
	method: string;
	target: ResolvedTarget;
	/** The caller's headers without undefined values, the signer's own names and Content-Length. */
	headers: Record<string, string>;
	/** Value of the Content-Type header in `headers` (set it with `setContentType`). */
	contentType: string | undefined;
	body: SerialisedBody;
}

/** Adds the Content-Type a signer chose when the caller gave none. */
export function setContentType(prepared: PreparedRequest, value: string): void {
	prepared.headers['Content-Type'] = value;
	prepared.contentType = value;
}

export interface PrepareOptions {
	/** Endpoint override or region host: only completes a relative url. */
	credentialBase: string;
	/** Header names the signer sets itself, from `ownHeaders()`: a caller's value would be replaced. */
	ownHeaders: OwnHeaders;
	/** Plain-object bodies without a Content-Type become a urlencoded form (Alibaba) instead of JSON (Volcengine). */
	preferForm: boolean;
	/** Method when the request names none. */
	defaultMethod: string;
}

/** One request shape for both signers; an absolute `url`/`uri` is used exactly as given (scheme, host, path, query). */
export function prepareRequest(options: N8nRequestOptions, how: PrepareOptions): PreparedRequest {
	const method = (options.method ?? how.defaultMethod).toUpperCase();
	const arrayFormat = arrayFormatOf(options);
	const target = resolveTarget(options, how.credentialBase, arrayFormat);
	const headers = cleanHeaders(options.headers, how.ownHeaders);
	const contentType = findHeader(headers, 'content-type');
	// A GET/HEAD body is never sent (n8n's node transport drops it); signing it would break the signature.
	const body =
		method === 'GET' || method === 'HEAD'
			? NO_BODY
			: serialiseBody(options, contentType, how.preferForm, arrayFormat);
	return { method, target, headers, contentType, body };
}

/** `arrayFormat` (nodes) or the HTTP Request node's "Array Format in Query Parameters"; repeated keys otherwise. */
function arrayFormatOf(options: N8nRequestOptions): ArrayFormat {
	const format = options.arrayFormat ?? options.qsStringifyOptions?.arrayFormat;
	return format === 'indices' || format === 'brackets' || format === 'comma' ? format : 'repeat';
}

function isAbsolute(url: string): boolean {
	return /^https?:\/\//i.test(url);
}

/**
 * Absolute url -> used as is. Relative url -> appended to `baseURL` (if the caller set one) or to the credential's
 * base. A relative `/` (or empty) url means "the API root", i.e. exactly the base path (`/veimagex`, `/vod/cn-shanghai`).
 */
export function resolveTarget(options: N8nRequestOptions, credentialBase: string, arrayFormat: ArrayFormat = 'repeat'): ResolvedTarget {
	const url = String(options.url ?? options.uri ?? '').trim();
	let origin: string;
	let host: string;
	let path: string;
	let search: string;
	if (isAbsolute(url)) {
		const target = new URL(url);
		({ origin, host, search } = target);
		path = target.pathname || '/';
	} else {
		const base = parsedBase(options.baseURL || credentialBase);
		({ origin, host } = base);
		const [relPath, relQuery] = splitQuery(url);
		search = relQuery;
		if (relPath === '' || relPath === '/') {
			path = base.path || '/';
		} else {
			// Let URL percent-encode the joined path exactly as it would for an absolute url.
			const joined = new URL(origin);
			joined.pathname = base.path + (relPath.startsWith('/') ? relPath : `/${relPath}`);
			path = joined.pathname;
		}
	}
	const typed = search === '' || search === '?' ? [] : parseQueryString(search);
	const query = options.qs ? [...typed, ...objectPairs(options.qs, arrayFormat)] : typed;
	return { origin, host, path, query };
}

interface ParsedBase {
	origin: string;
	host: string;
	/** Path prefix without trailing slash ('' for the root). */
	path: string;
}

/** Credential bases are few and reused on every request: parse each once. */
const parsedBases = new Map<string, ParsedBase>();

function parsedBase(base: string): ParsedBase {
	let parsed = parsedBases.get(base);
	if (!parsed) {
		const url = new URL(base.replace(/\/+$/, ''));
		parsed = { origin: url.origin, host: url.host, path: url.pathname === '/' ? '' : url.pathname };
		if (parsedBases.size >= 64) parsedBases.clear();
		parsedBases.set(base, parsed);
	}
	return parsed;
}

/** Hostname of a base url (cached like the rest of it). */
export function baseHostname(base: string): string {
	return parsedBase(base).host.replace(/:\d+$/, '');
}

/** The url actually sent: the target with its query in canonical order, so the signed bytes are the sent bytes. */
export function signedUrl(target: ResolvedTarget, encodedPairs: string[] = canonicalPairs(target.query)): string {
	return `${target.origin}${target.path}${encodedPairs.length > 0 ? `?${encodedPairs.join('&')}` : ''}`;
}

function splitQuery(url: string): [string, string] {
	const index = url.indexOf('?');
	return index < 0 ? [url, ''] : [url.slice(0, index), url.slice(index)];
}

/** Lower-case header names a signer replaces, plus Content-Length (the HTTP client computes it for the sent body). */
export interface OwnHeaders {
	names: ReadonlySet<string>;
	/** e.g. `x-acs-`: every header with this prefix is the signer's. */
	prefix?: string;
}

export function ownHeaders(names: readonly string[], prefix?: string): OwnHeaders {
	return { names: new Set([...names, 'Content-Length'].map((name) => name.toLowerCase())), prefix };
}

/** Headers without undefined/null values and without the names the signer sets itself (any casing). */
export function cleanHeaders(headers: IDataObject | undefined, own: OwnHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name in headers) {
		const value = headers[name];
		if (value === undefined || value === null) continue;
		const lower = name.toLowerCase();
		if (own.names.has(lower) || (own.prefix !== undefined && lower.startsWith(own.prefix))) continue;
		out[name] = String(value);
	}
	return out;
}

export function findHeader(headers: Record<string, string>, name: string): string | undefined {
	const lower = name.toLowerCase();
	for (const key in headers) {
		if (key.toLowerCase() === lower) return headers[key];
	}
	return undefined;
}

/**
 * The signed request in the shape every n8n transport sends as-is: absolute `url` with the canonical query, no
 * `qs`/`baseURL`, no legacy `uri`/`form`/`formData`, and the body as the exact bytes that were hashed.
 */
export function signedOptions(
	options: N8nRequestOptions,
	prepared: PreparedRequest,
	url: string,
	headers: Record<string, string>,
): IHttpRequestOptions {
	const signed: Record<string, unknown> = {};
	for (const key in options) {
		if (!CONSUMED_FIELDS.has(key)) signed[key] = (options as Record<string, unknown>)[key];
	}
	signed.method = prepared.method;
	signed.url = url;
	signed.headers = headers;
	signed.body = wireBody(prepared.body, prepared.contentType);
	return signed as unknown as IHttpRequestOptions;
}
