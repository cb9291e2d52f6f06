// Both credentials used from n8n's REAL HTTP Request node (n8n-nodes-base 2.41.1, v4.2, "Predefined Credential
// Type") on the harness, against a loopback server that checks every signature twice: with this package's pure
// signing modules and with the providers' official SDK signers. Every Body Content Type, the query typed in the URL,
// as query parameters and both, GET and POST, both Alibaba schemes, with and without STS tokens. The credentials'
// endpoint points at an address nothing listens on: the request must go where the URL typed in the node says.
import { runNode, type RunNodeOptions } from '../harness';
import { startVerifierServer, type VerifiedRequest, type VerifierServer } from '../harness/signature-verifier';
import {
	BODY_MODES,
	HTTP_REQUEST_VERSION,
	QUERY_MODES,
	SECRETS,
	SIGNERS,
	arrivalProblems,
	credentialsFor,
	httpNodeCase,
	type HttpNodeCase,
} from './cases';

let server: VerifierServer;
beforeAll(async () => {
	server = await startVerifierServer(SECRETS);
});
afterAll(async () => await server.close());

/** Runs the HTTP Request node for one case; `received` = what reached the verifier during the run. */
async function runHttpNode(c: HttpNodeCase, input?: RunNodeOptions['input']) {
	const before = server.requests.length;
	const result = await runNode({
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		parameters: c.parameters,
		credentials: credentialsFor(c.signer, c.sts),
		input,
	});
	return { ...result, before, received: server.requests.slice(before) };
}

async function runCase(c: HttpNodeCase): Promise<VerifiedRequest> {
	const { items, error, before, received } = await runHttpNode(c);
	expect(error?.message).toBeUndefined();
	expect(received.length).toBe(1);
	expect(items.map((i) => i.json)).toEqual([{ accepted: true, scheme: c.signer, index: before }]);
	return received[0];
}

function assertArrived(c: HttpNodeCase, r: VerifiedRequest): void {
	expect({ case: c.title, problems: arrivalProblems(c, r) }).toEqual({ case: c.title, problems: [] });
}

const MATRIX = SIGNERS.flatMap((signer) => QUERY_MODES.flatMap((q) => BODY_MODES.map((b) => [signer, q, b] as const)));

describe('HTTP Request node (n8n-nodes-base 2.41.1, v4.2) with the predefined credentials', () => {
	test.each(MATRIX)('%s + STS, query %s, body %s: accepted, path and query as typed', async (signer, queryMode, bodyMode) => {
		const c = httpNodeCase(signer, queryMode, bodyMode, true, server.url);
		assertArrived(c, await runCase(c));
	});

	test.each(SIGNERS)('%s without STS token, query typed in the URL', async (signer) => {
		const c = httpNodeCase(signer, 'typed in URL', 'form', false, server.url);
		const received = await runCase(c);
		assertArrived(c, received);
		// The check can fail: the same request does not satisfy the STS case or another body.
		expect(arrivalProblems({ ...c, sts: true }, received)).toEqual([expect.stringMatching(/^security token/)]);
		expect(arrivalProblems(httpNodeCase(signer, 'typed in URL', 'raw', false, server.url), received).length).toBeGreaterThan(0);
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
		const { error, received } = await runHttpNode(c, [
			{ json: {}, binary: { file: { data: bytes.toString('base64'), mimeType: 'application/octet-stream', fileName: 'f.bin' } } },
		]);
		expect(error?.message).toBeUndefined();
		const [r] = received;
		expect({ ok: r.ok, official: r.official }).toEqual({ ok: true, official: 'accepted' });
		expect(r.body.equals(bytes)).toBe(true);
	});

	test.each(['volcengine', 'acs3'] as const)('%s: a Form-Data (multipart) body is refused before sending, with what to use instead', async (signer) => {
		const c = httpNodeCase(signer, 'typed in URL', 'form', true, server.url);
		c.parameters.contentType = 'multipart-form-data';
		const { error, received } = await runHttpNode(c);
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/Multipart.*cannot be signed.*Form Urlencoded/s);
		expect(received).toEqual([]);
	});

	test('RPC with a raw text body is refused (RPC cannot sign it), naming the fix', async () => {
		const c = httpNodeCase('rpc', 'typed in URL', 'raw', true, server.url);
		c.parameters.rawContentType = 'text/plain';
		const { error, received } = await runHttpNode(c);
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/RPC.*Form Urlencoded.*ACS3/s);
		expect(received).toEqual([]);
		expect(JSON.stringify(error)).not.toContain(SECRETS.LTAIaliHttpNode);
	});
});
