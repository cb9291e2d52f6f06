// Both credentials used from n8n's REAL HTTP Request node (n8n-nodes-base 2.41.1, v4.2, "Predefined Credential
// Type") on the harness, against a loopback server that checks every signature twice: with this package's pure
// signing modules and with the providers' official SDK signers. Every Body Content Type, the query typed in the URL,
// as query parameters and both, GET and POST, both Alibaba schemes, with and without STS tokens. The credentials'
// endpoint points at an address nothing listens on: the request must go where the URL typed in the node says.
import { runNode } from '../harness';
import { startVerifierServer, type VerifiedRequest, type VerifierServer } from '../harness/signature-verifier';
import { parseQueryString } from '../../credentials/common/signing';
import {
	HTTP_REQUEST_VERSION,
	SECRETS,
	STS_TOKENS,
	credentialsFor,
	httpNodeCase,
	type BodyMode,
	type HttpNodeCase,
	type QueryMode,
	type Signer,
} from './cases';

const RPC_COMMON = ['Format', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'SecurityToken', 'Signature'];

let server: VerifierServer;
beforeAll(async () => {
	server = await startVerifierServer(SECRETS);
});
afterAll(async () => await server.close());

async function runCase(c: HttpNodeCase): Promise<VerifiedRequest> {
	const before = server.requests.length;
	const { items, error } = await runNode({
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		parameters: c.parameters,
		credentials: credentialsFor(c.signer, c.sts),
	});
	expect(error?.message).toBeUndefined();
	expect(server.requests.length).toBe(before + 1);
	const received = server.requests[before];
	expect(items.map((i) => i.json)).toEqual([{ accepted: true, scheme: c.signer, index: before }]);
	return received;
}

const sorted = (pairs: Array<[string, string]>) => [...pairs].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));

function assertArrived(c: HttpNodeCase, r: VerifiedRequest): void {
	// Accepted by both verifiers, on the typed path, with the canonical query on the wire.
	expect({ ok: r.ok, reason: r.reason, official: r.official, canonical: r.wireQueryIsCanonical }).toEqual({
		ok: true, reason: undefined, official: 'accepted', canonical: true,
	});
	expect(r.url.split('?')[0]).toBe(c.path);
	const header = (name: string) => r.headers[name] as string | undefined;
	if (c.signer === 'acs3') {
		// ACS3 carries Action and Version as signed headers; the rest of the query stays in the URL.
		expect([header('x-acs-action'), header('x-acs-version')]).toEqual([c.query[0][1], c.query[1][1]]);
		expect(sorted(r.query)).toEqual(sorted(c.query.slice(2)));
	} else {
		expect(sorted(r.query.filter(([k]) => c.signer !== 'rpc' || !RPC_COMMON.includes(k)))).toEqual(sorted(c.query));
	}
	const token = c.signer === 'volcengine' ? header('x-security-token') : c.signer === 'acs3' ? header('x-acs-security-token')
		: r.query.find(([k]) => k === 'SecurityToken')?.[1];
	expect(token).toBe(c.sts ? (c.signer === 'volcengine' ? STS_TOKENS.volcengine : STS_TOKENS.alibaba) : undefined);
	const text = r.body.toString('utf8');
	if (!c.body) {
		expect(text).toBe('');
		return;
	}
	expect(header('content-type')).toMatch(c.body.contentType);
	if (c.body.kind === 'json') expect(JSON.parse(text)).toEqual(c.body.value);
	else if (c.body.kind === 'form') expect(parseQueryString(text)).toEqual(c.body.value);
	else expect(text).toBe(c.body.value);
}

const SIGNERS: Signer[] = ['volcengine', 'acs3', 'rpc'];
const QUERY_MODES: QueryMode[] = ['typed in URL', 'query parameters', 'both'];
const BODY_MODES: BodyMode[] = ['none', 'json', 'form', 'raw'];
const MATRIX = SIGNERS.flatMap((signer) => QUERY_MODES.flatMap((q) => BODY_MODES.map((b) => [signer, q, b] as const)));

describe('HTTP Request node (n8n-nodes-base 2.41.1, v4.2) with the predefined credentials', () => {
	test.each(MATRIX)('%s + STS, query %s, body %s: accepted, path and query as typed', async (signer, queryMode, bodyMode) => {
		const c = httpNodeCase(signer, queryMode, bodyMode, true, server.url);
		assertArrived(c, await runCase(c));
	});

	test.each(SIGNERS)('%s without STS token, query typed in the URL', async (signer) => {
		const c = httpNodeCase(signer, 'typed in URL', 'form', false, server.url);
		assertArrived(c, await runCase(c));
	});

	test('a query typed with repeated keys keeps every value (Volcengine)', async () => {
		const c = httpNodeCase('volcengine', 'typed in URL', 'none', false, server.url);
		c.parameters.url = `${c.parameters.url as string}&Status=Fail&Status=Success`;
		const r = await runCase(c);
		expect(r.ok && r.wireQueryIsCanonical).toBe(true);
		expect(r.query.filter(([k]) => k === 'Status')).toEqual([['Status', 'Fail'], ['Status', 'Success']]);
	});

	test('an n8n binary file body is hashed and sent byte for byte (Volcengine)', async () => {
		const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
		const c = httpNodeCase('volcengine', 'typed in URL', 'none', true, server.url);
		Object.assign(c.parameters, { method: 'POST', sendBody: true, contentType: 'binaryData', inputDataFieldName: 'file' });
		const before = server.requests.length;
		const { error } = await runNode({
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			parameters: c.parameters,
			credentials: credentialsFor('volcengine', true),
			input: [{ json: {}, binary: { file: { data: bytes.toString('base64'), mimeType: 'application/octet-stream', fileName: 'f.bin' } } }],
		});
		expect(error?.message).toBeUndefined();
		const r = server.requests[before];
		expect({ ok: r.ok, official: r.official }).toEqual({ ok: true, official: 'accepted' });
		expect(r.body.equals(bytes)).toBe(true);
	});

	test.each(['volcengine', 'acs3'] as const)('%s: a Form-Data (multipart) body is refused before sending, with what to use instead', async (signer) => {
		const c = httpNodeCase(signer, 'typed in URL', 'form', true, server.url);
		c.parameters.contentType = 'multipart-form-data';
		const before = server.requests.length;
		const { error } = await runNode({
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			parameters: c.parameters,
			credentials: credentialsFor(signer, true),
		});
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/Multipart.*cannot be signed.*Form Urlencoded/s);
		expect(server.requests.length).toBe(before);
	});

	test('RPC with a raw text body is refused (RPC cannot sign it), naming the fix', async () => {
		const c = httpNodeCase('rpc', 'typed in URL', 'raw', true, server.url);
		c.parameters.rawContentType = 'text/plain';
		const before = server.requests.length;
		const { error } = await runNode({
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			parameters: c.parameters,
			credentials: credentialsFor('rpc', true),
		});
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/RPC.*Form Urlencoded.*ACS3/s);
		expect(server.requests.length).toBe(before);
		expect(JSON.stringify(error)).not.toContain(SECRETS.LTAIaliHttpNode);
	});
});
