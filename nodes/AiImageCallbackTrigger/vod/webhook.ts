/** Receives one VOD event notification: size -> signature/age -> parse -> filter -> de-duplicate -> (confirm) -> item. */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { vodCallbackSignature, vodCallbackSignatureMatches } from '../../../credentials/common/signing';
import { parseJob } from '../../AliyunVodAiImage/helpers/parse';
import { dedupeKey, remember, seenBefore } from '../common/dedupe';
import { answer, header, readBody, requestTarget } from '../common/http';
import { callVod } from '../common/hookTransport';
import { commonSettings, dedupeScope, nodeState } from '../common/settings';
import { eventSummary, eventToJson, parseEvent } from './parse';

/**
 * The URL VOD signed: the user's override, else n8n's webhook URL for the path the call came in on
 * (n8n always reports the production URL, so `/webhook-test/` is put back), plus the query string.
 */
export function signedUrlCandidates(ctx: IWebhookFunctions): string[] {
	const override = String(ctx.getNodeParameter('publicUrl', '') ?? '').trim();
	if (override !== '') return [override];
	const { path, query } = requestTarget(ctx);
	const production = ctx.getNodeWebhookUrl('default') ?? '';
	const test = production.replace('/webhook/', '/webhook-test/');
	const withQuery = (url: string) => (query !== '' ? `${url}?${query}` : url);
	if (path.includes('/webhook-test/')) return [withQuery(test)];
	if (path.includes('/webhook/')) return [withQuery(production)];
	return ctx.getMode() === 'manual' ? [withQuery(test), withQuery(production)] : [withQuery(production), withQuery(test)];
}

type Verdict = { ok: true } | { ok: false; reason: string };

function verifySignature(ctx: IWebhookFunctions): Verdict {
	const keys = [ctx.getNodeParameter('authKey', ''), ctx.getNodeParameter('previousAuthKey', '')]
		.map((key) => String(key ?? ''))
		.filter((key) => key !== '');
	if (keys.length === 0) return { ok: true };
	const timestamp = header(ctx, 'x-vod-timestamp').trim();
	const signature = header(ctx, 'x-vod-signature');
	if (!/^\d{9,11}$/.test(timestamp) || signature === '') return { ok: false, reason: 'missing or malformed signature headers' };
	const maxAge = Number(ctx.getNodeParameter('maxAgeSeconds', 300));
	if (maxAge > 0 && Math.abs(Date.now() / 1000 - Number(timestamp)) > maxAge) {
		return { ok: false, reason: 'timestamp outside the accepted window' };
	}
	for (const url of signedUrlCandidates(ctx)) {
		for (const key of keys) {
			if (vodCallbackSignatureMatches(signature, vodCallbackSignature(url, timestamp, key))) return { ok: true };
		}
	}
	return { ok: false, reason: 'signature does not match' };
}

/** GetAIImageJobs for the event's job; undefined when VOD does not know it (yet). */
async function confirmJob(ctx: IWebhookFunctions, jobId: string): Promise<IDataObject | undefined> {
	const result = await callVod(ctx, 'GetAIImageJobs', { JobIds: jobId }, 'read');
	const list = result.AIImageJobList as unknown;
	const jobs = (Array.isArray(list) ? list : ((list as IDataObject | undefined)?.AIImageJob as unknown[]) ?? []) as IDataObject[];
	return jobs.find((job) => job.JobId === jobId);
}

export async function vodWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = commonSettings(this);
	const body = await readBody(this, settings.maxBytes);
	if (!body.ok) return answer(this, body.status, body.message);

	const verdict = verifySignature(this);
	if (!verdict.ok) {
		this.logger.warn(`AI Image Callback Trigger: VOD call refused (${verdict.reason})`);
		return answer(this, 401, 'Unauthorized');
	}

	const event = (body.parsed as IDataObject | undefined) ?? parseEvent(body.text);
	if (!event) return answer(this, 400, 'Body is not a JSON object');
	const summary = eventSummary(event);
	if (this.getNodeParameter('eventFilter', 'ai') === 'ai' && !/^AI/.test(summary.eventType)) {
		return answer(this, 200, 'Event type not selected');
	}
	const statusFilter = this.getNodeParameter('statusFilter', 'any') as string;
	if (statusFilter !== 'any' && summary.status !== statusFilter) return answer(this, 200, 'Status not selected');

	const identity = summary.jobId !== '' ? `${summary.jobId}|${summary.status}|${summary.eventTime}` : body.text;
	const deliveryKey = dedupeKey('vod', identity);
	if (settings.deduplicate && seenBefore(nodeState(this), dedupeScope(this), deliveryKey, Date.now())) {
		return answer(this, 200, 'Duplicate delivery ignored');
	}

	const json = eventToJson(event);
	if (this.getNodeParameter('confirmWithApi', false) === true) {
		if (summary.jobId === '') return answer(this, 400, 'Event has no JobId to confirm');
		let job: IDataObject | undefined;
		try {
			job = await confirmJob(this, summary.jobId);
		} catch (error) {
			// Not confirmed now: a non-200 makes VOD deliver again (twice, ~1 s apart).
			this.logger.error(`AI Image Callback Trigger: confirming VOD job ${summary.jobId} failed: ${(error as Error).message}`);
			return answer(this, 503, 'Could not confirm the job, try again');
		}
		if (!job) return answer(this, 401, 'Job not known to VOD');
		const confirmed = parseJob(job);
		json.confirmed = true;
		json.job = confirmed;
		json.status = String(job.Status ?? '').toLowerCase();
		json.images = confirmed.AIImageResult;
		json.mediaId = String(job.VideoId ?? json.mediaId);
	}
	if (settings.includeRaw) json.raw_message = body.text;
	if (settings.deduplicate) remember(nodeState(this), dedupeScope(this), deliveryKey, settings.dedupeWindowMs, Date.now());
	return { workflowData: [[{ json }]], webhookResponse: { message: 'Received' } };
}
