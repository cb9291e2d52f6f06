// Independent re-verification of a request produced by `authenticate`, the way a server (or the sandbox)
// sees it: only the wire url, headers and body, checked by the harness's signature verifier (signatures parsed
// back and recomputed with the pure signers).
import type { IHttpRequestOptions } from 'n8n-workflow';

import { verifyRequest, type ReceivedRequest, type Scheme } from '../harness/signature-verifier';

/** The request as it arrives: request-line path + raw query, lower-case headers incl. host, body bytes. */
function asReceived(req: IHttpRequestOptions): ReceivedRequest {
	const url = new URL(req.url);
	const headers: Record<string, string> = { host: url.host };
	for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = String(v);
	const queryStart = req.url.indexOf('?');
	return {
		method: req.method ?? 'GET',
		url: url.pathname + (queryStart < 0 ? '' : req.url.slice(queryStart)),
		headers,
		body: req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body as string | Buffer),
	};
}

/** Signed with `scheme` and `secret` (whatever key id it names), and the wire query is the canonical one. */
function reverify(req: IHttpRequestOptions, secret: string, scheme: Scheme): boolean {
	const verdict = verifyRequest(asReceived(req), () => secret);
	return verdict.scheme === scheme && verdict.ok && verdict.wireQueryIsCanonical;
}

export const reverifyVolcengine = (req: IHttpRequestOptions, secretAccessKey: string) => reverify(req, secretAccessKey, 'volcengine');
export const reverifyAcs3 = (req: IHttpRequestOptions, accessKeySecret: string) => reverify(req, accessKeySecret, 'acs3');
export const reverifyRpc = (req: IHttpRequestOptions, accessKeySecret: string) => reverify(req, accessKeySecret, 'rpc');
