// Runs examples/http-request-*.json (n8n's real HTTP Request node with this package's credentials, every Body
// Content Type) on the harness against the sandbox, which verifies each signature as the cloud does; Alibaba
// with both signature schemes and with an STS token.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_KEYS } from '../../sandbox/core/keys';
import { loadExample, sandboxCredentials } from '../../demo/examples';
import { runWorkflow } from '../harness';
import { httpRequestsToSandbox } from '../http-request/sandbox-urls';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast' });
});
afterAll(async () => await sb.stop());

function httpNodes(file: string): string[] {
	return loadExample(file).nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest').map((n) => n.name);
}

async function run(file: string, credentialOverrides: ICredentialDataDecryptedObject) {
	const credentials = sandboxCredentials(sb);
	const type = file.includes('volcengine') ? 'volcengineImageXApi' : 'aliyunVodApi';
	credentials[type] = { ...credentials[type], ...credentialOverrides };
	const before = sb.requests.length;
	const result = await runWorkflow({ workflow: httpRequestsToSandbox(loadExample(file), sb), credentials });
	return { result, requests: sb.requests.slice(before) };
}

/** The sandbox's temporary (STS) key of a provider, as credential fields. */
function sts(provider: 'veimagex' | 'vod'): ICredentialDataDecryptedObject {
	const key = DEMO_KEYS[provider].find((k) => k.sessionTokens)!;
	return provider === 'veimagex'
		? { accessKeyId: key.accessKeyId, secretAccessKey: key.secret, sessionToken: key.sessionTokens![0] }
		: { accessKeyId: key.accessKeyId, accessKeySecret: key.secret, securityToken: key.sessionTokens![0] };
}

test.each([
	['long-term keys', {}],
	['an STS token', sts('veimagex')],
])('http-request-volcengine.json with %s: query in URL / parameters, JSON and Raw bodies, verified by the sandbox', async (_keys, overrides) => {
	const { result, requests } = await run('http-request-volcengine', overrides);
	expect(result.error?.message).toBeUndefined();
	expect(requests.map((r) => [r.action, r.status, r.signature])).toEqual([
		['GetImageAIProcessQueues', 200, 'ok'],
		['CreateImageAIProcessQueue', 200, 'ok'],
		['CreateImageAIProcessQueue', 200, 'ok'],
		['GetImageAIProcessQueues', 200, 'ok'],
	]);
	for (const name of httpNodes('http-request-volcengine')) {
		const [item, ...rest] = result.output(name);
		expect({ name, rest: rest.length, error: (item?.json.ResponseMetadata as IDataObject)?.Error }).toEqual({ name, rest: 0, error: undefined });
	}
	expect(result.output('Create queue (JSON body)')[0].json.Result).toEqual({ QueueId: expect.any(String) });
	const created = ['Create queue (JSON body)', 'Create queue (Raw body)'].map((n) => (result.output(n)[0].json.Result as IDataObject).QueueId);
	const found = (result.output('List queues again (query parameters)')[0].json.Result as { Queues: Array<{ Id: string; Name: string }> }).Queues;
	expect(found.filter((q) => created.includes(q.Id)).map((q) => q.Name).sort()).toEqual(['n8n-http-json', 'n8n-http-raw']);
});

test.each([
	['ACS3-HMAC-SHA256', 'long-term keys', {}],
	['HMAC-SHA1', 'long-term keys', {}],
	['ACS3-HMAC-SHA256', 'an STS token', sts('vod')],
	['HMAC-SHA1', 'an STS token', sts('vod')],
])('http-request-aliyun.json, %s with %s: query in URL / parameters, Form, JSON and Raw bodies', async (signatureScheme, _keys, overrides) => {
	const { result, requests } = await run('http-request-aliyun', { signatureScheme, ...overrides });
	expect(result.error?.message).toBeUndefined();
	expect(requests.map((r) => [r.action, r.status, r.signature])).toEqual([
		['ListAITemplate', 200, 'ok'],
		['GetAIImageJobs', 200, 'ok'],
		['GetAIImageJobs', 200, 'ok'],
		['GetAIImageJobs', 200, 'ok'],
	]);
	const templates = result.output('List AI templates (query typed in the URL)')[0].json;
	expect(templates.RequestId).toEqual(expect.any(String));
	expect((templates.TemplateInfoList as IDataObject[]).length).toBeGreaterThan(0);
	for (const name of httpNodes('http-request-aliyun').slice(1)) {
		expect({ name, jobs: result.output(name)[0]?.json.AIImageJobList }).toEqual({ name, jobs: [] });
	}
});
