/**
 * Volcengine OpenAPI "HMAC-SHA256" request signing (reference: veimagex-api.md §7).
 * Pure: the caller supplies X-Date and every header to sign, so the sandbox verifier can recompute it.
 */
import { hmacSha256, mergeHeaders, sha256Hex } from './hashing';
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
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

export function signVolcengine(input: VolcengineSignInput): VolcengineSignature {
	const headers = mergeHeaders(input.headers);
	const xDate = headers.get('x-date');
	if (!xDate || !/^\d{8}T\d{6}Z$/.test(xDate)) {
		throw new Error('signVolcengine: headers must include X-Date in the form YYYYMMDDTHHMMSSZ');
	}
	const shortDate = xDate.slice(0, 8);
	const canonicalQuery = buildCanonicalQuery(input.query);
	const signedHeaders = [...headers.keys()].join(';');
	const canonicalHeaders = [...headers].map(([name, value]) => `${name}:${value}\n`).join('');
	const canonicalRequest = [
		input.method.toUpperCase(),
		canonicalUri(input.path),
		canonicalQuery,
		canonicalHeaders,
		signedHeaders,
		sha256Hex(input.body),
	].join('\n');
	const canonicalRequestSha256 = sha256Hex(canonicalRequest);
	const scope = `${shortDate}/${input.region}/${input.service}/request`;
	const stringToSign = [VOLCENGINE_ALGORITHM, xDate, scope, canonicalRequestSha256].join('\n');

	// No "AWS4"-style prefix on the secret (veimagex-api.md §7.1 step 6).
	const kDate = hmacSha256(input.secretAccessKey, shortDate);
	const kRegion = hmacSha256(kDate, input.region);
	const kService = hmacSha256(kRegion, input.service);
	const kSigning = hmacSha256(kService, 'request');
	const signature = hmacSha256(kSigning, stringToSign).toString('hex');

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
