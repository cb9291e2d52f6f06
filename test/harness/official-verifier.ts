// A second, independent signature check: recomputes the signature of a RECEIVED request with the providers'
// official SDK signers (@volcengine/openapi Signer, @alicloud/openapi-util), not with this package's modules,
// so a bug shared by our signer and our verifier cannot pass. Dev/test only.
import { createHash } from 'node:crypto';
import Signer from '@volcengine/openapi/lib/base/sign';
import OpenApiUtil from '@alicloud/openapi-util';

import type { ReceivedRequest, Scheme } from './signature-verifier';
import { parseQueryString } from '../../credentials/common/signing/rfc3986';

export type OfficialVerdict = 'accepted' | 'rejected' | 'not-applicable';

/** secret by access key id */
type Secrets = Record<string, string>;

function header(req: ReceivedRequest, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function split(url: string): { path: string; query: Array<[string, string]> } {
	const index = url.indexOf('?');
	return index < 0 ? { path: url, query: [] } : { path: url.slice(0, index), query: parseQueryString(url.slice(index + 1)) };
}

/** The SDKs take the query as an object: repeated keys cannot be expressed there. */
function asObject(pairs: Array<[string, string]>): Record<string, string> | undefined {
	const out: Record<string, string> = {};
	for (const [key, value] of pairs) {
		if (key in out) return undefined;
		out[key] = value;
	}
	return out;
}

function volcengine(req: ReceivedRequest, secrets: Secrets): OfficialVerdict {
	const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(
		header(req, 'authorization') ?? '',
	);
	const { path, query } = split(req.url);
	const params = asObject(query);
	if (!match || !params) return 'not-applicable';
	const [, accessKeyId, region, service, signedHeaders, signature] = match;
	const secretKey = secrets[accessKeyId];
	const xDate = header(req, 'x-date') ?? '';
	if (!secretKey || !/^\d{8}T\d{6}Z$/.test(xDate)) return 'rejected';
	// The SDK adds X-Date, X-Security-Token itself; the body hash is computed here from the received bytes.
	// The SDK would JSON.stringify a Buffer body, so the hash of the received bytes is handed in (bodySha256); then
	// the body itself only tells the SDK that there is one.
	const bodySha256 = createHash('sha256').update(req.body).digest('hex');
	const headers: Record<string, string> = { 'X-Content-Sha256': bodySha256 };
	for (const name of signedHeaders.split(';')) {
		if (!['x-date', 'x-security-token', 'x-content-sha256'].includes(name)) headers[name] = header(req, name) ?? '';
	}
	const signer = new Signer({ region, method: req.method, pathname: path, params, headers, body: req.body.length > 0 ? 'present' : undefined }, service, { bodySha256 });
	const date = new Date(`${xDate.slice(0, 4)}-${xDate.slice(4, 6)}-${xDate.slice(6, 8)}T${xDate.slice(9, 11)}:${xDate.slice(11, 13)}:${xDate.slice(13, 15)}Z`);
	signer.addAuthorization({ accessKeyId, secretKey, sessionToken: header(req, 'x-security-token') }, date);
	const expected = String(signer.request.headers?.Authorization ?? '');
	return expected.endsWith(`Signature=${signature}`) && expected.includes(`SignedHeaders=${signedHeaders},`) ? 'accepted' : 'rejected';
}

function acs3(req: ReceivedRequest, secrets: Secrets): OfficialVerdict {
	const match = /Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)/.exec(header(req, 'authorization') ?? '');
	const { path, query } = split(req.url);
	const params = asObject(query);
	if (!match || !params) return 'not-applicable';
	const [, accessKeyId, signedHeaders, signature] = match;
	const secret = secrets[accessKeyId];
	if (!secret) return 'rejected';
	const headers: Record<string, string> = {};
	for (const name of signedHeaders.split(';')) headers[name] = header(req, name) ?? '';
	const payload = OpenApiUtil.hexEncode(OpenApiUtil.hash(req.body, 'ACS3-HMAC-SHA256'));
	const expected = OpenApiUtil.getAuthorization({ pathname: path, method: req.method, query: params, headers } as never, 'ACS3-HMAC-SHA256', payload, accessKeyId, secret);
	return expected.endsWith(`Signature=${signature}`) && payload === header(req, 'x-acs-content-sha256') ? 'accepted' : 'rejected';
}

function rpc(req: ReceivedRequest, secrets: Secrets): OfficialVerdict {
	const { query } = split(req.url);
	const isForm = /application\/x-www-form-urlencoded/i.test(header(req, 'content-type') ?? '');
	const all = [...query, ...(isForm ? parseQueryString(req.body.toString('utf8')) : [])];
	const params = asObject(all);
	if (!params) return 'not-applicable';
	const { Signature: signature, ...signed } = params;
	const secret = secrets[signed.AccessKeyId ?? ''];
	if (!secret || !signature) return 'rejected';
	return OpenApiUtil.getRPCSignature(signed, req.method, secret) === signature ? 'accepted' : 'rejected';
}

/** The official SDK's verdict on a request our verifier classified as `scheme`. */
export function verifyWithOfficialSdk(req: ReceivedRequest, scheme: Scheme, secrets: Secrets): OfficialVerdict {
	if (scheme === 'volcengine') return volcengine(req, secrets);
	if (scheme === 'acs3') return acs3(req, secrets);
	if (scheme === 'rpc') return rpc(req, secrets);
	return 'rejected';
}
