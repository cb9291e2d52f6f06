// Issue #2 proof: requests signed by the package's real credentials travel through n8n's own request path
// (WorkflowExecute -> httpRequestWithAuthentication -> credential authenticate -> @n8n/backend-network axios)
// to a loopback server that recomputes the signatures from the bytes it received.
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { callWebhook, probeSignature, PROBE_TYPE, runNode, runWebhookMethod, runWorkflow, WEBHOOK_PROBE_TYPE } from './harness';
import { startVerifierServer, verifyRequest, type VerifierServer } from './harness/signature-verifier';
import { canonicalQuery, queryPairs } from '../credentials/common/signing';

const VOLC_KEY = { id: 'AKLTharnessvolc', secret: 'volc-secret-value' };
const ALI_KEY = { id: 'LTAIharnessali', secret: 'ali-secret-value' };

let server: VerifierServer;
beforeAll(async () => {
	server = await startVerifierServer({ [VOLC_KEY.id]: VOLC_KEY.secret, [ALI_KEY.id]: ALI_KEY.secret });
});
afterAll(async () => await server.close());

type Provider = 'volcengine' | 'acs3' | 'rpc';

function credentialsFor(provider: Provider, secret?: string): Record<string, ICredentialDataDecryptedObject> {
	if (provider === 'volcengine') {
		return {
			volcengineImageXApi: {
				accessKeyId: VOLC_KEY.id,
				secretAccessKey: secret ?? VOLC_KEY.secret,
				region: 'cn-north-1',
				endpoint: `${server.url}/veimagex`,
			},
		};
	}
	return {
		aliyunVodApi: {
			accessKeyId: ALI_KEY.id,
			accessKeySecret: secret ?? ALI_KEY.secret,
			region: 'cn-shanghai',
			endpoint: `${server.url}/vod/cn-shanghai`,
			signatureScheme: provider === 'rpc' ? 'HMAC-SHA1' : 'ACS3-HMAC-SHA256',
		},
	};
}

const credentialType = (provider: Provider) => (provider === 'volcengine' ? 'volcengineImageXApi' : 'aliyunVodApi');
const basePath = (provider: Provider) => (provider === 'volcengine' ? '/veimagex' : '/vod/cn-shanghai');

// The shapes n8n's HTTP Request node produces with a predefined credential.
const TRICKY_QS = { Action: 'ListThings', Version: '2023-05-01', Text: 'a b*c (ü) ~!\'', Empty: '', Multi: ['y', 'x'] };
function shapes(provider: Provider) {
	return [
		{ name: 'relative url + credential endpoint, tricky qs', request: { method: 'GET', url: '/', qs: TRICKY_QS }, qs: TRICKY_QS },
		{
			name: 'relative url + object body',
			request: { method: 'POST', url: '/', qs: { Action: 'Submit', Version: '2023-05-01' }, body: { Prompt: 'a cat * ü', Count: 2 } },
			qs: { Action: 'Submit', Version: '2023-05-01' },
			body: { Prompt: 'a cat * ü', Count: 2 },
		},
		{
			name: 'absolute url with its own query + qs',
			request: { method: 'GET', url: `{server}${basePath(provider)}?Action=Abs&Version=2023-05-01`, qs: { Extra: 'x y' } },
			qs: { Action: 'Abs', Version: '2023-05-01', Extra: 'x y' },
		},
		{
			name: 'undefined qs/header/body values',
			request: { method: 'POST', url: '/', qs: { Action: 'Holes', Version: '2023-05-01', Keep: '1' }, headers: {} },
			undefinedFields: 'qs.Gone,headers.X-Gone,body',
			qs: { Action: 'Holes', Version: '2023-05-01', Keep: '1' },
		},
	];
}

const RPC_COMMON = ['Format', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'Signature'];

/** The business query the server must see, as the provider puts it on the wire. */
function expectedWireQuery(provider: Provider, qs: IDataObject): Array<[string, string]> {
	const pairs = queryPairs(qs as never);
	if (provider === 'acs3') return pairs.filter(([k]) => k !== 'Action' && k !== 'Version'); // they travel as x-acs-* headers
	return pairs;
}

function probe(provider: Provider, request: IDataObject, undefinedFields = '') {
	// `{server}` stands for the verifier's origin, unknown while jest collects the test table.
	const json = JSON.stringify(request).replace('{server}', server.url);
	return { credentialType: credentialType(provider), request: json, undefinedFields };
}

