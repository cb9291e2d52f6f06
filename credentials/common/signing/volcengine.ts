/**
 * Volcengine OpenAPI "HMAC-SHA256" request signing (reference: veimagex-api.md §7).
 * Pure: the caller supplies X-Date and every header to sign, so the sandbox verifier can recompute it.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { hmacSha256, hmacSha256Hex, mergeHeaders, sha256Hex } from './hashing';
import { canonicalQuery as buildCanonicalQuery, canonicalUri } from './rfc3986';

export interface VolcengineSignInput {
	method: string;
	/** Path as sent (raw or percent-encoded), e.g. `/` or `/veimagex`. */
	path: string;
	query: Array<[string, string]>;
	/** Headers to SIGN, wire casing; must include X-Date (optionally Host, X-Content-Sha256, X-Security-Token). */
	headers: Record<string, string>;
	body: string | Buffer;
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
	service: string;
	/** sha256 hex of `body` when the caller already has it (it sends it as X-Content-Sha256); saves a second hash. */
	bodySha256?: string;
	/** `canonicalQuery(query)` when the caller already built it (it is the query on the wire). */
	canonicalQuery?: string;
}

export interface VolcengineSignature {
	canonicalQuery: string;
	canonicalRequest: string;
	canonicalRequestSha256: string;
	stringToSign: string;
	signedHeaders: string;
	signature: string;
	authorization: string;
}

export const VOLCENGINE_ALGORITHM = 'HMAC-SHA256';

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function volcengineXDate(d: Date): string {
	const iso = d.toISOString(); // 2025-07-28T08:12:37.000Z
	return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export function signVolcengine(input: VolcengineSignInput): VolcengineSignature {
	const headers = mergeHeaders(input.headers);
	const xDate = headers.get('x-date');
	if (!xDate || !/^\d{8}T\d{6}Z$/.test(xDate)) {
		throw new Error('signVolcengine: headers must include X-Date in the form YYYYMMDDTHHMMSSZ');
	}
	const shortDate = xDate.slice(0, 8);
	const canonicalQuery = input.canonicalQuery ?? buildCanonicalQuery(input.query);
	const signedHeaders = [...headers.keys()].join(';');
	const canonicalHeaders = [...headers].map(([name, value]) => `${name}:${value}\n`).join('');
	const canonicalRequest = [
		input.method.toUpperCase(),
		canonicalUri(input.path),
		canonicalQuery,
		canonicalHeaders,
		signedHeaders,
		input.bodySha256 ?? sha256Hex(input.body),
	].join('\n');
	const canonicalRequestSha256 = sha256Hex(canonicalRequest);
	const scope = `${shortDate}/${input.region}/${input.service}/request`;
	const stringToSign = [VOLCENGINE_ALGORITHM, xDate, scope, canonicalRequestSha256].join('\n');

	const signature = hmacSha256Hex(volcengineSigningKey(input.secretAccessKey, shortDate, input.region, input.service), stringToSign);

	const authorization =
		`${VOLCENGINE_ALGORITHM} Credential=${input.accessKeyId}/${scope}, ` +
		`SignedHeaders=${signedHeaders}, Signature=${signature}`;
	return {
		canonicalQuery,
		canonicalRequest,
		canonicalRequestSha256,
		stringToSign,
		signedHeaders,
		signature,
		authorization,
	};
}

/** Derived keys per secret/date/region/service: four HMACs that every request of one day would repeat. */
const signingKeys = new Map<string, KeyObject>();
const SIGNING_KEY_CACHE_SIZE = 64;
/** The last key asked for, checked before the map: one credential signing many requests is the usual case. */
let last: { secret: string; shortDate: string; region: string; service: string; key: KeyObject } | undefined;

/** kSigning = HMAC(HMAC(HMAC(HMAC(secret, date), region), service), 'request'); no "AWS4"-style prefix (§7.1 step 6). */
export function volcengineSigningKey(secret: string, shortDate: string, region: string, service: string): KeyObject {
	if (last && last.secret === secret && last.shortDate === shortDate && last.region === region && last.service === service) {
		return last.key;
	}
	const cacheKey = `${shortDate}\n${region}\n${service}\n${secret}`;
	let key = signingKeys.get(cacheKey);
	if (!key) {
		key = createSecretKey(hmacSha256(hmacSha256(hmacSha256(hmacSha256(secret, shortDate), region), service), 'request'));
		// Old dates and rotated secrets fall out: the whole map is dropped when full (a day holds few entries).
		if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE) signingKeys.clear();
		signingKeys.set(cacheKey, key);
	}
	last = { secret, shortDate, region, service, key };
	return key;
}

export interface ParsedVolcengineAuthorization {
	accessKeyId: string;
	shortDate: string;
	region: string;
	service: string;
	signedHeaders: string[];
	signature: string;
}

const AUTHORIZATION_PATTERN =
	/^HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseVolcengineAuthorization(h: string): ParsedVolcengineAuthorization | undefined {
	const match = AUTHORIZATION_PATTERN.exec(h.trim());
	if (!match) return undefined;
	const [, accessKeyId, shortDate, region, service, signedHeaders, signature] = match;
	return { accessKeyId, shortDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}
