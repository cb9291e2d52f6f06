/**
 * The request pipeline shared by every provider (order documented in provider.ts): describe -> fault (latency,
 * reset, timeout) -> signature -> quota -> fault (5xx, error envelope) -> handle -> fault (malformed) -> log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './provider';
import type { ProviderInstance, ProviderName, ProviderResponse, RequestMeta, SandboxRequest, ThrottleResult } from './provider';
import type { RequestLogEntry } from './logs';
import type { FaultDecision } from './faults';

export interface PipelineDeps {
	provider: ProviderName;
	instance: ProviderInstance;
	decideFault(action: string): FaultDecision;
	throttle(action: string, accountId: string): ThrottleResult;
	hasQuota(action: string): boolean;
	sleep(ms: number): Promise<void>;
	log: RequestLogEntry[];
	/** Sockets held open by the `timeout` fault, destroyed on stop. */
	held: Set<ServerResponse>;
}

export function sendResponse(res: ServerResponse, out: ProviderResponse, malformed = false): void {
	const isRaw = typeof out.body === 'string' || Buffer.isBuffer(out.body);
	let bytes = Buffer.isBuffer(out.body) ? out.body : Buffer.from(isRaw ? (out.body as string) : JSON.stringify(out.body));
	if (malformed) bytes = Buffer.concat([bytes.subarray(0, Math.floor(bytes.length / 2)), Buffer.from('\u0000<!--')]);
	const headers: Record<string, string> = {
		...(isRaw ? {} : { 'content-type': 'application/json; charset=utf-8' }),
		...out.headers,
		'content-length': String(bytes.length),
	};
	res.writeHead(out.status, headers);
	res.end(bytes);
}

/** What a misconfigured proxy or captive portal answers in place of the provider: HTML with HTTP 200. */
const PROXY_PAGE: ProviderResponse = {
	status: 200,
	headers: { 'content-type': 'text/html; charset=utf-8' },
	body: '<!DOCTYPE html><html><head><title>Gateway</title></head><body><h1>Request received</h1></body></html>',
};

/** A copy of a JSON value without the given keys at any depth (an answer missing the id it should carry). */
function withoutKeys(value: unknown, keys: Set<string>): unknown {
	if (Array.isArray(value)) return value.map((entry) => withoutKeys(entry, keys));
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.has(key)).map(([key, entry]) => [key, withoutKeys(entry, keys)]));
}

function errorResponse(deps: PipelineDeps, err: ApiError, req: SandboxRequest, meta: RequestMeta): ProviderResponse {
	const rendered = deps.instance.renderError(err, req, meta);
	return { ...rendered, headers: { ...err.headers, ...rendered.headers }, code: rendered.code ?? err.code };
}

function asApiError(error: unknown): ApiError {
	if (error instanceof ApiError) return error;
	return new ApiError(500, 'InternalError', `sandbox internal error: ${(error as Error)?.message ?? String(error)}`);
}

export async function runPipeline(
	deps: PipelineDeps,
	req: SandboxRequest,
	res: ServerResponse,
	incoming: IncomingMessage,
): Promise<void> {
	let meta: RequestMeta = {};
	const entry: RequestLogEntry = {
		provider: deps.provider, method: req.method, path: req.rawPath, status: 0, signature: '-',
		throttled: false, at: req.receivedAt, requestId: req.requestId,
	};
	deps.log.push(entry);
	const finish = (out: ProviderResponse, malformed = false) => {
		entry.status = out.status;
		if (out.code) entry.code = out.code;
		sendResponse(res, out, malformed);
	};
	try {
		meta = deps.instance.describe(req);
	} catch (error) {
		meta = {};
		entry.action = undefined;
		return finish(errorResponse(deps, asApiError(error), req, meta));
	}
	entry.action = meta.action;
	entry.region = meta.region;
	if (meta.params) entry.params = meta.params;

	const fault = deps.decideFault(meta.action ?? '*');
	if (fault.latencyMs > 0) {
		entry.latencyMs = fault.latencyMs;
		await deps.sleep(fault.latencyMs);
	}
	if (fault.kind === 'reset') {
		entry.fault = 'reset';
		incoming.socket.destroy();
		return;
	}
	if (fault.kind === 'timeout') {
		entry.fault = 'timeout';
		deps.held.add(res);
		res.on('close', () => deps.held.delete(res));
		return;
	}

	let accountId: string;
	let auth;
	try {
		auth = deps.instance.verify(req, meta);
		entry.signature = 'ok';
		entry.accessKeyId = auth.accessKeyId;
		accountId = auth.accountId;
		if (auth.region) {
			entry.region = auth.region;
			meta = { ...meta, region: meta.region ?? auth.region };
		}
	} catch (error) {
		const err = asApiError(error);
		entry.signature = err.code;
		return finish(errorResponse(deps, err, req, meta));
	}

	if (meta.action && deps.hasQuota(meta.action)) {
		const verdict = deps.throttle(meta.action, accountId);
		if (!verdict.allowed) {
			entry.throttled = true;
			return finish(errorResponse(deps, deps.instance.throttleError(meta, verdict), req, meta));
		}
	}

	if (fault.kind === 'http5xx' || fault.kind === 'errorEnvelope') {
		entry.fault = fault.kind;
		const out = errorResponse(deps, deps.instance.serverError(meta), req, meta);
		return finish(fault.kind === 'errorEnvelope' ? { ...out, status: 200 } : out);
	}

	let out: ProviderResponse;
	try {
		out = await deps.instance.handle(req, meta, auth);
	} catch (error) {
		out = errorResponse(deps, asApiError(error), req, meta);
	}
	if (fault.kind === 'malformed' || fault.kind === 'htmlPage' || fault.kind === 'dropKeys') entry.fault = fault.kind;
	if (fault.kind === 'htmlPage') return finish(PROXY_PAGE);
	if (fault.kind === 'dropKeys' && out.body && typeof out.body === 'object' && !Buffer.isBuffer(out.body)) {
		return finish({ ...out, body: withoutKeys(out.body, new Set(fault.dropKeys)) });
	}
	finish(out, fault.kind === 'malformed');
}