describe.each<Provider>(['volcengine', 'acs3', 'rpc'])('signed requests through n8n (%s)', (provider) => {
	it.each(shapes(provider).map((s) => [s.name, s] as const))('%s: accepted, wire query = signed canonical query', async (_name, shape) => {
		const before = server.requests.length;
		const { items, error } = await runNode({
			type: PROBE_TYPE,
			parameters: probe(provider, shape.request, shape.undefinedFields),
			credentials: credentialsFor(provider),
			input: [{ n: 1 }, { n: 2 }],
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.statusCode)).toEqual([200, 200]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const received = server.requests.slice(before);
		expect(received).toHaveLength(2);
		for (const req of received) {
			expect({ scheme: req.scheme, ok: req.ok, reason: req.reason }).toEqual({ scheme: provider, ok: true, reason: undefined });
			expect(req.wireQueryIsCanonical).toBe(true);
			expect(req.url.split('?')[0]).toBe(basePath(provider));
			const business = provider === 'rpc' ? req.query.filter(([k]) => !RPC_COMMON.includes(k)) : req.query;
			expect(canonicalQuery(business)).toBe(canonicalQuery(expectedWireQuery(provider, shape.qs)));
			if (provider === 'acs3') {
				expect(req.headers['x-acs-action']).toBe(shape.qs.Action);
			}
			if (shape.body) {
				const text = req.body.toString('utf8');
				const sent = provider === 'volcengine' ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
				expect(sent).toEqual(provider === 'volcengine' ? shape.body : { Prompt: 'a cat * ü', Count: '2' });
			} else {
				expect(req.body.length).toBe(0);
			}
			expect(JSON.stringify(req.headers)).not.toContain(provider === 'volcengine' ? VOLC_KEY.secret : ALI_KEY.secret);
		}
	});

	it('rejects a wrong secret (negative control through n8n)', async () => {
		const before = server.requests.length;
		const { items } = await runNode({
			type: PROBE_TYPE,
			parameters: probe(provider, shapes(provider)[1].request),
			credentials: credentialsFor(provider, 'not-the-secret'),
		});
		expect(items.map((i) => i.json.statusCode)).toEqual([403]);
		expect(server.requests.slice(before).map((r) => r.reason)).toEqual(['signature mismatch']);
	});

	it('rejects the accepted request once its body or query is tampered with', async () => {
		const before = server.requests.length;
		await runNode({ type: PROBE_TYPE, parameters: probe(provider, shapes(provider)[1].request), credentials: credentialsFor(provider) });
		const accepted = server.requests[before];
		const secrets = { [VOLC_KEY.id]: VOLC_KEY.secret, [ALI_KEY.id]: ALI_KEY.secret };
		expect(verifyRequest(accepted, secrets).ok).toBe(true);

		const tamperedBody = { ...accepted, body: Buffer.concat([accepted.body, Buffer.from('&x=1')]) };
		expect(verifyRequest(tamperedBody, secrets).ok).toBe(false);
		// Change a signed parameter: Action is in the query (Volcengine, RPC) or in the x-acs-action header (ACS3).
		const tampered =
			provider === 'acs3'
				? { ...accepted, headers: { ...accepted.headers, 'x-acs-action': 'Other' } }
				: { ...accepted, url: accepted.url.replace('Action=Submit', 'Action=Other') };
		expect(tampered).not.toEqual(accepted);
		expect(verifyRequest(tampered, secrets)).toMatchObject({ ok: false, reason: 'signature mismatch' });
	});
});

describe('runNode', () => {
	it('creates binary data through n8n\'s binary data service', async () => {
		const { items, error } = await runNode({
			type: PROBE_TYPE,
			parameters: { ...probe('volcengine', { method: 'GET', url: '/', qs: { Action: 'Bin', Version: '1' } }), binaryPropertyName: 'data' },
			credentials: credentialsFor('volcengine'),
		});
		expect(error).toBeUndefined();
		const binary = items[0].binary?.data;
		expect(binary?.mimeType).toBe('application/json');
		expect(binary?.fileName).toBe('response.json');
		expect(JSON.parse(Buffer.from(binary!.data, 'base64').toString('utf8'))).toMatchObject({ accepted: true });
	});

	it('reports a failing node\'s error, also when the workflow continues on fail', async () => {
		const params = probe('volcengine', { method: 'GET', url: '/' });
		const failed = await runNode({ type: PROBE_TYPE, parameters: params, credentials: {} });
		expect(failed.items).toEqual([]);
		expect(failed.error?.message).toMatch(/credentials/i);

		// n8n 2.41: when a node THROWS under "continue", the engine passes the input through and still records the
		// error; turning a failed item into an error item is the node's own job (its per-item try/catch).
		const continued = await runNode({ type: PROBE_TYPE, parameters: params, credentials: {}, continueOnFail: true, input: [{ a: 1 }] });
		expect(continued.error?.message).toMatch(/credentials/i);
		expect(continued.items.map((i) => i.json)).toEqual([{ a: 1 }]);
	});

	it('applies a generic (declarative) credential with the type\'s defaults', async () => {
		const before = server.requests.length;
		const { items } = await runNode({
			type: PROBE_TYPE,
			parameters: { credentialType: 'harnessGenericApi', request: JSON.stringify({ method: 'GET', url: `${server.url}/plain` }) },
			credentials: { harnessGenericApi: { apiKey: 'k-123' } },
		});
		expect(items[0].json.statusCode).toBe(403); // unsigned for the verifier, but it arrived:
		const req = server.requests[before];
		expect(req.headers['x-api-key']).toBe('k-123');
		expect(req.url).toBe('/plain?tenant=default-tenant');
	});

	it('rejects an unknown node type with the fix in the message', async () => {
		await expect(runNode({ type: 'noSuchNode', parameters: {} })).rejects.toThrow(/unknown node type/);
	});
});

describe('runWorkflow', () => {
	it('runs a chain from the manual trigger and exposes each node\'s output', async () => {
		const request = JSON.stringify({ method: 'GET', url: '/', qs: { Action: 'Chain', Version: '1' } });
		const node = (name: string, x: number) => ({
			id: name, name, type: PROBE_TYPE, typeVersion: 1, position: [x, 0] as [number, number],
			parameters: { credentialType: 'volcengineImageXApi', request },
			credentials: { volcengineImageXApi: { id: '1', name: 'volc' } },
		});
		const { output, error } = await runWorkflow({
			workflow: {
				nodes: [
					{ id: 't', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					node('First', 200),
					node('Second', 400),
				],
				connections: {
					Manual: { main: [[{ node: 'First', type: 'main', index: 0 }]] },
					First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] },
				},
			},
			credentials: credentialsFor('volcengine'),
		});
		expect(error).toBeUndefined();
		expect(output('Manual').map((i: INodeExecutionData) => i.json)).toEqual([{}]);
		expect(output('Second').map((i: INodeExecutionData) => i.json.statusCode)).toEqual([200]);
	});
});

