/**
 * Test-side veImageX client: signs with the project's pure Volcengine signer exactly the bytes it sends, and lets a
 * test tamper with the request after signing (body, secret, date, token). Sends with undici to the sandbox.
 */
import { request } from 'undici';
import { canonicalQuery, queryPairs, sha256Hex, signVolcengine, volcengineXDate } from '../../credentials/common/signing';
import type { QueryInput } from '../../credentials/common/signing';
import { readAnswer, type SandboxAnswer } from './answer';

export interface VolcKey {
	accessKeyId: string;
	secret: string;
	sessionToken?: string;
}

export interface VolcCall {
	/** e.g. http://127.0.0.1:1234/veimagex */
	endpoint: string;
	action: string;
	key: VolcKey;
	method?: 'GET' | 'POST';
	/** GET: business query params; POST: ignored (use body). */
	query?: QueryInput;
	body?: unknown;
	region?: string;
	service?: string;
	version?: string;
	date?: Date;
	/** Sign with this secret instead of key.secret. */
	signSecret?: string;
	/** Replace the body bytes after signing. */
	tamperBody?: string;
	/** Sign `/` although the request goes to the prefixed path (a client that targets the real host layout). */
	signRootPath?: boolean;
	timeoutMs?: number;
}

export type VolcAnswer = SandboxAnswer;

export const POST_ACTIONS = new Set([
	'CreateImageAIProcessQueue', 'UpdateImageAIProcessQueue', 'UpdateImageAIProcessQueueStatus',
	'DeleteImageAIProcessQueue', 'CreateImageAITask', 'DeleteImageAIProcessDetail',
	'CreateImageAIProcessCallback', 'AIProcess',
]);

export async function volcCall(c: VolcCall): Promise<VolcAnswer> {
	const method = c.method ?? (POST_ACTIONS.has(c.action) ? 'POST' : 'GET');
	const url = new URL(c.endpoint);
	const pairs = queryPairs({ Action: c.action, Version: c.version ?? '2023-05-01', ...(method === 'GET' ? c.query : {}) });
	const query = canonicalQuery(pairs);
	const body = method === 'POST' ? JSON.stringify(c.body ?? {}) : '';
	const headers: Record<string, string> = {
		'X-Date': volcengineXDate(c.date ?? new Date()),
		'X-Content-Sha256': sha256Hex(body),
		Host: url.host,
	};
	if (c.key.sessionToken) headers['X-Security-Token'] = c.key.sessionToken;
	const path = url.pathname === '' ? '/' : url.pathname;
	const signed = signVolcengine({
		method, path: c.signRootPath ? '/' : path, query: pairs, headers, body,
		accessKeyId: c.key.accessKeyId, secretAccessKey: c.signSecret ?? c.key.secret,
		region: c.region ?? 'cn-north-1', service: c.service ?? 'imagex',
	});
	const sent = c.tamperBody ?? body;
	const res = await request(`${url.origin}${path}?${query}`, {
		method,
		headers: {
			...headers,
			Authorization: signed.authorization,
			...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
		},
		body: method === 'POST' ? sent : undefined,
		headersTimeout: c.timeoutMs ?? 10_000,
		bodyTimeout: c.timeoutMs ?? 10_000,
	});
	return readAnswer(res);
}

// Kept here too: tests import it from this module.
export { waitFor } from './wait';
