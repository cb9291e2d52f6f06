/**
 * Alibaba Cloud RPC signature, HMAC-SHA1 (SignatureVersion=1.0; "V2" in the docs). Reference: vod-api.md §4.1.
 * Pure: nonce and timestamp are ordinary entries of `params`, chosen by the caller.
 */
import { hmacSha1Base64 } from './hashing';
import { canonicalQuery as buildCanonicalQuery, encodeRfc3986 } from './rfc3986';

export interface AlibabaRpcSignInput {
	/** The real HTTP method (it is part of the string to sign). */
	method: string;
	/** Every signed parameter (common + business + form-body ones), unencoded; `Signature` is ignored. */
	params: Array<[string, string]>;
	accessKeySecret: string;
}

export interface AlibabaRpcSignature {
	canonicalQuery: string;
	stringToSign: string;
	signature: string;
}

export function signAlibabaRpc(input: AlibabaRpcSignInput): AlibabaRpcSignature {
	const canonicalQuery = buildCanonicalQuery(input.params.filter(([key]) => key !== 'Signature'));
	return signAlibabaRpcCanonical(input.method, canonicalQuery, input.accessKeySecret);
}

/** The same from a canonical query the caller already built (without `Signature`). */
export function signAlibabaRpcCanonical(method: string, canonicalQuery: string, accessKeySecret: string): AlibabaRpcSignature {
	// The canonical query is encoded a second time inside the string to sign.
	const stringToSign = `${method}&%2F&${encodeRfc3986(canonicalQuery)}`;
	// The HMAC key is the secret plus a trailing '&' (an empty token secret).
	const signature = hmacSha1Base64(`${accessKeySecret}&`, stringToSign);
	return { canonicalQuery, stringToSign, signature };
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, no milliseconds (also the ACS3 `x-acs-date` format). */
export function alibabaTimestamp(d: Date): string {
	const second = Math.floor(d.getTime() / 1000);
	// Requests of the same second share the text: formatting a date costs more than the rest of a header.
	if (second !== lastSecond) {
		lastSecond = second;
		lastTimestamp = `${d.toISOString().slice(0, 19)}Z`;
	}
	return lastTimestamp;
}

let lastSecond = Number.NaN;
let lastTimestamp = '';
