/**
 * VOD event notification for a finished AI image job (vod-api.md §3): target resolution (UserData override only
 * when the region's callback is HTTP with AIComplete/ALL), body shape, X-VOD-TIMESTAMP/X-VOD-SIGNATURE auth,
 * success = exactly HTTP 200, 5 s timeout and 3 attempts ~1 s apart — delivered through the core's callback sender (logs + faults).
 */
import { vodCallbackSignature } from '../../credentials/common/signing';
import type { ProviderContext, SandboxRandom } from '../core/provider';
import type { EventTimeStyle, VodOptions } from './options';
import type { Job } from './state';
import { aiEventsOverHttp, type MessageCallbackConfig } from './validation';

/** `2017-03-20T07:49:17Z`, or the odd `2022-10-20T10:29:46:540Z` (ms after a colon) also seen in real events. */
export function eventTime(ms: number, style: EventTimeStyle, random: SandboxRandom): string {
	const iso = new Date(ms).toISOString();
	const odd = style === 'colon-ms' || (style === 'mixed' && random.next() < 0.5);
	return odd ? iso.replace(/\.(\d{3})Z$/, ':$1Z') : iso.replace(/\.\d{3}Z$/, 'Z');
}

export interface CallbackTarget {
	url: string;
	authKey?: string;
}

/** Where VOD sends this job's event, or undefined (not configured, AI events off, or MNS: not emulated). */
export function callbackTarget(config: MessageCallbackConfig, job: Job): CallbackTarget | undefined {
	if (!aiEventsOverHttp(config)) return undefined; // the UserData override is silently ignored then (§3.2)
	const url = job.UserData?.callbackUrl ?? config.CallbackURL;
	if (!url) return undefined;
	return { url, authKey: config.AuthSwitch === 'on' && config.AuthKey ? config.AuthKey : undefined };
}

/** Event body, in the shape of the sibling AI events (AIMediaAuditComplete, AIVideoTagComplete; §3.4). */
export function buildAiImageEvent(job: Job, options: VodOptions, nowMs: number, random: SandboxRandom): Record<string, unknown> {
	const success = job.status === 'success';
	const body: Record<string, unknown> = {
		EventTime: eventTime(nowMs, options.eventTimeStyle, random),
		EventType: options.eventType,
		JobId: job.JobId,
		MediaId: job.VideoId,
		Status: job.status,
		Code: success ? '0' : job.failure?.Code,
		Message: success ? 'OK' : job.failure?.Message,
	};
	if (success) {
		// Data = the job result, i.e. the same array as GetAIImageJobs' AIImageResult: [{Score, Url}].
		const results = job.results ?? [];
		body.Data = options.dataAsObject ? results : JSON.stringify(results);
	}
	// Extend is echoed as the JSON text of UserData.Extend (string values as they are).
	const extend = job.UserData?.extend;
	if (extend !== undefined) body.Extend = typeof extend === 'string' ? extend : JSON.stringify(extend);
	return body;
}

/** Fire-and-forget delivery; every attempt ends up in the core's callback log. */
export function deliverJobEvent(ctx: ProviderContext, options: VodOptions, config: MessageCallbackConfig, job: Job): void {
	const target = callbackTarget(config, job);
	if (!target) return;
	const body = JSON.stringify(buildAiImageEvent(job, options, ctx.clock.now(), ctx.random));
	const authKey = target.authKey;
	void ctx.callbacks
		.send({
			url: target.url,
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			timeoutMs: options.callbackTimeoutMs,
			attempts: options.callbackAttempts,
			// §3.3: only HTTP 200 counts as delivered; 204 and other 2xx are failures and get retried.
			acceptStatus: (status) => status === 200,
			retryDelayMs: ctx.clock.scale(options.callbackRetryIntervalMs),
			// A fresh timestamp per attempt, signed over the URL actually called (§3.6).
			headersForAttempt: authKey
				? () => {
						const timestamp = String(Math.floor(ctx.clock.now() / 1000));
						return { 'X-VOD-TIMESTAMP': timestamp, 'X-VOD-SIGNATURE': vodCallbackSignature(target.url, timestamp, authKey) };
					}
				: undefined,
			faultKey: 'callback',
		})
		.catch(() => undefined); // delivery failures are logged by the sender; VOD then drops the event
}
