// A loopback server that plays both clouds' signature check: it recomputes Volcengine HMAC-SHA256, Alibaba
// ACS3-HMAC-SHA256 and Alibaba RPC HMAC-SHA1 from the bytes it RECEIVED (method, raw path + query, headers,
// raw body) with the pure modules in credentials/common/signing, and answers 200 or 403. Each request also gets
// the official SDK signers' verdict (official-verifier.ts), recorded beside ours. Dev/test only.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	canonicalQuery,
	parseAcs3Authorization,
	parseQueryString,
	parseVolcengineAuthorization,
	sha256Hex,
	signAlibabaAcs3,
	signAlibabaRpc,
	signVolcengine,
} from '../../credentials/common/signing';
import { verifyWithOfficialSdk, type OfficialVerdict } from './official-verifier';

export type Scheme = 'volcengine' | 'acs3' | 'rpc' | 'unsigned';

export interface ReceivedRequest {
	method: string;
	/** Path + query exactly as on the request line. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface Verdict {
	scheme: Scheme;
	ok: boolean;
	reason?: string;
	/** The raw query on the wire equals the canonical query the signature covers. */
	wireQueryIsCanonical: boolean;
	/** Decoded query pairs as received. */
	query: Array<[string, string]>;
}

export interface VerifiedRequest extends ReceivedRequest, Verdict {
	/** The official SDK signers' verdict on the same bytes ('not-applicable': repeated query keys, which they cannot take). */
	official: OfficialVerdict;
}

/** access key id -> secret, the server's key store (a map, or a lookup function). */
export type SecretStore = Record<string, string> | ((accessKeyId: string) => string | undefined);

export function verifyRequest(req: ReceivedRequest, store: SecretStore): Verdict {
	const secrets = { get: (accessKeyId: string) => (typeof store === 'function' ? store(accessKeyId) : store[accessKeyId]) };
	const [path, rawQuery = ''] = splitUrl(req.url);
	const query = parseQueryString(rawQuery);
	const wireQueryIsCanonical = rawQuery === canonicalQuery(query);
	const authorization = header(req.headers, 'authorization') ?? '';
	const base = { query, wireQueryIsCanonical };
	const reject = (scheme: Scheme, reason: string): Verdict => ({ ...base, scheme, ok: false, reason });

	if (authorization.startsWith('HMAC-SHA256 ')) {
		const auth = parseVolcengineAuthorization(authorization);
		if (!auth) return reject('volcengine', 'malformed Authorization');
		const secret = secrets.get(auth.accessKeyId);
		if (secret === undefined) return reject('volcengine', 'unknown access key');
		if (header(req.headers, 'x-content-sha256') !== sha256Hex(req.body)) return reject('volcengine', 'body hash mismatch');
		const signed = pickHeaders(req.headers, auth.signedHeaders);
		if (!signed) return reject('volcengine', 'a signed header is missing');
		const expected = signVolcengine({
			method: req.method, path, query, headers: signed, body: req.body,
			accessKeyId: auth.accessKeyId, secretAccessKey: secret, region: auth.region, service: auth.service,
		});
		const ok = expected.signature === auth.signature && expected.signedHeaders === auth.signedHeaders.join(';');
		return ok ? { ...base, scheme: 'volcengine', ok } : reject('volcengine', 'signature mismatch');
	}

	if (authorization.startsWith('ACS3-HMAC-SHA256 ')) {
		const auth = parseAcs3Authorization(authorization);
		if (!auth) return reject('acs3', 'malformed Authorization');
		const secret = secrets.get(auth.accessKeyId);
		if (secret === undefined) return reject('acs3', 'unknown access key');
		if (header(req.headers, 'x-acs-content-sha256') !== sha256Hex(req.body)) return reject('acs3', 'body hash mismatch');
		const signed = pickHeaders(req.headers, auth.signedHeaders);
		if (!signed) return reject('acs3', 'a signed header is missing');
		const expected = signAlibabaAcs3({
			method: req.method, path, query, headers: signed, body: req.body,
			accessKeyId: auth.accessKeyId, accessKeySecret: secret,
		});
		const ok = expected.signature === auth.signature && expected.signedHeaders === auth.signedHeaders.join(';');
		return ok ? { ...base, scheme: 'acs3', ok } : reject('acs3', 'signature mismatch');
	}

	const signature = query.find(([k]) => k === 'Signature')?.[1];
	if (signature !== undefined) {
		const accessKeyId = query.find(([k]) => k === 'AccessKeyId')?.[1] ?? '';
		const secret = secrets.get(accessKeyId);
		if (secret === undefined) return reject('rpc', 'unknown access key');
		if (query.find(([k]) => k === 'SignatureMethod')?.[1] !== 'HMAC-SHA1') return reject('rpc', 'SignatureMethod is not HMAC-SHA1');
		// Form-body parameters are signed too (RPC POST).
		const isForm = /application\/x-www-form-urlencoded/i.test(header(req.headers, 'content-type') ?? '');
		const formPairs = isForm ? parseQueryString(req.body.toString('utf8')) : [];
		const expected = signAlibabaRpc({ method: req.method, params: [...query, ...formPairs], accessKeySecret: secret });
		return expected.signature === signature ? { ...base, scheme: 'rpc', ok: true } : reject('rpc', 'signature mismatch');
	}
	return reject('unsigned', 'no signature');
}

export interface VerifierServer {
	url: string;
	requests: VerifiedRequest[];
	close(): Promise<void>;
}

export async function startVerifierServer(secrets: Record<string, string>): Promise<VerifierServer> {
	const requests: VerifiedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const received: ReceivedRequest = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks),
			};
			const verdict = verifyRequest(received, secrets);
			requests.push({ ...received, ...verdict, official: verifyWithOfficialSdk(received, verdict.scheme, secrets) });
			res.writeHead(verdict.ok ? 200 : 403, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ accepted: verdict.ok, scheme: verdict.scheme, reason: verdict.reason, index: requests.length - 1 }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function splitUrl(url: string): [string, string?] {
	const index = url.indexOf('?');
	return index < 0 ? [url] : [url.slice(0, index), url.slice(index + 1)];
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** The signed headers' received values, or undefined if one is missing. */
function pickHeaders(headers: IncomingHttpHeaders, names: string[]): Record<string, string> | undefined {
	const out: Record<string, string> = {};
	for (const name of names) {
		const value = header(headers, name);
		if (value === undefined) return undefined;
		out[name] = value;
	}
	return out;
}
