// Independent re-verification of a request produced by `authenticate`, the way a server (or the sandbox)
// sees it: only the wire url, headers and body; signatures parsed back and recomputed with the pure signers.
import type { IHttpRequestOptions } from 'n8n-workflow';
import {
	parseAcs3Authorization,
	parseQueryString,
	parseVolcengineAuthorization,
	sha256Hex,
	signAlibabaAcs3,
	signAlibabaRpc,
	signVolcengine,
} from '../../credentials/common/signing';

function wire(req: IHttpRequestOptions) {
	const url = new URL(req.url);
	const headers: Record<string, string> = { host: url.host };
	for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = String(v);
	const body = req.body === undefined ? '' : (req.body as string | Buffer);
	const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
	return { url, headers, body, rawQuery, query: parseQueryString(url.search) };
}

export function reverifyVolcengine(req: IHttpRequestOptions, secretAccessKey: string): boolean {
	const w = wire(req);
	const auth = parseVolcengineAuthorization(w.headers.authorization ?? '');
	if (!auth) return false;
	if (w.headers['x-content-sha256'] !== sha256Hex(w.body)) return false;
	const signed = Object.fromEntries(auth.signedHeaders.map((name) => [name, w.headers[name] ?? '']));
	const again = signVolcengine({
		method: req.method ?? 'GET',
		path: w.url.pathname,
		query: w.query,
		headers: signed,
		body: w.body,
		accessKeyId: auth.accessKeyId,
		secretAccessKey,
		region: auth.region,
		service: auth.service,
	});
	// The wire query must be the canonical one (nothing re-encoded after signing).
	return again.signature === auth.signature && again.canonicalQuery === w.rawQuery;
}

export function reverifyAcs3(req: IHttpRequestOptions, accessKeySecret: string): boolean {
	const w = wire(req);
	const auth = parseAcs3Authorization(w.headers.authorization ?? '');
	if (!auth) return false;
	if (w.headers['x-acs-content-sha256'] !== sha256Hex(w.body)) return false;
	const signed = Object.fromEntries(auth.signedHeaders.map((name) => [name, w.headers[name] ?? '']));
	const again = signAlibabaAcs3({
		method: req.method ?? 'POST',
		path: w.url.pathname,
		query: w.query,
		headers: signed,
		body: w.body,
		accessKeyId: auth.accessKeyId,
		accessKeySecret,
	});
	return again.signature === auth.signature && again.signedHeaders === auth.signedHeaders.join(';');
}

export function reverifyRpc(req: IHttpRequestOptions, accessKeySecret: string): boolean {
	const w = wire(req);
	const signature = w.query.find(([k]) => k === 'Signature')?.[1];
	const isForm = /x-www-form-urlencoded/.test(w.headers['content-type'] ?? '');
	const formParams = isForm ? parseQueryString(String(w.body)) : [];
	const again = signAlibabaRpc({ method: req.method ?? 'POST', params: [...w.query, ...formParams], accessKeySecret });
	return signature !== undefined && again.signature === signature;
}
