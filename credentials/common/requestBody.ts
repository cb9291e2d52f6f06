/**
 * Request bodies, in every form n8n hands them to `authenticate`, turned into the exact bytes that are hashed and
 * sent: objects (JSON or urlencoded), JSON/raw strings, Buffers, URLSearchParams, and the HTTP Request node's
 * `form` field. Multipart bodies are refused: their bytes (boundary, streams) are only known while sending.
 */
import type { IDataObject } from 'n8n-workflow';
import { objectPairs, type ArrayFormat } from './queryInput';
import { encodeRfc3986, parseQueryString } from './signing/rfc3986';

export type BodyKind = 'none' | 'raw' | 'json' | 'form';

export interface SerialisedBody {
	kind: BodyKind;
	/** The exact bytes hashed ('' for no body). */
	payload: string | Buffer;
	/** Form bodies only: the pairs, for signers that sign form parameters (Alibaba RPC). */
	formPairs?: Array<[string, string]>;
}

export const NO_BODY: SerialisedBody = { kind: 'none', payload: '' };

/** The body fields `serialiseBody` reads (a subset of both n8n request shapes). */
export interface BodySource {
	body?: unknown;
	form?: IDataObject | string;
	formData?: unknown;
}

export const MULTIPART_REFUSED =
	'Multipart (form-data) bodies cannot be signed: their bytes are only fixed while sending. ' +
	'Send the parameters as Form Urlencoded, JSON or Raw instead (in the HTTP Request node: Body Content Type).';

function isFormContentType(contentType: string | undefined): boolean {
	return /application\/x-www-form-urlencoded/i.test(contentType ?? '');
}

/** True for a readable stream (e.g. a binary file the HTTP Request node streams from n8n's binary store). */
export function isStream(body: unknown): body is NodeJS.ReadableStream {
	return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/** RFC 3986 form encoding (space -> %20): the same bytes every signer here would compute. */
export function encodeForm(pairs: Array<[string, string]>): string {
	return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
}

function formFromObject(value: IDataObject, arrayFormat: ArrayFormat): SerialisedBody {
	const formPairs = objectPairs(value, arrayFormat);
	return formPairs.length === 0 ? NO_BODY : { kind: 'form', payload: encodeForm(formPairs), formPairs };
}

function formFromString(value: string): SerialisedBody {
	return value === '' ? NO_BODY : { kind: 'form', payload: value, formPairs: parseQueryString(value) };
}

/**
 * Body -> exact bytes. `preferForm` selects urlencoded for plain objects without a Content-Type (Alibaba),
 * otherwise JSON (Volcengine). A form-typed string or Buffer is parsed back into pairs so RPC can sign them.
 */
export function serialiseBody(
	source: BodySource,
	contentType: string | undefined,
	preferForm: boolean,
	arrayFormat: ArrayFormat,
): SerialisedBody {
	const { body, form } = source;
	if (source.formData !== undefined || /multipart\//i.test(contentType ?? '')) throw new Error(MULTIPART_REFUSED);
	if (typeof body === 'object' && body !== null && typeof (body as { getHeaders?: unknown }).getHeaders === 'function') {
		throw new Error(MULTIPART_REFUSED);
	}
	if (isStream(body)) throw new Error('A streamed body must be read into a Buffer before it is signed');
	if (form !== undefined && form !== null && (body === undefined || body === null)) {
		return typeof form === 'string' ? formFromString(form) : formFromObject(form, arrayFormat);
	}
	if (body === undefined || body === null || body === '') return NO_BODY;
	if (Buffer.isBuffer(body)) {
		if (body.length === 0) return NO_BODY;
		return isFormContentType(contentType)
			? { kind: 'form', payload: body, formPairs: parseQueryString(body.toString('utf8')) }
			: { kind: 'raw', payload: body };
	}
	if (typeof body === 'string') return isFormContentType(contentType) ? formFromString(body) : { kind: 'raw', payload: body };
	if (body instanceof URLSearchParams) {
		const formPairs = [...body.entries()];
		return formPairs.length === 0 ? NO_BODY : { kind: 'form', payload: encodeForm(formPairs), formPairs };
	}
	if (typeof body === 'object') {
		// The legacy request layer merges `form` into an object body; so do we, before hashing.
		const merged = form !== undefined && typeof form === 'object' ? { ...(body as IDataObject), ...form } : (body as IDataObject);
		if (Object.keys(merged).length === 0) return NO_BODY;
		if (preferForm || isFormContentType(contentType)) return formFromObject(merged, arrayFormat);
		return { kind: 'json', payload: JSON.stringify(merged) };
	}
	return { kind: 'raw', payload: String(body) };
}

/**
 * The body handed to the HTTP client, chosen so that neither n8n transport changes a byte: axios re-serialises a
 * JSON-typed string that is not already trimmed, valid JSON (it trims it or quotes it), so such text goes as a
 * Buffer; the legacy layer re-encodes any non-string body whose Content-Type is exactly the form type, so forms go
 * as strings.
 */
export function wireBody(body: SerialisedBody, contentType: string | undefined): string | Buffer | undefined {
	if (body.kind === 'none') return undefined;
	const { payload } = body;
	if (Buffer.isBuffer(payload)) {
		if (!isFormContentType(contentType)) return payload;
		const text = payload.toString('utf8');
		return Buffer.byteLength(text) === payload.length && Buffer.from(text, 'utf8').equals(payload) ? text : payload;
	}
	if (body.kind === 'json' || !/application\/json/i.test(contentType ?? '')) return payload;
	return isTrimmedJson(payload) ? payload : Buffer.from(payload, 'utf8');
}

function isTrimmedJson(text: string): boolean {
	if (text !== text.trim()) return false;
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** Reads a streamed body (the HTTP Request node's binary upload) into one Buffer, so it can be hashed and resent. */
export async function bufferBody<T extends BodySource>(options: T): Promise<T> {
	const chunks: Buffer[] = [];
	for await (const chunk of options.body as AsyncIterable<Buffer | string>) {
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	}
	return { ...options, body: Buffer.concat(chunks) };
}
