/**
 * Request-side plumbing shared by both providers: the raw body under a size limit, answering with or without an
 * execution, and constant-time comparison of shared secrets.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export const DEFAULT_MAX_BODY_MB = 16;

/** Writes the answer ourselves so no execution starts (n8n sends nothing more with `noWebhookResponse`). */
export function answer(ctx: IWebhookFunctions, status: number, message: string, extra: IDataObject = {}): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).send({ message, ...extra });
	return { noWebhookResponse: true };
}

/**
 * Accepts a delivery. With de-duplication on, answers 200 ourselves and hands n8n the items, so the execution starts
 * AND n8n stores the de-duplication window this call wrote into static data.
 * Why not `{ workflowData, webhookResponse }` then: n8n 2.41 (webhook-helpers `executeWebhook`) saves a trigger's
 * changed static data when it answers; in the onReceived case it answers only after preparing the execution, and
 * preparing it wraps the same static-data object in a new Workflow (`WorkflowRunner.establishContextForPersistence`),
 * which clears the "changed" mark. The window was then never stored: measured in queue mode
 * (scripts/test-n8n-queue.ts, scenario 3), every redelivery reaching another n8n process ran a second time and
 * Postgres held no key. With `noWebhookResponse` n8n answers (and saves) before preparing the execution. Cost: the
 * 200 leaves before the execution is created, so a failure to create it (database or Redis down) is not retried by
 * the provider. With de-duplication off nothing needs saving: n8n answers once the execution is queued, and a
 * failure to queue it reaches the provider as an error, which it retries.
 */
export function accept(ctx: IWebhookFunctions, items: INodeExecutionData[], deduplicate: boolean, extra: IDataObject = {}): IWebhookResponseData {
	if (!deduplicate) return { workflowData: [items], webhookResponse: { message: 'Received', ...extra } };
	answer(ctx, 200, 'Received', extra);
	return { noWebhookResponse: true, workflowData: [items] };
}

/**
 * A setting that cannot be used (an expression gave NaN, a negative age…) refuses every call instead of
 * quietly switching a protection off; the reason goes to the n8n log, the caller learns nothing about it.
 */
export function misconfigured(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.error(`AI Image Callback Trigger: call refused because a setting is invalid: ${reason}`);
	return answer(ctx, 500, 'Trigger misconfigured');
}

/** Constant-time string equality; the length check comes first because timingSafeEqual needs equal lengths. */
export function secretsEqual(received: unknown, expected: string): boolean {
	if (typeof received !== 'string' || expected === '') return false;
	const a = Buffer.from(received, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export type RawBody =
	| { ok: true; text: string; contentType: string; parsed?: unknown }
	| { ok: false; status: 413 | 400; message: string };

/** One request header as text (the first value when repeated, '' when absent). */
export function header(ctx: IWebhookFunctions, name: string): string {
	const value = ctx.getHeaderData()[name];
	return Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';
}

/**
 * The exact bytes received, refused above `maxBytes` before they are parsed: first by the declared
 * Content-Length, then by the real length (chunked bodies declare none).
 */
export async function readBody(ctx: IWebhookFunctions, maxBytes: number): Promise<RawBody> {
	const tooLarge = { ok: false as const, status: 413 as const, message: `Body larger than ${maxBytes} bytes` };
	const declared = Number(header(ctx, 'content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
	const contentType = header(ctx, 'content-type').toLowerCase();
	const req = ctx.getRequestObject();
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') await req.readRawBody();
	if (Buffer.isBuffer(req.rawBody)) {
		if (req.rawBody.length > maxBytes) return tooLarge;
		return { ok: true, text: req.rawBody.toString('utf8'), contentType };
	}
	// No raw bytes (e.g. a body parsed upstream): fall back to what n8n parsed.
	const body = ctx.getBodyData() as unknown;
	if (typeof body === 'string') {
		return Buffer.byteLength(body) > maxBytes ? tooLarge : { ok: true, text: body, contentType };
	}
	if (body && typeof body === 'object' && Object.keys(body).length > 0) {
		const text = JSON.stringify(body);
		return Buffer.byteLength(text) > maxBytes ? tooLarge : { ok: true, text, contentType, parsed: body };
	}
	return { ok: false, status: 400, message: 'Empty body' };
}

/** The path and query the request arrived on (express keeps the original in `originalUrl`). */
export function requestTarget(ctx: IWebhookFunctions): { path: string; query: string } {
	const req = ctx.getRequestObject() as { originalUrl?: string; url?: string };
	const target = req.originalUrl ?? req.url ?? '';
	const q = target.indexOf('?');
	return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}
