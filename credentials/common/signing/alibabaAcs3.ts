/**
 * Alibaba Cloud ACS3-HMAC-SHA256 header signature ("V3"). Reference: vod-api.md §4.2.
 * Pure: x-acs-date and x-acs-signature-nonce are headers chosen by the caller.
 */
import { hmacSha256Hex, mergeHeaders, sha256Hex } from './hashing';
import { canonicalQuery as buildCanonicalQuery, canonicalUri } from './rfc3986';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface AlibabaAcs3SignInput {
	method: string;
	/** `/` for RPC-style APIs such as VOD. */
	path: string;
	query: Array<[string, string]>;
	/** Headers sent; only `host`, `content-type` and `x-acs-*` are signed (any casing, duplicates merged). */
	headers: Record<string, string>;
	body: string | Buffer;
	accessKeyId: string;
	accessKeySecret: string;
	/** Only for SDK vectors that supply the payload hash instead of a body; normally sha256(body). */
	hashedPayload?: string;
	/** `canonicalQuery(query)` when the caller already built it (it is the query on the wire). */
	canonicalQuery?: string;
}

export interface AlibabaAcs3Signature {
	canonicalRequest: string;
	hashedRequest: string;
	stringToSign: string;
	signedHeaders: string;
	signature: string;
	authorization: string;
}

function isSignedHeader(name: string): boolean {
	return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

export function signAlibabaAcs3(input: AlibabaAcs3SignInput): AlibabaAcs3Signature {
	let signedHeaders = '';
	let canonicalHeaders = '';
	for (const [name, value] of mergeHeaders(input.headers)) {
		if (!isSignedHeader(name)) continue;
		signedHeaders += signedHeaders === '' ? name : `;${name}`;
		canonicalHeaders += `${name}:${value}\n`;
	}
	const canonicalRequest = [
		input.method.toUpperCase(),
		canonicalUri(input.path),
		input.canonicalQuery ?? buildCanonicalQuery(input.query),
		canonicalHeaders,
		signedHeaders,
		input.hashedPayload ?? sha256Hex(input.body),
	].join('\n');
	const hashedRequest = sha256Hex(canonicalRequest);
	const stringToSign = `${ACS3_ALGORITHM}\n${hashedRequest}`;
	// Unlike the RPC scheme, the key is the bare secret (no trailing '&').
	const signature = hmacSha256Hex(input.accessKeySecret, stringToSign);
	const authorization =
		`${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
	return { canonicalRequest, hashedRequest, stringToSign, signedHeaders, signature, authorization };
}

export interface ParsedAcs3Authorization {
	accessKeyId: string;
	signedHeaders: string[];
	signature: string;
}

const AUTHORIZATION_PATTERN =
	/^ACS3-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAcs3Authorization(h: string): ParsedAcs3Authorization | undefined {
	const match = AUTHORIZATION_PATTERN.exec(h.trim());
	if (!match) return undefined;
	return { accessKeyId: match[1], signedHeaders: match[2].split(';'), signature: match[3] };
}
