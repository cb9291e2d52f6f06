// The HTTP Request node part of `npm run test:n8n`: the real n8n app's own HTTP Request node (v4.2, "Predefined
// Credential Type") signing with this package's credentials. (1) The test matrix of test/http-request against the
// loopback verifier (our signer and the official SDK signers must both accept; path, query, token and body arrive as
// typed); (2) examples/http-request-*.json against the sandbox, Alibaba with both schemes.
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { loadExample, type ExampleWorkflow } from '../demo/examples';
import type { Sandbox } from '../sandbox';
import { startVerifierServer, type VerifierServer } from '../test/harness/signature-verifier';
import { HTTP_REQUEST_TYPE } from '../test/harness/http-request-node';
import {
	BODY_MODES,
	HTTP_REQUEST_VERSION,
	QUERY_MODES,
	SECRETS,
	SIGNERS,
	arrivalProblems,
	credentialType,
	credentialsFor,
	httpNodeCase,
	type HttpNodeCase,
	type Signer,
} from '../test/http-request/cases';
import { HTTP_REQUEST_EXAMPLES, httpRequestsToSandbox } from '../test/http-request/sandbox-urls';

export interface HttpCheckContext {
	sb: Sandbox;
	importWorkflow(wf: ExampleWorkflow, id: string): Promise<string>;
	execute(id: string): Promise<IDataObject | undefined>;
	nodeOutput(run: IDataObject | undefined, nodeName: string): Array<{ json: IDataObject }>;
	check(name: string, ok: boolean, detail: string): boolean;
}

const TRIGGER = 'When clicking ‘Execute workflow’';
const matrixCredentialId = (signer: Signer) => `http-matrix-${signer}`;
const RPC_SANDBOX_CREDENTIAL = 'sandbox-aliyun-vod-rpc';

/** Credentials to import before the run: one per signer for the matrix, and the sandbox VOD key with RPC. */
export function httpRequestCredentials(sb: Sandbox): Array<{ id: string; name: string; type: string; data: object }> {
	return [
		...SIGNERS.map((signer) => ({
			id: matrixCredentialId(signer),
			name: `HTTP Request matrix ${signer} (STS)`,
			type: credentialType(signer),
			data: Object.values(credentialsFor(signer, true))[0],
		})),
		{ id: RPC_SANDBOX_CREDENTIAL, name: 'Alibaba Cloud VOD (sandbox, RPC)', type: 'aliyunVodApi', data: { ...sb.credentials.aliyun, signatureScheme: 'HMAC-SHA1' } },
	];
}

/** One workflow per signer: Manual Trigger -> one HTTP Request node per (query placement, body type). */
function matrixWorkflow(signer: Signer, verifierUrl: string): { wf: ExampleWorkflow; cases: HttpNodeCase[] } {
	const cases = QUERY_MODES.flatMap((q) => BODY_MODES.map((b) => httpNodeCase(signer, q, b, true, verifierUrl)));
	const nodes: INode[] = [{ id: `${signer}-trigger`, name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: IConnections = {};
	cases.forEach((c, i) => {
		nodes.push({
			id: `${signer}-case-${i}`,
			name: c.title,
			type: HTTP_REQUEST_TYPE,
			typeVersion: HTTP_REQUEST_VERSION,
			position: [240 * (i + 1), 0],
			parameters: c.parameters,
			credentials: { [credentialType(signer)]: { id: matrixCredentialId(signer), name: `HTTP Request matrix ${signer} (STS)` } },
		});
		connections[nodes[i].name] = { main: [[{ node: c.title, type: 'main', index: 0 }]] };
	});
	return { wf: { name: `HTTP Request matrix: ${signer}`, nodes, connections, pinData: {} } as ExampleWorkflow, cases };
}

export async function runHttpRequestChecks(ctx: HttpCheckContext, verifier: VerifierServer): Promise<void> {
	for (const signer of SIGNERS) {
		const { wf, cases } = matrixWorkflow(signer, verifier.url);
		const before = verifier.requests.length;
		await ctx.execute(await ctx.importWorkflow(wf, `httpMatrix${signer}`));
		const received = verifier.requests.slice(before);
		const problems = cases.flatMap((c, i) => (received[i] ? arrivalProblems(c, received[i]) : ['not received']).map((p) => `${c.title}: ${p}`));
		ctx.check(
			`HTTP Request node matrix, ${signer} + STS (n8n execute)`,
			received.length === cases.length && problems.length === 0,
			`${received.length}/${cases.length} requests; query typed/params/both × body none/JSON/form/raw; ${problems.length === 0 ? 'all accepted by our and the official SDK verifier, path/query/body as typed' : problems.slice(0, 3).join('; ')}`,
		);
	}

	for (const example of HTTP_REQUEST_EXAMPLES) {
		const variants = example === 'http-request-aliyun' ? [undefined, RPC_SANDBOX_CREDENTIAL] : [undefined];
		for (const credentialId of variants) {
			const wf = httpRequestsToSandbox(loadExample(example), ctx.sb);
			if (credentialId) for (const node of wf.nodes) if (node.credentials?.aliyunVodApi) node.credentials.aliyunVodApi = { id: credentialId, name: credentialId };
			const before = ctx.sb.requests.length;
			const run = await ctx.execute(await ctx.importWorkflow(wf, `ex${example.replace(/-/g, '')}${credentialId ? 'Rpc' : ''}`));
			const requests = ctx.sb.requests.slice(before);
			const httpNodes = wf.nodes.filter((n) => n.type === HTTP_REQUEST_TYPE).map((n) => n.name);
			const outputs = httpNodes.filter((name) => ctx.nodeOutput(run, name).length === 1).length;
			const bad = requests.filter((r) => r.status !== 200 || r.signature !== 'ok');
			ctx.check(
				`examples/${example}.json${credentialId ? ' (RPC HMAC-SHA1)' : ''} (n8n execute, sandbox)`,
				requests.length === httpNodes.length && bad.length === 0 && outputs === httpNodes.length,
				`${requests.length} signed requests (${requests.map((r) => r.action).join(', ')}), ${outputs}/${httpNodes.length} nodes answered${bad.length ? `; rejected: ${bad.map((r) => `${r.action} ${r.status} ${r.signature}`).join(', ')}` : ''}`,
			);
		}
	}
}

export { startVerifierServer, SECRETS };
