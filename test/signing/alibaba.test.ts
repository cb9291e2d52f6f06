import { createHmac } from 'node:crypto';
import {
	alibabaTimestamp,
	canonicalQuery,
	encodeRfc3986,
	hmacSha1Base64,
	parseAcs3Authorization,
	queryPairs,
	sha256Hex,
	signAlibabaAcs3,
	signAlibabaRpc,
} from '../../credentials/common/signing';
import { loadVectors } from './vectors';

type Expected = Record<string, unknown>;
interface AliVector {
	id: string;
	scheme: 'RPC-HMAC-SHA1' | 'ACS3-HMAC-SHA256' | 'HMAC-SHA1-BASE64';
	method?: string;
	params?: Record<string, string>;
	path?: string;
	query?: Record<string, string>;
	headers?: Record<string, string>;
	body?: string;
	hashedPayload?: string;
	stringToSign?: string;
	accessKeyId?: string | null;
	accessKeySecret: string;
	expected: Expected;
	basedOn?: string;
	mustNotEqual?: string;
}
interface AliFile {
	emptyBodySha256: string;
	vectors: AliVector[];
	negativeControls: AliVector[];
	excluded: Array<{ id: string }>;
}

const file = loadVectors<AliFile>('alibaba-signing.json');

function signRpc(v: AliVector) {
	return signAlibabaRpc({ method: v.method!, params: queryPairs(v.params!), accessKeySecret: v.accessKeySecret });
}

function signAcs3(v: AliVector) {
	return signAlibabaAcs3({
		method: v.method!,
		path: v.path!,
		query: queryPairs(v.query!),
		headers: v.headers!,
		body: v.body ?? '',
		hashedPayload: v.hashedPayload,
		accessKeyId: v.accessKeyId!,
		accessKeySecret: v.accessKeySecret,
	});
}

function checkRpc(v: AliVector) {
	const r = signRpc(v);
	const e = v.expected;
	expect(r.signature).toBe(e.signature);
	if (e.canonicalQuery) expect(r.canonicalQuery).toBe(e.canonicalQuery);
	if (e.stringToSign) expect(r.stringToSign).toBe(e.stringToSign);
	if (e.stringToSignPrefix) expect(r.stringToSign.startsWith(e.stringToSignPrefix as string)).toBe(true);
	for (const part of (e.stringToSignContains as string[] | undefined) ?? []) expect(r.stringToSign).toContain(part);
	if (e.signatureUrlEncoded) expect(encodeRfc3986(r.signature)).toBe(e.signatureUrlEncoded);
	for (const [key, encoded] of Object.entries((e.encodedParams as Record<string, string>) ?? {})) {
		expect(encodeRfc3986(v.params![key])).toBe(encoded);
		expect(r.canonicalQuery).toContain(`${key}=${encoded}`);
	}
}

function checkAcs3(v: AliVector) {
	const r = signAcs3(v);
	const e = v.expected;
	expect(r.signature).toBe(e.signature);
	expect(r.stringToSign).toBe(`ACS3-HMAC-SHA256\n${r.hashedRequest}`);
	expect(r.authorization).toBe(
		`ACS3-HMAC-SHA256 Credential=${v.accessKeyId},SignedHeaders=${r.signedHeaders},Signature=${r.signature}`,
	);
	if (e.canonicalQuery) expect(r.canonicalRequest.split('\n')[2]).toBe(e.canonicalQuery);
	if (e.signedHeaders) expect(r.signedHeaders).toBe(e.signedHeaders);
	if (e.canonicalRequest) expect(r.canonicalRequest).toBe(e.canonicalRequest);
	if (e.canonicalRequestHash) expect(r.hashedRequest).toBe(e.canonicalRequestHash);
	if (e.canonicalHeaderLine) expect(r.canonicalRequest.split('\n')).toContain(e.canonicalHeaderLine);
	if (e.bodySha256) expect(sha256Hex(v.body ?? '')).toBe(e.bodySha256);
	expect(parseAcs3Authorization(r.authorization)).toEqual({
		accessKeyId: v.accessKeyId,
		signedHeaders: r.signedHeaders.split(';'),
		signature: r.signature,
	});
}

