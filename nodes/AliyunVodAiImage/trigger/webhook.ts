/**
 * Receives one VOD event notification: settings -> signature/age (headers only) -> size -> parse -> filters ->
 * de-duplicate (incl. copies in flight) -> confirm with GetAIImageJobs -> item. Answers within VOD's 5 s.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseJob } from '../helpers/parse';
import { parseJsonField } from '../../shared/items';
import { beforeDeadline, VOD_ANSWER_BUDGET_MS } from '../../shared/callbackTrigger/deadline';
import { dedupeKey, heldElsewhere, hold, remember, seenBefore } from '../../shared/callbackTrigger/dedupe';
import { accept, answer, misconfigured, readBody } from '../../shared/callbackTrigger/http';
import { MAX_BODY_DEPTH, nestedDeeperThan } from '../../shared/callbackTrigger/objects';
import { dedupeScope, nodeState } from '../../shared/callbackTrigger/settings';
import { confirmJob, JOB_ID_PATTERN } from './confirm';
import { deliveryIdentity, eventSummary, eventToJson, parseEvent } from './parse';
import { vodSettings } from './settings';
import type { VodSettings } from './settings';
import { verifySignature } from './verify';

const LOG = 'AI Image Callback Trigger:';

/** What an item can be trusted for, said plainly in the output. */
function proofOf(signed: boolean, confirmed: boolean): string {
	if (confirmed) return 'Job, status and images as reported by GetAIImageJobs for this JobId.';
	const unconfirmed = 'JobId, status and images come from the body and are NOT confirmed with GetAIImageJobs';
	return signed
		? `Signed: the sender knew the Auth Key at X-VOD-TIMESTAMP. The signature does not cover the body: ${unconfirmed}.`
		: `Unsigned: anyone who knows the URL could have sent this. ${unconfirmed}.`;
}

type Outcome = { answered: IWebhookResponseData } | { job: IDataObject | undefined };

/** GetAIImageJobs for the event's job (coalesced with other confirmations), answered non-200 when not in time. */
async function confirm(ctx: IWebhookFunctions, jobId: string, deadline: number): Promise<Outcome> {
	try {
		const raced = await beforeDeadline(confirmJob(ctx, jobId), deadline);
		if (raced.done) return { job: raced.value };
		ctx.logger.warn(`${LOG} confirming VOD job ${jobId} took too long; answered 503 so VOD delivers again`);
	} catch (error) {
		ctx.logger.error(`${LOG} confirming VOD job ${jobId} failed: ${(error as Error).message}`);
	}
	// Not confirmed now: a non-200 makes VOD deliver again (twice, ~1 s apart).
	return { answered: answer(ctx, 503, 'Could not confirm the job, try again') };
}

/**
 * Waits while another copy of this delivery is being processed in this process, then says whether it was
 * accepted meanwhile. Copies that outlast the deadline are answered 503 (the holder may still fail).
 */
async function waitForOtherCopies(ctx: IWebhookFunctions, keys: string[], holdKey: string, deadline: number): Promise<IWebhookResponseData | undefined> {
	for (;;) {
		if (keys.some((key) => seenBefore(nodeState(ctx), dedupeScope(ctx), key, Date.now()))) return answer(ctx, 200, 'Duplicate delivery ignored');
		const other = heldElsewhere(dedupeScope(ctx), holdKey);
		if (!other) return undefined;
		if (!(await beforeDeadline(other, deadline)).done) return answer(ctx, 503, 'The same event is being processed, try again');
	}
}

/** A filtered event: answered 200 (VOD must not redeliver it) and logged with the reason. */
function ignored(ctx: IWebhookFunctions, answerText: string, why: string): IWebhookResponseData {
	ctx.logger.info(`${LOG} VOD event ignored: ${why}`);
	return answer(ctx, 200, answerText);
}

function statusIgnored(ctx: IWebhookFunctions, jobId: string, status: string, wanted: string): IWebhookResponseData {
	return ignored(ctx, 'Status not selected', `job ${jobId || '(none)'} has status "${status}", Status selects "${wanted}"`);
}

