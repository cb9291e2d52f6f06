import {
	EMPTY_BODY_SHA256,
	encodeRfc3986,
	parseVolcengineAuthorization,
	queryPairs,
	sha256Hex,
	signVolcengine,
	volcengineXDate,
} from '../../credentials/common/signing';
import { loadVectors } from './vectors';

interface VolcVector {
	id: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: string;
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
	service: string;
	xDate: string;
	expected: Partial<
		Record<'canonicalQuery' | 'signedHeaders' | 'canonicalRequestSha256' | 'authorization' | 'signature' | 'bodySha256', string>
	>;
}
interface VolcFile {
	emptyBodySha256: string;
	vectors: VolcVector[];
	encodingVectors: Array<{ id: string; input: string; expected: string }>;
}

const file = loadVectors<VolcFile>('volcengine-signing.json');

function sign(v: VolcVector) {
	return signVolcengine({
		method: v.method,
		path: v.path,
		query: queryPairs(v.query),
		headers: v.headers,
		body: v.body,
		accessKeyId: v.accessKeyId,
		secretAccessKey: v.secretAccessKey,
		region: v.region,
		service: v.service,
	});
}

describe('Volcengine HMAC-SHA256 vectors', () => {
	it('covers every vector in the file (V1, V1b, V2, V3, V4)', () => {
		expect(file.vectors.map((v) => v.id)).toEqual(['V1', 'V1b', 'V2', 'V3', 'V4']);
		expect(EMPTY_BODY_SHA256).toBe(file.emptyBodySha256);
	});

	describe.each(file.vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
		const result = sign(v);

		it('reproduces every expected value given', () => {
			const { expected } = v;
			expect(result.signature).toBe(expected.signature);
			if (expected.canonicalQuery) expect(result.canonicalQuery).toBe(expected.canonicalQuery);
			if (expected.signedHeaders) expect(result.signedHeaders).toBe(expected.signedHeaders);
			if (expected.canonicalRequestSha256) {
				expect(result.canonicalRequestSha256).toBe(expected.canonicalRequestSha256);
			}
			if (expected.authorization) expect(result.authorization).toBe(expected.authorization);
			if (expected.bodySha256) expect(sha256Hex(v.body)).toBe(expected.bodySha256);
		});

		it('puts the body hash on the last line and the X-Date scope in the string to sign', () => {
			expect(result.canonicalRequest.split('\n').pop()).toBe(sha256Hex(v.body));
			expect(result.stringToSign).toBe(
				`HMAC-SHA256\n${v.xDate}\n${v.xDate.slice(0, 8)}/${v.region}/${v.service}/request\n${result.canonicalRequestSha256}`,
			);
		});

		it('parses its own Authorization back', () => {
			expect(parseVolcengineAuthorization(result.authorization)).toEqual({
				accessKeyId: v.accessKeyId,
				shortDate: v.xDate.slice(0, 8),
				region: v.region,
				service: v.service,
				signedHeaders: result.signedHeaders.split(';'),
				signature: result.signature,
			});
		});

		it('changes when one signed input changes', () => {
			expect(sign({ ...v, body: `${v.body} ` }).signature).not.toBe(result.signature);
			expect(sign({ ...v, region: 'ap-southeast-1' }).signature).not.toBe(result.signature);
		});
	});

	it.each(file.encodingVectors.map((e) => [e.id, e] as const))('%s query encoding', (_id, e) => {
		expect(encodeRfc3986(e.input)).toBe(e.expected);
	});
});

describe('Volcengine signer details', () => {
	const base = file.vectors.find((v) => v.id === 'V3')!;

	it('formats X-Date without separators or milliseconds', () => {
		expect(volcengineXDate(new Date('2025-07-28T08:12:37.456Z'))).toBe('20250728T081237Z');
	});

	it('rejects a missing X-Date instead of signing garbage', () => {
		expect(() => sign({ ...base, headers: { 'X-Security-Token': 't' } })).toThrow(/X-Date/);
	});

	it('signs repeated keys as sorted repeated pairs and drops undefined', () => {
		const result = signVolcengine({
			method: 'GET',
			path: '/',
			query: queryPairs({ Action: 'A', Tag: ['b', 'a'], Skip: undefined, Empty: null }),
			headers: { 'X-Date': base.xDate },
			body: '',
			accessKeyId: 'ak',
			secretAccessKey: 'sk',
			region: 'cn-north-1',
			service: 'imagex',
		});
		expect(result.canonicalQuery).toBe('Action=A&Tag=a&Tag=b');
	});

	it('encodes path segments in the canonical URI (endpoint path prefixes)', () => {
		const result = signVolcengine({
			method: 'GET',
			path: '/veimagex/a b',
			query: [],
			headers: { 'X-Date': base.xDate },
			body: '',
			accessKeyId: 'ak',
			secretAccessKey: 'sk',
			region: 'cn-north-1',
			service: 'imagex',
		});
		expect(result.canonicalRequest.split('\n')[1]).toBe('/veimagex/a%20b');
	});

	it('does not parse a malformed Authorization', () => {
		expect(parseVolcengineAuthorization('HMAC-SHA256 Credential=ak/2025/cn/imagex/request')).toBeUndefined();
		expect(parseVolcengineAuthorization('Bearer x')).toBeUndefined();
	});
});
