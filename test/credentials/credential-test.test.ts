/**
 * The credential modal's "test" (issue 17 point 6): n8n 2.41 uses a credential type's own `test` before any node's
 * `testedBy`, and a declarative test can only map a status to a fixed text. So the credentials have none, and the
 * action nodes test with a function that runs their transport. Driven here as n8n drives it (n8n-core's
 * CredentialTestContext, its legacy `request` helper) against the sandbox.
 */
import { createServer } from 'node:net';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, INodeCredentialTestResult, INodeType } from 'n8n-workflow';

import { DEMO_KEYS, startSandbox, type Sandbox } from '../../sandbox';
import { loadPackage } from '../harness/package-loader';

/** A loopback port nobody listens on (taken, then released). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as { port: number };
	await new Promise((done) => server.close(done));
	return port;
}

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast' });
});
afterAll(async () => await sb.stop());

const cases = [
	{ node: 'veImageXAiQueue', credential: 'volcengineImageXApi', secretField: 'secretAccessKey', tokenField: 'sessionToken', action: 'GetImageAIProcessQueues', region: 'cn-north-1' },
	{ node: 'aliyunVodAiImage', credential: 'aliyunVodApi', secretField: 'accessKeySecret', tokenField: 'securityToken', action: 'ListAITemplate', region: 'cn-shanghai' },
] as const;

function credentialsOf(type: (typeof cases)[number]['credential']): ICredentialDataDecryptedObject {
	return { ...(type === 'volcengineImageXApi' ? sb.credentials.volcengine : sb.credentials.aliyun) };
}

async function runTest(c: (typeof cases)[number], data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const loader = await loadPackage();
	const nodeType = loader.nodeTypes[c.node].type as INodeType;
	const entry = nodeType.description.credentials!.find((e) => e.name === c.credential)!;
	const test = nodeType.methods!.credentialTest![entry.testedBy as string];
	return await test.call(new CredentialTestContext() as unknown as ICredentialTestFunctions, { id: 'c', name: 'c', type: c.credential, data });
}

describe.each(cases)('$credential credential test (by node $node)', (c) => {
	test('n8n picks the node\'s function: the credential type has no declarative test, the node names an existing method', async () => {
		const loader = await loadPackage();
		expect(loader.credentialTypes[c.credential].type).not.toHaveProperty('test');
		// Every node using the credential (action node and trigger) names the same test, so whichever n8n finds first runs it.
		const users = Object.values(loader.nodeTypes)
			.map(({ type }) => type as INodeType)
			.filter((nodeType) => nodeType.description.credentials?.some((e) => e.name === c.credential));
		expect(users.length).toBe(2);
		for (const nodeType of users) {
			const entry = nodeType.description.credentials!.find((e) => e.name === c.credential)!;
			expect(entry.testedBy).toBe(`${c.credential}Test`);
			expect(typeof nodeType.methods?.credentialTest?.[entry.testedBy as string]).toBe('function');
		}
	});

	test('good keys: OK, saying what answered', async () => {
		const result = await runTest(c, credentialsOf(c.credential));
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining(`answered ${c.action} in region ${c.region}`) });
	});

	test('wrong secret: the provider\'s code, message, RequestId and what to check — never the secret or token', async () => {
		// The STS demo key with its real token and a wrong secret: the token is sent (signed) and must not come back.
		const sts = DEMO_KEYS[c.credential === 'volcengineImageXApi' ? 'veimagex' : 'vod'][1];
		const token = sts.sessionTokens![0];
		const data = { ...credentialsOf(c.credential), accessKeyId: sts.accessKeyId, [c.secretField]: 'Wrong-Secret-0123456789', [c.tokenField]: token };
		const result = await runTest(c, data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/error SignatureDoesNotMatch: [\s\S]+\(RequestId [\w-]+\)/);
		expect(result.message).toMatch(/ — .*(Secret|secret)/);
		expect(result.message).not.toContain('Wrong-Secret-0123456789');
		expect(result.message).not.toContain(token);
	});

	test('unknown access key: named as such', async () => {
		const result = await runTest(c, { ...credentialsOf(c.credential), accessKeyId: 'AKLTnosuchkey000' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/InvalidAccessKey/);
	});

	test('nothing listening at the endpoint: an error, not a hang', async () => {
		const port = await closedPort();
		const endpoint = c.credential === 'volcengineImageXApi' ? `http://127.0.0.1:${port}/veimagex` : `http://127.0.0.1:${port}/vod/cn-shanghai`;
		const result = await runTest(c, { ...credentialsOf(c.credential), endpoint });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/ECONNREFUSED|connect|connection/i);
	});
});
