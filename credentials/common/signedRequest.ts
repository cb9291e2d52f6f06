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
import { toQueryInput, toQueryPairs, type ArrayFormat } from './queryInput';

/** What n8n may pass to `authenticate`: IHttpRequestOptions plus the legacy fields of the HTTP Request node. */
export type N8nRequestOptions = Omit<IHttpRequestOptions, 'url'> & {
	url?: string;
	uri?: string | { toString(): string };
	form?: IDataObject | string;
	formData?: unknown;
	qsStringifyOptions?: { arrayFormat?: string };
	useQuerystring?: boolean;
};

/** Legacy fields that must not reach the HTTP client once the request is signed. */
const LEGACY_FIELDS = ['uri', 'form', 'formData', 'qsStringifyOptions', 'useQuerystring'] as const;

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
	body: SerialisedBody;
}

export interface PrepareOptions {
	/** Endpoint override or region host: only completes a relative url. */
	credentialBase: string;
	/** Header names the signer sets itself (a caller's value would be replaced, any casing). */
	ownHeaders: readonly string[];
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
	const headers = cleanHeaders(options.headers, [...how.ownHeaders, 'Content-Length']);
	// A GET/HEAD body is never sent (n8n's node transport drops it); signing it would break the signature.
	const body =
		method === 'GET' || method === 'HEAD'
			? NO_BODY
			: serialiseBody(options, findHeader(headers, 'content-type'), how.preferForm, arrayFormat);
	return { method, target, headers, body };
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
	let target: URL;
	if (isAbsolute(url)) {
		target = new URL(url);
	} else {
		const base = new URL((options.baseURL || credentialBase).replace(/\/+$/, ''));
		const [relPath, relQuery] = splitQuery(url);
		const basePath = base.pathname === '/' ? '' : base.pathname;
		const suffix = relPath === '' || relPath === '/' ? '' : relPath.startsWith('/') ? relPath : `/${relPath}`;
		target = new URL(base.origin);
		target.pathname = basePath + suffix || '/';
		target.search = relQuery;
	}
	const typed = target.search === '' ? [] : parseQueryString(target.search);
	const query = options.qs ? [...typed, ...toQueryPairs(toQueryInput(options.qs), arrayFormat)] : typed;
	return { origin: target.origin, host: target.host, path: target.pathname || '/', query };
}

/** The url actually sent: the target with its query in canonical order, so the signed bytes are the sent bytes. */
export function signedUrl(target: ResolvedTarget, encodedPairs: string[] = canonicalPairs(target.query)): string {
	return `${target.origin}${target.path}${encodedPairs.length > 0 ? `?${encodedPairs.join('&')}` : ''}`;
}

function splitQuery(url: string): [string, string] {
	const index = url.indexOf('?');
	return index < 0 ? [url, ''] : [url.slice(0, index), url.slice(index)];
}

/** Headers without undefined/null values and without the names the signer sets itself (any casing). */
export function cleanHeaders(headers: IDataObject | undefined, replaced: readonly string[]): Record<string, string> {
	const drop = new Set(replaced.map((name) => name.toLowerCase()));
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null || drop.has(name.toLowerCase())) continue;
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
	const signed = {
		...options,
		method: prepared.method as IHttpRequestOptions['method'],
		url,
		baseURL: undefined,
		qs: undefined,
		headers,
		body: wireBody(prepared.body, findHeader(headers, 'content-type')),
	} as IHttpRequestOptions & Record<string, unknown>;
	for (const field of LEGACY_FIELDS) delete signed[field];
	return signed;
}
