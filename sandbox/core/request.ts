/** Turns a Node IncomingMessage into a SandboxRequest: raw query, lower-case headers and the exact body bytes. */
import type { IncomingMessage } from 'node:http';
import { parseQueryString } from '../../credentials/common/signing/rfc3986';
import type { SandboxRequest } from './provider';

/** Bodies above this are refused before buffering (CreateImageAITask with 10 000 URLs stays far below). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

export function splitUrl(url: string): { rawPath: string; rawQuery: string } {
	const q = url.indexOf('?');
	return q < 0 ? { rawPath: url, rawQuery: '' } : { rawPath: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

export function buildSandboxRequest(
	req: IncomingMessage,
	body: Buffer,
	route: { rawPath: string; rawQuery: string; path: string; routeRegion?: string },
	requestId: string,
	receivedAt: number,
): SandboxRequest {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
	}
	const rawHeaderNames: string[] = [];
	for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaderNames.push(req.rawHeaders[i]);
	const query = route.rawQuery ? parseQueryString(route.rawQuery) : [];
	const queryMap: Record<string, string> = {};
	for (const [k, v] of query) queryMap[k] = v;
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		path: route.path,
		rawPath: route.rawPath,
		rawQuery: route.rawQuery,
		query,
		queryMap,
		headers,
		rawHeaderNames,
		body,
		routeRegion: route.routeRegion,
		requestId,
		receivedAt,
	};
}
