/**
 * The one secret scrubber: every node error and output passes through it. A secret can come back from a provider
 * or an HTTP library in many spellings (the raw value, URL-encoded in a query or string-to-sign, JSON-escaped inside
 * an echoed body, base64 inside a token or an Authorization header), so each secret is expanded into all of these
 * forms once and every string is searched for all of them in one pass.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export const REDACTED = '[redacted]';

/** Shorter values would mask ordinary words; a real secret is never this short. */
const MIN_SECRET_LENGTH = 4;
/** A base64 fragment shorter than this (a secret cut by base64 alignment) matches too much random text. */
const MIN_FRAGMENT_LENGTH = 6;

/** RFC 3986 encoding as the signers use it (encodeURIComponent leaves !'()* alone). */
function rfc3986(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The base64 text a secret becomes wherever it starts inside a longer base64 string: at byte offset 0, 1 or 2 of a
 * 3-byte group. Characters that also depend on neighbouring bytes are cut off, so each fragment is exact.
 */
function base64Fragments(value: string): string[] {
	const bytes = Buffer.from(value, 'utf8');
	const fragments: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
		const start = offset === 0 ? 0 : offset + 1;
		const totalBits = (offset + bytes.length) * 8;
		const exactChars = Math.floor(totalBits / 6);
		for (const text of [encoded.slice(start, exactChars), encoded.slice(start)]) {
			if (text.length >= MIN_FRAGMENT_LENGTH) fragments.push(text, text.replace(/\+/g, '-').replace(/\//g, '_'));
		}
	}
	return fragments;
}

const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);

/** The layers a value gets wrapped in on its way into a message: a query, a form, a JSON string. */
const ENCODINGS: Array<(value: string) => string> = [
	encodeURIComponent,
	rfc3986,
	(value) => encodeURIComponent(value).replace(/%20/g, '+'),
	jsonEscape,
];
/** A message quoting a request that quoted a request… three layers cover every echo seen in practice. */
const MAX_LAYERS = 3;

/** Every spelling of one secret worth searching for: up to three layers of encoding, either hex case, base64. */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>([secret]);
	let layer = [secret];
	for (let depth = 0; depth < MAX_LAYERS; depth++) {
		const next = new Set<string>();
		for (const text of layer) for (const encode of ENCODINGS) next.add(encode(text));
		for (const text of next) forms.add(text).add(text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
		layer = [...next].filter((text) => !layer.includes(text));
	}
	for (const fragment of base64Fragments(secret)) forms.add(fragment);
	return [...forms];
}

/**
 * Token-shaped values that must never be shown even when the exact secret is unknown here (e.g. an STS token of a
 * credential other than the one in use, echoed in a gateway's string-to-sign).
 */
const TOKEN_PARAMETERS = /((?:SecurityToken|Security-Token|AuthKey)(?:=|%3D|%253D|:\s*|"\s*:\s*"|\\"\s*:\s*\\"))[^&\s"\\]+/gi;

export class SecretScrubber {
	private readonly pattern: RegExp | undefined;

	constructor(secrets: Array<string | undefined | null>) {
		const forms = new Set<string>();
		for (const secret of secrets) {
			if (typeof secret === 'string' && secret.trim().length >= MIN_SECRET_LENGTH) {
				for (const form of secretForms(secret)) forms.add(form);
				if (secret.trim() !== secret) for (const form of secretForms(secret.trim())) forms.add(form);
			}
		}
		// Longest first: a form that contains another must be replaced whole.
		const sorted = [...forms].sort((a, b) => b.length - a.length);
		this.pattern = sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : undefined;
	}

	text(value: string): string {
		const withoutSecrets = this.pattern ? value.replace(this.pattern, REDACTED) : value;
		return withoutSecrets.replace(TOKEN_PARAMETERS, `$1${REDACTED}`);
	}

	/** A copy of any JSON-like value with every string (and object key) scrubbed; cycles are cut. */
	value<T>(value: T, seen = new WeakMap<object, unknown>()): T {
		if (typeof value === 'string') return this.text(value) as T;
		if (!value || typeof value !== 'object') return value;
		if (value instanceof Error) return this.error(value) as T;
		// Only data is copied: class instances (sockets, agents, buffers, dates) are not output and are left alone.
		const prototype = Object.getPrototypeOf(value) as unknown;
		if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
		if (seen.has(value)) return seen.get(value) as T;
		if (Array.isArray(value)) {
			const copy: unknown[] = [];
			seen.set(value, copy);
			for (const entry of value) copy.push(this.value(entry, seen));
			return copy as T;
		}
		const copy: Record<string, unknown> = {};
		seen.set(value, copy);
		for (const [key, entry] of Object.entries(value)) copy[this.text(key)] = this.value(entry, seen);
		return copy as T;
	}

	/**
	 * Scrubs an error in place (n8n keeps the same object in the execution data): message, stack, description,
	 * messages, context, errorResponse and the cause chain — everything n8n stores, shows or logs.
	 */
	error<E>(error: E, seen = new WeakSet<object>()): E {
		if (!(error instanceof Error) || seen.has(error)) return error;
		seen.add(error);
		const fields = error as Error & Record<string, unknown>;
		fields.message = this.text(fields.message);
		if (typeof fields.stack === 'string') fields.stack = this.text(fields.stack);
		for (const key of ['description', 'messages', 'context', 'errorResponse']) {
			if (fields[key] !== undefined && fields[key] !== null) fields[key] = this.value(fields[key]);
		}
		// An HTTP library's error keeps the request it sent (URL with a query token, signed headers): rewrite those.
		const config = fields.config as Record<string, unknown> | undefined;
		if (config && typeof config === 'object') {
			for (const key of ['url', 'params', 'data', 'qs', 'body', 'uri']) if (config[key] !== undefined) config[key] = this.value(config[key]);
			if (config.headers && typeof config.headers === 'object') config.headers = this.value({ ...(config.headers as object) });
		}
		if (fields.cause instanceof Error) this.error(fields.cause, seen);
		else if (fields.cause !== undefined) fields.cause = this.value(fields.cause);
		return error;
	}

	/** Output items: json, and the error of a Continue On Fail item. Binary data is not text and stays as it is. */
	items(items: INodeExecutionData[]): INodeExecutionData[] {
		return items.map((item) => {
			const json = this.value(item.json) as IDataObject;
			if (item.error) this.error(item.error);
			return json === item.json ? item : { ...item, json };
		});
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Scrubs whatever error `pending` rejects with (the transports wrap their whole call in this). */
export async function scrubbingErrors<T>(scrubber: SecretScrubber, pending: Promise<T>): Promise<T> {
	let failure: unknown;
	try {
		return await pending;
	} catch (error) {
		// Decided outside the catch block, as everywhere: the error is passed on as the same object.
		failure = error;
	}
	throw scrubber.error(failure);
}
