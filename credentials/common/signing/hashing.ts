import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Buffer): string {
	// Bodiless requests are the common case: their hash is a constant.
	if (data.length === 0) return EMPTY_BODY_SHA256;
	// One-shot crypto.hash (Node >= 20.12) costs a third of createHash().update().digest() for short inputs.
	return hash('sha256', data, 'hex');
}

/**
 * HMAC keys as KeyObjects, made once per secret: importing a string key on every createHmac costs more than the
 * HMAC itself. Bounded; the whole map is dropped when full (a process signs with few secrets).
 */
const keyObjects = new Map<string, KeyObject>();

export function hmacKey(secret: string): KeyObject {
	let key = keyObjects.get(secret);
	if (!key) {
		key = createSecretKey(Buffer.from(secret, 'utf8'));
		if (keyObjects.size >= 64) keyObjects.clear();
		keyObjects.set(secret, key);
	}
	return key;
}

export function hmacSha256(key: string | Buffer | KeyObject, data: string): Buffer {
	return createHmac('sha256', typeof key === 'string' ? hmacKey(key) : key).update(data, 'utf8').digest();
}

/** Hex HMAC-SHA256 with the key used exactly as given. */
export function hmacSha256Hex(key: string | KeyObject, data: string): string {
	return createHmac('sha256', typeof key === 'string' ? hmacKey(key) : key).update(data, 'utf8').digest('hex');
}

/** Base64(HMAC-SHA1(key, data)) with the key used exactly as given. */
export function hmacSha1Base64(key: string, data: string): string {
	return createHmac('sha1', hmacKey(key)).update(data, 'utf8').digest('base64');
}

/** Lower-case header names; duplicate names (differing in case) merged as trimmed values, sorted, joined by `,`. */
export function mergeHeaders(headers: Record<string, string>): Map<string, string> {
	const names: string[] = [];
	const values: Record<string, string> = Object.create(null) as Record<string, string>; // no inherited names
	let repeated: Map<string, string[]> | undefined;
	for (const name in headers) {
		const value = headers[name];
		if (value === undefined || value === null) continue;
		const key = name.toLowerCase();
		const text = String(value);
		// Most values hold no whitespace at all: skip the trim/collapse then.
		const normalised = HAS_WHITESPACE.test(text) ? text.trim().replace(WHITESPACE_RUNS, ' ') : text;
		if (!(key in values)) {
			names.push(key);
			values[key] = normalised;
			continue;
		}
		repeated ??= new Map();
		repeated.set(key, [...(repeated.get(key) ?? [values[key]]), normalised]);
	}
	// Lower-case header names are ASCII: the default sort is byte order.
	names.sort();
	const merged = new Map<string, string>();
	for (const key of names) {
		const all = repeated?.get(key);
		merged.set(key, all ? all.sort().join(',') : values[key]);
	}
	return merged;
}

const HAS_WHITESPACE = /\s/;
const WHITESPACE_RUNS = /\s+/g;
