/**
 * Volcengine HMAC-SHA256 verification from the RECEIVED bytes (veimagex-api.md §7): parse Authorization, take the
 * values of exactly the headers the client listed in SignedHeaders, re-canonicalise the decoded query, hash the
 * body bytes, recompute with the project's pure signer and compare in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import { parseVolcengineAuthorization, signVolcengine } from '../../credentials/common/signing/volcengine';
import { sha256Hex } from '../../credentials/common/signing/hashing';
import type { AuthResult, ProviderContext, SandboxRequest } from '../core/provider';
import { Errors } from './errors';

/** X-Date must be within ±15 minutes of the server clock (X-Expires default 900 s). */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
const ACCEPTED_SERVICES = ['imagex', 'ImageX'];

function parseXDate(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return undefined;
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

function sameHex(a: string, b: string): boolean {
	return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function verifyVolcengine(req: SandboxRequest, ctx: ProviderContext): AuthResult {
	const header = req.headers['authorization'];
	if (!header) throw Errors.missingAuthenticationToken('Authorization header is missing');
	const auth = parseVolcengineAuthorization(header);
	if (!auth) throw Errors.missingSignature('Authorization header is not a valid HMAC-SHA256 credential');
	const xDate = req.headers['x-date'];
	if (!xDate) throw Errors.missingRequestInfo('X-Date header is missing');
	const at = parseXDate(xDate);
	if (at === undefined || Math.abs(ctx.clock.now() - at) > TIMESTAMP_WINDOW_MS) {
		throw Errors.invalidTimestamp(`X-Date ${xDate} is outside the allowed ±15 minute window; sync the clock (UTC)`);
	}
	if (!ACCEPTED_SERVICES.includes(auth.service)) throw Errors.serviceNotFound(`service ${auth.service} not found`);
	const key = ctx.findKey(auth.accessKeyId);
	if (!key) throw Errors.invalidAccessKey(`access key ${auth.accessKeyId} is invalid`);
	if (!auth.signedHeaders.includes('x-date')) throw Errors.signatureDoesNotMatch('x-date must be a signed header');

	const token = req.headers['x-security-token'];
	if (token !== undefined || key.sessionTokens?.length) {
		if (token === undefined) throw Errors.invalidAccessKey('temporary access key used without X-Security-Token');
		if (!auth.signedHeaders.includes('x-security-token')) {
			throw Errors.signatureDoesNotMatch('X-Security-Token must be included in SignedHeaders');
		}
		if (!key.sessionTokens?.includes(token)) throw Errors.invalidAccessKey('the security token is invalid or expired');
	}
	const bodyHash = req.headers['x-content-sha256'];
	if (bodyHash !== undefined && bodyHash !== sha256Hex(req.body)) {
		throw Errors.signatureDoesNotMatch('X-Content-Sha256 does not match the SHA-256 of the request body');
	}
	if (auth.shortDate !== xDate.slice(0, 8)) {
		throw Errors.signatureDoesNotMatch('credential scope date does not match X-Date');
	}

	const signed: Record<string, string> = {};
	for (const name of auth.signedHeaders) {
		const value = req.headers[name];
		if (value === undefined) throw Errors.signatureDoesNotMatch(`signed header ${name} is missing from the request`);
		signed[name] = value;
	}
	// A client behind the sandbox prefix signs the full wire path; one that targets the real cloud signs `/`.
	for (const path of new Set([req.rawPath, req.path])) {
		const expected = signVolcengine({
			method: req.method, path, query: req.query, headers: signed, body: req.body,
			accessKeyId: auth.accessKeyId, secretAccessKey: key.secret, region: auth.region, service: auth.service,
		});
		if (sameHex(expected.signature, auth.signature)) {
			return { accessKeyId: key.accessKeyId, accountId: key.accountId ?? key.accessKeyId, region: auth.region };
		}
	}
	throw Errors.signatureDoesNotMatch(
		'The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method.',
	);
}