function typeSelected(ctx: IWebhookFunctions, settings: VodSettings, eventType: string, jobId: string): boolean {
	if (settings.eventFilter === 'all' || /^AI/.test(eventType)) return true;
	// The AI image completion EventType is not published: a JobId is identified by confirming it instead.
	if (jobId !== '' && settings.confirm) return true;
	const why = jobId === '' ? 'it carries no JobId' : 'its JobId cannot be confirmed without a VOD credential and Confirm With API';
	ctx.logger.info(`${LOG} VOD event ignored: type "${eventType}" is not an AI event and ${why} (Events: All Events accepts it)`);
	return false;
}

export async function vodWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const deadline = Date.now() + VOD_ANSWER_BUDGET_MS;
	const checked = vodSettings(this);
	if (!checked.ok) return misconfigured(this, checked.reason);
	const settings = checked.value;

	// The signature covers URL and timestamp only: checked before a single body byte is read.
	const verdict = verifySignature(this, settings.signatureCheck, settings.maxAgeSeconds);
	if (!verdict.ok) {
		this.logger.warn(`${LOG} VOD call refused (${verdict.reason})`);
		return answer(this, 401, 'Unauthorized');
	}
	const body = await readBody(this, settings.maxBytes);
	if (!body.ok) return answer(this, body.status, body.message);
	const parsed = parseEvent(body.text, body.parsed);
	if (!parsed.ok) return answer(this, 400, parsed.reason);
	const event = parsed.event;
	const summary = eventSummary(event);
	const json = eventToJson(event);
	if (nestedDeeperThan([json.data, json.extend], MAX_BODY_DEPTH + 1)) return answer(this, 400, `Data or Extend nested deeper than ${MAX_BODY_DEPTH} levels`);

	if (!typeSelected(this, settings, summary.eventType, summary.jobId)) return answer(this, 200, 'Event type not selected');
	if (settings.confirm) {
		if (summary.jobId === '') return answer(this, 400, 'Event has no JobId to confirm');
		if (!JOB_ID_PATTERN.test(summary.jobId)) return answer(this, 400, 'JobId is not a VOD JobId');
	} else if (settings.statusFilter !== 'any' && summary.status !== settings.statusFilter) {
		return statusIgnored(this, summary.jobId, summary.status, settings.statusFilter);
	}

	const deliveryKey = dedupeKey('vod', deliveryIdentity(event));
	// With confirmation, one job is one result whatever EventTime a (replayed) body claims.
	const holdKey = settings.confirm ? dedupeKey('vod-job', summary.jobId) : deliveryKey;
	let release: (() => void) | undefined;
	if (settings.deduplicate) {
		const waited = await waitForOtherCopies(this, [deliveryKey], holdKey, deadline);
		if (waited) return waited;
		release = hold(dedupeScope(this), holdKey);
	}
	try {
		const keys = [deliveryKey];
		if (settings.confirm) {
			const outcome = await confirm(this, summary.jobId, deadline);
			if ('answered' in outcome) return outcome.answered;
			const job = outcome.job;
			if (!job) {
				if (/^AI/.test(summary.eventType)) return answer(this, 401, 'Job not known to VOD');
				return ignored(this, 'Not an AI image job', `type "${summary.eventType}", and GetAIImageJobs does not know job ${summary.jobId}: not an AI image job`);
			}
			const status = String(job.Status ?? '').toLowerCase();
			if (settings.statusFilter !== 'any' && status !== settings.statusFilter) return statusIgnored(this, summary.jobId, status, settings.statusFilter);
			const jobKey = dedupeKey('vod-job', summary.jobId, status);
			if (settings.deduplicate && seenBefore(nodeState(this), dedupeScope(this), jobKey, Date.now())) {
				return answer(this, 200, 'Duplicate delivery ignored');
			}
			keys.push(jobKey);
			const confirmed = parseJob(job);
			// Results from the API only: `data` too, so nothing downstream reads the body's unconfirmed claims by mistake.
			const data = parseJsonField(job.AIImageResult) as IDataObject;
			Object.assign(json, { confirmed: true, job: confirmed, status, data, images: confirmed.AIImageResult, mediaId: String(job.VideoId ?? json.mediaId) });
		} else {
			json.confirmed = false;
		}
		json.proof = proofOf(verdict.signed, settings.confirm);
		if (settings.includeRaw) json.raw_message = body.text;
		if (settings.deduplicate) for (const key of keys) remember(nodeState(this), dedupeScope(this), key, settings.dedupeWindowMs, Date.now());
		return accept(this, [{ json }], settings.deduplicate);
	} finally {
		release?.();
	}
}
