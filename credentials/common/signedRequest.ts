/**
 * Request preparation shared by both signing credentials (n8n-conventions.md §5.5): resolve the absolute URL
 * from baseURL/endpoint + url + qs, drop undefined values, and turn the body into the exact string that is
 * hashed and sent, so that no later layer (axios, qs) can change a signed byte.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { canonicalQuery, encodeRfc3986, parseQueryString, queryPairs, type QueryInput, type QueryValue } from './signing/rfc3986';

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
	/** Query pairs from the url's own query string plus `qs`, unencoded, undefined dropped. */
	query: Array<[string, string]>;
}

function isAbsolute(url: string): boolean {
	return /^https?:\/\//i.test(url);
}

/**
 * Absolute url -> used as is. Relative url -> appended to `baseURL` (if the caller set one) or to the credential's
 * base. A relative `/` (or empty) url means "the API root", i.e. exactly the base path (`/veimagex`, `/vod/cn-shanghai`).
 */
export function resolveTarget(options: IHttpRequestOptions, credentialBase: string): ResolvedTarget {
	const url = options.url ?? '';
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
	const query = [
		...parseQueryString(target.search),
		...queryPairs(toQueryInput(options.qs)),
	];
	return { origin: target.origin, host: target.host, path: target.pathname || '/', query };
}

/** The url actually sent: the resolved target with `query` in canonical order, so the signed bytes are the sent bytes. */
export function signedUrl(target: ResolvedTarget, query: Array<[string, string]>): string {
	const canonical = canonicalQuery(query);
	return `${target.origin}${target.path}${canonical ? `?${canonical}` : ''}`;
}

function splitQuery(url: string): [string, string] {
	const index = url.indexOf('?');
	return index < 0 ? [url, ''] : [url.slice(0, index), url.slice(index)];
}

/** n8n's qs is an IDataObject; nested objects are sent as compact JSON (the clouds take JSON strings). */
export function toQueryInput(qs: IDataObject | undefined): QueryInput {
	const out: QueryInput = {};
	for (const [key, value] of Object.entries(qs ?? {})) {
		out[key] = toQueryValue(value);
	}
	return out;
}

function toQueryValue(value: unknown): QueryValue | QueryValue[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (Array.isArray(value)) {
		return value
			.map((v) => toQueryValue(v))
			.filter((v): v is QueryValue => v !== undefined && !Array.isArray(v));
	}
	if (typeof value === 'object') return JSON.stringify(value);
	return value as QueryValue;
}

/** Headers without undefined/null values and without the names the signer sets itself (any casing). */
export function cleanHeaders(headers: IDataObject | undefined, replaced: string[]): Record<string, string> {
	const drop = new Set(replaced.map((name) => name.toLowerCase()));
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null || drop.has(name.toLowerCase())) continue;
		out[name] = String(value);
	}
	return out;
}

export function findHeader(headers: Record<string, string>, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : headers[key];
}

export type BodyKind = 'none' | 'raw' | 'json' | 'form';

export interface SerialisedBody {
	kind: BodyKind;
	/** The exact bytes sent and hashed ('' for no body). */
	payload: string | Buffer;
	/** Form bodies only: the pairs, for signers that sign form parameters (Alibaba RPC). */
	formPairs?: Array<[string, string]>;
}

function isFormContentType(contentType: string | undefined): boolean {
	return /application\/x-www-form-urlencoded/i.test(contentType ?? '');
}

/** RFC 3986 form encoding (space -> %20): the same bytes every signer here would compute. */
export function encodeForm(pairs: Array<[string, string]>): string {
	return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
}

/**
 * Body -> exact string. `preferForm` selects urlencoded for plain objects (Alibaba), otherwise JSON (Volcengine).
 * A form-typed string body is parsed back into pairs so RPC signing can include them.
 */
export function serialiseBody(
	body: IHttpRequestOptions['body'],
	contentType: string | undefined,
	preferForm: boolean,
): SerialisedBody {
	if (body === undefined || body === null || body === '') return { kind: 'none', payload: '' };
	if (Buffer.isBuffer(body)) return { kind: 'raw', payload: body };
	if (typeof body === 'string') {
		return isFormContentType(contentType)
			? { kind: 'form', payload: body, formPairs: parseQueryString(body) }
			: { kind: 'raw', payload: body };
	}
	if (body instanceof URLSearchParams) {
		const formPairs = [...body.entries()];
		return { kind: 'form', payload: encodeForm(formPairs), formPairs };
	}
	if (typeof body === 'object' && typeof (body as { getHeaders?: unknown }).getHeaders === 'function') {
		// Multipart streams cannot be hashed before they are sent.
		throw new Error('Multipart (form-data) bodies cannot be signed; send JSON or a urlencoded form instead');
	}
	if (typeof body === 'object') {
		if (Object.keys(body).length === 0) return { kind: 'none', payload: '' };
		if (preferForm || isFormContentType(contentType)) {
			const formPairs = queryPairs(toQueryInput(body as IDataObject));
			return { kind: 'form', payload: encodeForm(formPairs), formPairs };
		}
		return { kind: 'json', payload: JSON.stringify(body) };
	}
	return { kind: 'raw', payload: String(body) };
}