describe('webhooks', () => {
	const secret = 'probe-secret';
	const body = JSON.stringify({ jobId: 'j-1', status: 'done', note: 'ü *' });

	it('runs webhookMethods with persisted node static data and n8n\'s production/test URLs', async () => {
		const created = await runWebhookMethod({ type: WEBHOOK_PROBE_TYPE, parameters: { secret }, method: 'create', webhookId: 'hook-1' });
		expect(created).toEqual({
			result: true,
			staticData: { registeredUrl: 'http://127.0.0.1:5678/webhook/hook-1/probe', secret, activation: 'activate' },
		});
		const common = { type: WEBHOOK_PROBE_TYPE, parameters: { secret }, staticData: created.staticData, webhookId: 'hook-1' };
		expect((await runWebhookMethod({ ...common, method: 'checkExists' })).result).toBe(true);
		expect((await runWebhookMethod({ ...common, method: 'checkExists', isTest: true })).result).toBe(false);
		const test = await runWebhookMethod({ ...common, method: 'create', isTest: true });
		expect(test.staticData).toMatchObject({ registeredUrl: 'http://127.0.0.1:5678/webhook-test/hook-1/probe', activation: 'manual' });
		const custom = await runWebhookMethod({ ...common, method: 'create', webhookUrl: 'https://n8n.example.com/webhook/x' });
		expect(custom.staticData.registeredUrl).toBe('https://n8n.example.com/webhook/x');
		expect((await runWebhookMethod({ ...common, method: 'delete' })).staticData).toEqual({ activation: 'activate' });
	});

	it('hands the raw bytes to webhook(), applies n8n\'s response rules and persists static data', async () => {
		const request = {
			url: '/webhook/hook-1/probe?src=vod',
			headers: { 'Content-Type': 'application/json', 'X-Probe-Signature': probeSignature(secret, body) },
			rawBody: body,
		};
		const first = await callWebhook({ type: WEBHOOK_PROBE_TYPE, parameters: {}, staticData: { secret }, request, webhookId: 'hook-1' });
		expect(first.response).toEqual({ statusCode: 200, body: { received: true }, headers: {} });
		expect(first.workflowData?.[0][0].json).toEqual({
			body: JSON.parse(body),
			query: { src: 'vod' },
			rawBody: body,
			productionUrl: 'http://127.0.0.1:5678/webhook/hook-1/probe',
			resourceUrl: 'http://127.0.0.1:5678/webhook/hook-1/probe',
			mode: 'webhook',
		});
		const second = await callWebhook({ type: WEBHOOK_PROBE_TYPE, parameters: {}, staticData: first.staticData, request, webhookId: 'hook-1', isTest: true });
		expect(second.staticData).toEqual({ secret, deliveries: 2 });
		expect(second.workflowData?.[0][0].json).toMatchObject({
			productionUrl: 'http://127.0.0.1:5678/webhook/hook-1/probe', // n8n: always the production URL
			resourceUrl: 'http://127.0.0.1:5678/webhook-test/hook-1/probe',
			mode: 'manual',
		});
	});

	it('returns what the node wrote itself when it rejects a request', async () => {
		const result = await callWebhook({
			type: WEBHOOK_PROBE_TYPE,
			parameters: {},
			staticData: { secret },
			request: { headers: { 'content-type': 'application/json', 'x-probe-signature': probeSignature('wrong', body) }, rawBody: body },
		});
		expect(result).toMatchObject({ noWebhookResponse: true, response: { statusCode: 401, body: 'Unauthorized' }, staticData: { secret } });
		expect(result.workflowData).toBeUndefined();
	});
});
