// The express-like request/response n8n's webhook server hands to WebhookContext. The request carries the
// exact raw bytes (`rawBody`, as n8n's rawBodyReader leaves them) and a body parsed the way n8n's
// `parseBody` does for JSON / urlencoded / text; other content types keep `body` = {} (nodes read rawBody).
import type { Request, Response } from 'express';

export interface HarnessRequest {
	method?: string;
	/** Path + raw query as received, e.g. `/webhook/<id>/callback?a=1` (alias: `path`). */
	url?: string;
	path?: string;
	headers?: Record<string, string>;
	/** Parsed query; default parsed from `url`. */
	query?: Record<string, string>;
	rawBody: Buffer | string;
	/** Parsed body; default parsed from rawBody by content-type. */
	body?: unknown;
}

export function createFakeRequest(req: HarnessRequest, defaultMethod: string): Request {
	const url = req.url ?? req.path ?? '/';
	const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.from(req.rawBody, 'utf8');
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
	const query = req.query ?? Object.fromEntries(new URL(url, 'http://harness.invalid').searchParams);
	const fake = {
		method: (req.method ?? defaultMethod).toUpperCase(),
		url,
		originalUrl: url,
		path: url.split('?')[0],
		headers,
		query,
		params: {},
		rawBody,
		body: req.body ?? parseBody(rawBody, headers['content-type']),
		readRawBody: async () => {},
		header: (name: string) => headers[name.toLowerCase()],
		get: (name: string) => headers[name.toLowerCase()],
	};
	return fake as unknown as Request;
}

function parseBody(raw: Buffer, contentType = ''): unknown {
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (raw.length === 0) return {};
	if (type === 'application/json' || type.endsWith('+json')) return JSON.parse(raw.toString('utf8'));
	if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	if (type.startsWith('text/')) return raw.toString('utf8');
	return {};
}

export interface FakeResponse {
	express: Response;
	captured(): { statusCode: number; body?: unknown; headers: Record<string, string> };
}

/** Records what a node writes itself (the `noWebhookResponse: true` path). */
export function createFakeResponse(): FakeResponse {
	let statusCode = 200;
	let body: unknown;
	const headers: Record<string, string> = {};
	const res = {
		headersSent: false,
		status(code: number) {
			statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			headers[name.toLowerCase()] = String(value);
			return res;
		},
		set(name: string, value: string) {
			return res.setHeader(name, value);
		},
		header(name: string, value: string) {
			return res.setHeader(name, value);
		},
		writeHead(code: number, head?: Record<string, string>) {
			statusCode = code;
			for (const [k, v] of Object.entries(head ?? {})) res.setHeader(k, v);
			return res;
		},
		send(data?: unknown) {
			body = data;
			res.headersSent = true;
			return res;
		},
		json(data: unknown) {
			res.setHeader('content-type', 'application/json');
			return res.send(data);
		},
		end(data?: unknown) {
			if (data !== undefined) body = data;
			res.headersSent = true;
			return res;
		},
	};
	return { express: res as unknown as Response, captured: () => ({ statusCode, body, headers }) };
}