describe('Alibaba Cloud signing vectors', () => {
	it('holds A, A-POST, B, D, SDK-* and X1–X5, none of them excluded', () => {
		const ids = file.vectors.map((v) => v.id);
		expect(ids).toEqual(
			expect.arrayContaining(['A', 'A-POST', 'B', 'D', 'SDK-RPC-1', 'SDK-RPC-2', 'SDK-ROA-PRIMITIVE', 'SDK-V3-PY', 'X1', 'X2', 'X3', 'X4', 'X5']),
		);
		const excluded = new Set(file.excluded.map((x) => x.id));
		expect(ids.filter((id) => excluded.has(id))).toEqual([]);
	});

	describe.each(file.vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
		it(`reproduces the ${v.scheme} expected values`, () => {
			if (v.scheme === 'RPC-HMAC-SHA1') checkRpc(v);
			else if (v.scheme === 'ACS3-HMAC-SHA256') checkAcs3(v);
			else if (v.scheme === 'HMAC-SHA1-BASE64') {
				expect(hmacSha1Base64(v.accessKeySecret, v.stringToSign!)).toBe(v.expected.signature);
			} else throw new Error(`unknown scheme in vector ${(v as AliVector).id}`);
		});
	});
});

describe('Alibaba Cloud negative controls', () => {
	// The faulty implementations, to prove each control really distinguishes them from ours.
	function faultyUrlSearchParams(v: AliVector): string {
		const sorted = Object.entries(v.params!).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		const query = new URLSearchParams(sorted).toString();
		const stringToSign = `${v.method}&%2F&${encodeRfc3986(query)}`;
		return createHmac('sha1', `${v.accessKeySecret}&`).update(stringToSign).digest('base64');
	}
	function faultyKeyWithoutAmpersand(v: AliVector): string {
		return hmacSha1Base64(v.accessKeySecret, signRpc(v).stringToSign);
	}
	const faulty: Record<string, (v: AliVector) => string> = {
		'X5-NEG-URLSEARCHPARAMS': faultyUrlSearchParams,
		'X5-NEG-KEY-WITHOUT-AMPERSAND': faultyKeyWithoutAmpersand,
	};

	it.each(file.negativeControls.map((n) => [n.id, n] as const))('%s is not produced', (id, n) => {
		const ours = signRpc(n).signature;
		expect(ours).toBe(n.expected.signature);
		expect(ours).not.toBe(n.mustNotEqual);
		expect(faulty[id]).toBeDefined();
		expect(faulty[id](n)).toBe(n.mustNotEqual);
	});
});

describe('Alibaba signer details', () => {
	it('formats the timestamp without milliseconds', () => {
		expect(alibabaTimestamp(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05Z');
	});

	it('sorts upper-case before lower-case (byte order, no locale)', () => {
		expect(canonicalQuery([['AccessKeyId', '1'], ['AITemplateId', '2'], ['action', '3']])).toBe(
			'AITemplateId=2&AccessKeyId=1&action=3',
		);
	});

	it('ignores a Signature parameter given in the signed set', () => {
		const x1 = file.vectors.find((v) => v.id === 'X1')!;
		const withSignature = signAlibabaRpc({
			method: 'POST',
			params: [...queryPairs(x1.params!), ['Signature', 'stale']],
			accessKeySecret: x1.accessKeySecret,
		});
		expect(withSignature.signature).toBe(x1.expected.signature);
	});

	it('ACS3 signs only host, content-type and x-acs-* headers', () => {
		const x3 = file.vectors.find((v) => v.id === 'X3')!;
		const noisy = signAcs3({ ...x3, headers: { ...x3.headers, 'User-Agent': 'n8n', Accept: 'application/json' } });
		expect(noisy.signature).toBe(x3.expected.signature);
	});

	it('ACS3 STS token changes the signature only when present', () => {
		const x3 = file.vectors.find((v) => v.id === 'X3')!;
		const sts = signAcs3({ ...x3, headers: { ...x3.headers, 'x-acs-security-token': 'tok' } });
		expect(sts.signedHeaders).toContain('x-acs-security-token');
		expect(sts.signature).not.toBe(x3.expected.signature);
	});

	it('does not parse a malformed ACS3 Authorization', () => {
		expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host')).toBeUndefined();
	});
});
