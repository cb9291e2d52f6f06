/**
 * Verifies both Alibaba Cloud signature schemes from the RECEIVED bytes (vod-api.md §4), with the project's pure
 * signing modules: RPC HMAC-SHA1 (params in query and/or form body) and ACS3-HMAC-SHA256 (Authorization header).
 */
import {
	parseAcs3Authorization,
	sha256Hex,
	signAlibabaAcs3,
	signAlibabaRpc,
} from '../../credentials/common/signing';
import { ApiError, type AccessKeyRecord, type AuthResult, type SandboxRequest } from '../core/provider';
import { missingParameter } from './errors';
import { NonceCache } from './nonces';
import { requestPairs } from './params';

/** Accepted clock skew. The RPC doc mentions 31 min of validity; ACS3 says 15 min. We use 15 for both (stricter). */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface VerifyDeps {
	findKey(accessKeyId: string): AccessKeyRecord | undefined;
	now(): number;
	nonces: NonceCache;
}

const incomplete = (why: string) =>
	new ApiError(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards. ${why}`);

function checkTimestamp(name: string, value: string | undefined, now: number): void {
	if (value === undefined || value === '') throw missingParameter(name);
	if (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
		throw new ApiError(400, 'IllegalTimestamp', `The input parameter "${name}" is not in the format yyyy-MM-ddTHH:mm:ssZ (UTC). Got "${value}".`);
	}
	if (Math.abs(now - Date.parse(value)) > TIMESTAMP_WINDOW_MS) {
		throw new ApiError(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired. (${name}=${value}, server time ${new Date(now).toISOString()})`);
	}
}

function lookupKey(deps: VerifyDeps, accessKeyId: string): AccessKeyRecord {
	const key = deps.findKey(accessKeyId);
	if (!key) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
	return key;
}

/** STS: a token must be one of the key's accepted tokens; an STS-only key requires one. Statuses UNVERIFIED (§5.4). */
function checkToken(key: AccessKeyRecord, token: string | undefined): void {
	const accepted = key.sessionTokens ?? [];
	if (token === undefined || token === '') {
		if (accepted.length > 0) throw new ApiError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed or missing: this AccessKey is temporary (STS) and needs its token.');
		return;
	}
	if (accepted.length === 0) throw new ApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
	if (!accepted.includes(token)) throw new ApiError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
}

function useNonce(deps: VerifyDeps, accessKeyId: string, nonce: string): void {
	if (!deps.nonces.use(accessKeyId, nonce, deps.now())) {
		throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
	}
}

const account = (key: AccessKeyRecord, region: string | undefined): AuthResult =>
	({ accessKeyId: key.accessKeyId, accountId: key.accountId ?? key.accessKeyId, region });

export function verifyVodRequest(req: SandboxRequest, deps: VerifyDeps): AuthResult {
	const authorization = req.headers.authorization;
	if (authorization !== undefined) return verifyAcs3(req, authorization, deps);
	return verifyRpc(req, deps);
}

function verifyRpc(req: SandboxRequest, deps: VerifyDeps): AuthResult {
	const pairs = requestPairs(req);
	const p: Record<string, string> = Object.fromEntries(pairs);
	for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce']) {
		if (!p[name]) throw missingParameter(name);
	}
	if (p.SignatureMethod !== 'HMAC-SHA1') throw incomplete(`Unsupported SignatureMethod "${p.SignatureMethod}" (use HMAC-SHA1).`);
	if (p.SignatureVersion !== '1.0') throw incomplete(`Unsupported SignatureVersion "${p.SignatureVersion}" (use 1.0).`);
	checkTimestamp('Timestamp', p.Timestamp, deps.now());
	const key = lookupKey(deps, p.AccessKeyId);
	const server = signAlibabaRpc({ method: req.method.toUpperCase(), params: pairs, accessKeySecret: key.secret });
	if (server.signature !== p.Signature) {
		// As the real RPC gateway does: the server's string-to-sign (no secret in it) helps debug encoding.
		throw new ApiError(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${server.stringToSign}`);
	}
	checkToken(key, p.SecurityToken);
	useNonce(deps, key.accessKeyId, p.SignatureNonce);
	return account(key, req.routeRegion);
}

/** Headers the gateway needs covered by the signature (and the STS token when present). */
const MUST_SIGN = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];

function verifyAcs3(req: SandboxRequest, authorization: string, deps: VerifyDeps): AuthResult {
	const parsed = parseAcs3Authorization(authorization);
	if (!parsed) throw incomplete('Expected "ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>".');
	for (const name of MUST_SIGN) {
		if (req.headers[name] === undefined) throw missingParameter(name);
		if (!parsed.signedHeaders.includes(name)) throw incomplete(`Header "${name}" must be signed.`);
	}
	const token = req.headers['x-acs-security-token'];
	if (token !== undefined && !parsed.signedHeaders.includes('x-acs-security-token')) {
		throw incomplete('Header "x-acs-security-token" must be signed.');
	}
	checkTimestamp('x-acs-date', req.headers['x-acs-date'], deps.now());
	const key = lookupKey(deps, parsed.accessKeyId);
	const signed: Record<string, string> = {};
	for (const name of parsed.signedHeaders) {
		if (req.headers[name] === undefined) throw incomplete(`Signed header "${name}" is missing from the request.`);
		signed[name] = req.headers[name];
	}
	const sign = (path: string) => signAlibabaAcs3({
		method: req.method, path, query: req.query, headers: signed, body: req.body,
		accessKeyId: key.accessKeyId, accessKeySecret: key.secret,
	});
	// The real canonical URI is `/`; behind the sandbox prefix a client may sign the path it really sent
	// (`/vod/<region>/`). Both are right on the real host, so both are accepted here.
	const candidates = [...new Set([req.rawPath, req.path, '/'])];
	const server = candidates.map(sign).find((s) => s.signature === parsed.signature) ?? sign('/');
	if (server.signedHeaders !== parsed.signedHeaders.join(';')) {
		throw incomplete(`SignedHeaders must list host, content-type and x-acs-* headers in sorted order; server list is "${server.signedHeaders}".`);
	}
	if (sha256Hex(req.body) !== req.headers['x-acs-content-sha256']) {
		throw new ApiError(400, 'SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the SHA-256 of the request body.');
	}
	if (server.signature !== parsed.signature) {
		throw new ApiError(400, 'SignatureDoesNotMatch', `The request signature does not conform to Aliyun standards. server string to sign is:${server.stringToSign} server canonical request is:${server.canonicalRequest}`);
	}
	checkToken(key, token);
	useNonce(deps, key.accessKeyId, req.headers['x-acs-signature-nonce']);
	return account(key, req.routeRegion);
}
