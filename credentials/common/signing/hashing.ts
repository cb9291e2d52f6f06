import { createHash, createHmac } from 'node:crypto';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: string | Buffer, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Base64(HMAC-SHA1(key, data)) with the key used exactly as given. */
export function hmacSha1Base64(key: string, data: string): string {
	return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

/** Lower-case header names; duplicate names (differing in case) merged as trimmed values, sorted, joined by `,`. */
export function mergeHeaders(headers: Record<string, string>): Map<string, string> {
	const grouped = new Map<string, string[]>();
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined || value === null) continue;
		const key = name.toLowerCase();
		const normalised = String(value).trim().replace(/\s+/g, ' ');
		grouped.set(key, [...(grouped.get(key) ?? []), normalised]);
	}
	const merged = new Map<string, string>();
	for (const key of [...grouped.keys()].sort()) {
		merged.set(key, grouped.get(key)!.sort().join(','));
	}
	return merged;
}
