/**
 * Function-based credential tests (the nodes' `testedBy`). n8n's declarative credential test can only map an HTTP
 * status to a fixed text, so the credential modal never showed the provider's error code, message or RequestId.
 * These run the node's own transport — the same signing (the credential's `authenticate()`), envelope checks, error
 * mapping and hints as every operation — on a minimal list-search-like context, and report its error text, scrubbed
 * of the credential's secrets.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { SecretScrubber } from './secrets';

export type Authenticate = (credentials: ICredentialDataDecryptedObject, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/** How long the modal waits for the provider: a hung endpoint must end in a message, not a spinner. */
const TEST_TIMEOUT_MS = 15_000;

/** A context that offers what the transports use outside executions: node, credential, signed HTTP. */
function testContext(fns: ICredentialTestFunctions, credential: ICredentialsDecrypted, authenticate: Authenticate): ILoadOptionsFunctions {
	const data = credential.data ?? {};
	const node: INode = { id: 'credential-test', name: 'Credential test', type: credential.type, typeVersion: 1, position: [0, 0], parameters: {} };
	const httpRequestWithAuthentication = async (_type: string, request: IHttpRequestOptions) => {
		const signed = await authenticate(data, { ...request });
		// The signed url carries the exact query that was signed; the legacy client must not add or re-encode any.
		const response = (await fns.helpers.request({
			method: signed.method ?? 'GET',
			uri: signed.url,
			headers: signed.headers,
			body: signed.body,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			timeout: Math.min(signed.timeout ?? TEST_TIMEOUT_MS, TEST_TIMEOUT_MS),
		})) as { body: unknown; headers: Record<string, string>; statusCode: number };
		return { body: response.body, headers: response.headers, statusCode: response.statusCode };
	};
	const context = {
		getNode: () => node,
		getCredentials: async () => data,
		getNodeParameter: (_name: string, fallback?: unknown) => fallback,
		helpers: { httpRequestWithAuthentication },
	};
	// Only these members are reached by the transports on this path (no item, no execution, no static data).
	return context as unknown as ILoadOptionsFunctions;
}

/**
 * Runs `probe` (one read-only provider call through the node's transport) and turns its outcome into what the
 * credential modal shows: OK with what was reached, or the provider's code, message, RequestId and what to check.
 */
export async function testCredential(
	fns: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
	authenticate: Authenticate,
	secrets: string[],
	probe: (context: ILoadOptionsFunctions) => Promise<string>,
): Promise<INodeCredentialTestResult> {
	const scrubber = new SecretScrubber(secrets);
	try {
		return { status: 'OK', message: scrubber.text(await probe(testContext(fns, credential, authenticate))) };
	} catch (error) {
		const { message, description } = error as { message?: string; description?: string | null };
		const text = [message ?? String(error), description].filter((part) => typeof part === 'string' && part !== '').join(' — ');
		return { status: 'Error', message: scrubber.text(text) };
	}
}
