/**
 * Confirming VOD events with GetAIImageJobs, coalesced per process: concurrent confirmations that use the same
 * credential share calls of up to 10 JobIds (the API's maximum, vod-api.md §2.3). In a burst (VOD delivers one
 * event per job, 500 jobs finishing together) one call per event would compete with the submits for the 30/s
 * quota and miss VOD's 5 s deadline; ten per call keep confirmations at a tenth of the events.
 *
 * When to send: at once when 10 JobIds are waiting; otherwise when the first waited WINDOW_MS, but not sooner
 * than MIN_GAP_MS after the previous call of the same credential. A lone event is confirmed after ~25 ms; under
 * a steady stream (VOD at 30 events/s) full calls of 10 go out as they fill, partial ones at most twice a
 * second: at most ~0.5 s of waiting, well inside VOD's 5 s.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { getVodContext } from '../helpers/context';
import { jobState } from '../helpers/parse';
import { callVod } from '../../shared/callbackTrigger/hookTransport';

export const MAX_IDS_PER_CALL = 10;
const WINDOW_MS = 25;
const MIN_GAP_MS = 500;
/** Waiting confirmations per credential; beyond that a call is answered non-200 at once (VOD redelivers). */
const MAX_WAITING = 2000;
const MAX_IDLE_BATCHERS = 50;
/**
 * Final answers (success/fail never change) are kept a while: VOD redelivers ~1 s after a 503, and the answer
 * that came too late for the first delivery then serves the redelivery without another call.
 */
const FINISHED_TTL_MS = 60_000;
const MAX_FINISHED = 5000;

/** VOD JobIds are 32 hex characters; anything else (a comma above all) must not reach the JobIds list. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

interface Waiter {
	jobId: string;
	queuedAt: number;
	ctx: IWebhookFunctions;
	resolve: (job: IDataObject | undefined) => void;
	reject: (error: unknown) => void;
}

interface Batcher {
	waiting: Waiter[];
	lastSentAt: number;
	pumping: boolean;
	finished: Map<string, { job: IDataObject; until: number }>;
	/** JobIds in a call right now: a delivery of the same job (VOD's redelivery after a 503) joins that call. */
	fetching: Map<string, Promise<IDataObject | undefined>>;
}

function keepFinished(batcher: Batcher, jobs: IDataObject[]): void {
	const until = Date.now() + FINISHED_TTL_MS;
	for (const job of jobs) if (jobState(job.Status) !== 'running') batcher.finished.set(String(job.JobId), { job, until });
	// Oldest first (insertion order): what is dropped is what is least likely to be redelivered.
	for (const id of batcher.finished.keys()) {
		if (batcher.finished.size <= MAX_FINISHED) break;
		batcher.finished.delete(id);
	}
}

const batchers = new Map<string, Batcher>();

function jobsIn(result: IDataObject): IDataObject[] {
	const list = result.AIImageJobList as unknown;
	const jobs = Array.isArray(list) ? list : ((list as IDataObject | undefined)?.AIImageJob as unknown);
	return (Array.isArray(jobs) ? jobs : []).filter((job): job is IDataObject => !!job && typeof job === 'object');
}

/** Takes waiters from the front until 10 distinct JobIds are collected (copies of one id travel together). */
function takeBatch(batcher: Batcher): Waiter[] {
	const ids = new Set<string>();
	let count = 0;
	for (const waiter of batcher.waiting) {
		if (!ids.has(waiter.jobId)) {
			if (ids.size === MAX_IDS_PER_CALL) break;
			ids.add(waiter.jobId);
		}
		count++;
	}
	return batcher.waiting.splice(0, count);
}

function send(batcher: Batcher): void {
	const batch = takeBatch(batcher);
	if (batch.length === 0) return;
	batcher.lastSentAt = Date.now();
	const ids = [...new Set(batch.map((waiter) => waiter.jobId))];
	// Any waiter's context will do: the batcher key guarantees they all hold the same credential.
	const answer = callVod(batch[0].ctx, 'GetAIImageJobs', { JobIds: ids.join(',') }, 'read').then((result) => {
		const jobs = jobsIn(result);
		keepFinished(batcher, jobs);
		return new Map(jobs.map((job) => [String(job.JobId), job]));
	});
	for (const id of ids) {
		const forId = answer.then((byId) => byId.get(id));
		forId.catch(() => undefined); // a failure reaches the waiters below; joiners still see it through forId
		batcher.fetching.set(id, forId);
	}
	answer.then(
		(byId) => {
			for (const waiter of batch) waiter.resolve(byId.get(waiter.jobId));
		},
		(error: unknown) => {
			for (const waiter of batch) waiter.reject(error);
		},
	).finally(() => {
		for (const id of ids) batcher.fetching.delete(id);
	});
}

async function pump(batcher: Batcher): Promise<void> {
	batcher.pumping = true;
	try {
		while (batcher.waiting.length > 0) {
			const due = Math.max(batcher.waiting[0].queuedAt + WINDOW_MS, batcher.lastSentAt + MIN_GAP_MS);
			const wait = due - Date.now();
			// Re-checked after the wait: full batches may have been sent meanwhile.
			if (wait > 0) await sleep(wait);
			else send(batcher);
		}
	} finally {
		batcher.pumping = false;
	}
}

function distinctWaiting(batcher: Batcher): number {
	return new Set(batcher.waiting.map((waiter) => waiter.jobId)).size;
}

function batcherFor(key: string): Batcher {
	let batcher = batchers.get(key);
	if (batcher) return batcher;
	if (batchers.size >= MAX_IDLE_BATCHERS) {
		for (const [other, candidate] of batchers) {
			if (!candidate.pumping && candidate.waiting.length === 0 && candidate.fetching.size === 0) batchers.delete(other);
		}
		// (their finished answers go with them: a later call simply asks the API again)
	}
	batcher = { waiting: [], lastSentAt: 0, pumping: false, finished: new Map(), fetching: new Map() };
	batchers.set(key, batcher);
	return batcher;
}

/** The job as GetAIImageJobs reports it, or undefined when VOD does not know the JobId. */
export async function confirmJob(ctx: IWebhookFunctions, jobId: string): Promise<IDataObject | undefined> {
	const context = await getVodContext.call(ctx);
	// Same endpoint, AccessKey and secret = interchangeable contexts; the secret only enters as a hash.
	const key = createHash('sha256').update([context.quotaScope, ...context.secrets].join('\u0000')).digest('hex');
	const batcher = batcherFor(key);
	const known = batcher.finished.get(jobId);
	if (known && known.until > Date.now()) return known.job;
	const pending = batcher.fetching.get(jobId);
	if (pending) return await pending;
	if (batcher.waiting.length >= MAX_WAITING) throw new Error(`${MAX_WAITING} confirmations are already waiting`);
	return await new Promise<IDataObject | undefined>((resolve, reject) => {
		batcher.waiting.push({ jobId, queuedAt: Date.now(), ctx, resolve, reject });
		if (distinctWaiting(batcher) >= MAX_IDS_PER_CALL) send(batcher);
		if (!batcher.pumping && batcher.waiting.length > 0) void pump(batcher);
	});
}
