/**
 * Batched job status: every GetAIImageJobs call carries up to 10 JobIds gathered ACROSS all input items,
 * so N jobs cost ceil(N/10) calls per round whatever the items look like; results are matched back by JobId.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { downloadBinary } from '../../shared/binary';
import { mapConcurrent } from '../../shared/concurrency';
import { chunk } from '../../shared/items';
import { pollUntil } from '../../shared/polling';
import { vodRequest } from '../transport';
import type { VodContext } from './context';
import { jobState, parseAiImageResult, parseJob } from './parse';

export const JOB_IDS_PER_CALL = 10;
/** Calls in flight at once; the pacing, not this, sets the rate. */
const PARALLEL_CALLS = 8;

export interface JobLookup {
	jobs: Map<string, IDataObject>;
	errors: Map<string, Error>;
}

/** One round: GetAIImageJobs for each distinct id, ten per call. */
export async function fetchJobs(this: IExecuteFunctions, context: VodContext, ids: string[], lookup?: JobLookup): Promise<JobLookup> {
	const result: JobLookup = lookup ?? { jobs: new Map(), errors: new Map() };
	const batches = chunk([...new Set(ids)], JOB_IDS_PER_CALL);
	await mapConcurrent(batches, PARALLEL_CALLS, async (batch) => {
		let failure: Error | undefined;
		const body = await vodRequest
			.call(this, context, 'GetAIImageJobs', { JobIds: batch.join(',') }, { kind: 'read' })
			.catch((error: Error) => {
				failure = error;
				return undefined;
			});
		if (failure) {
			for (const id of batch) result.errors.set(id, failure);
			return;
		}
		const list = Array.isArray(body?.AIImageJobList) ? (body.AIImageJobList as IDataObject[]) : [];
		for (const job of list) if (typeof job.JobId === 'string' && batch.includes(job.JobId)) result.jobs.set(job.JobId, job);
	});
	return result;
}

export interface WaitSettings {
	timeoutMs: number;
	intervalMs: number;
	maxIntervalMs: number;
}

export interface WaitOutcome extends JobLookup {
	pending: Set<string>;
}

/**
 * JobIds that arrive while jobs are still being submitted, so polling overlaps submitting (the two APIs have
 * separate quotas): `ids` grows, `finished` resolves when no more will come, `cancelled` stops the wait early
 * (the run is about to fail anyway).
 */
export interface JobFeed {
	ids: string[];
	finished: Promise<void>;
	cancelled?: () => boolean;
}

/**
 * Polls only the unfinished jobs until all are final, failed to query, or time is up (counted from the moment the
 * last JobId is known). While a feed is still growing, each round also picks up the new JobIds.
 */
export async function waitForJobs(this: IExecuteFunctions, context: VodContext, source: string[] | JobFeed, settings: WaitSettings): Promise<WaitOutcome> {
	const lookup: JobLookup = { jobs: new Map(), errors: new Map() };
	const pending = new Set<string>();
	const round = async (ids: string[]) => {
		await fetchJobs.call(this, context, ids, lookup);
		for (const id of ids) {
			if (lookup.errors.has(id) || jobState(lookup.jobs.get(id)?.Status) !== 'running') pending.delete(id);
		}
	};
	if (Array.isArray(source)) {
		for (const id of source) pending.add(id);
	} else {
		// Nothing can be finished right after its submit: the first round comes one interval in, then one per
		// interval on a fixed cadence, so the final phase starts at the next tick rather than a full interval
		// after the last submit.
		let finished = false;
		void source.finished.then(() => (finished = true));
		let taken = 0;
		let nextTick = Date.now() + settings.intervalMs;
		while (!finished) {
			await Promise.race([sleep(Math.max(0, nextTick - Date.now())), source.finished]);
			if (source.cancelled?.()) return { ...lookup, pending };
			for (; taken < source.ids.length; taken++) pending.add(source.ids[taken]);
			if (finished) break;
			nextTick += settings.intervalMs;
			// Only full calls of 10 while more JobIds are coming (oldest first, `pending` keeps submit order):
			// the remainder rides along with the next round instead of costing a call of its own.
			const full = [...pending].slice(0, Math.floor(pending.size / JOB_IDS_PER_CALL) * JOB_IDS_PER_CALL);
			if (full.length > 0) await round(full);
		}
		for (; taken < source.ids.length; taken++) pending.add(source.ids[taken]);
		if (source.cancelled?.()) return { ...lookup, pending };
		if (pending.size > 0) await sleep(Math.max(0, nextTick - Date.now()));
	}
	await pollUntil({
		poll: async () => {
			if (pending.size > 0) await round([...pending]);
			return pending.size;
		},
		isDone: (left) => left === 0,
		intervalMs: settings.intervalMs,
		maxIntervalMs: settings.maxIntervalMs,
		timeoutMs: settings.timeoutMs,
	});
	return { ...lookup, pending };
}

/** A job as returned to the user; an id GetAIImageJobs does not list (yet) is reported as still running. */
export function jobOutput(id: string, lookup: JobLookup): IDataObject {
	const raw = lookup.jobs.get(id);
	if (!raw) return { JobId: id, state: 'running', listed: false };
	return parseJob(raw);
}

export interface JobItemOptions {
	onTimeout: 'error' | 'output';
	errorOnFailedJob: boolean;
	timeoutSeconds?: number;
}

/** The error (if any) an item's jobs amount to: a failed query, a timeout, or a failed job when asked. */
export function itemJobsError(this: IExecuteFunctions, itemIndex: number, ids: string[], outcome: JobLookup & { pending?: Set<string> }, options: JobItemOptions): Error | undefined {
	for (const id of ids) {
		const error = outcome.errors.get(id);
		if (error) return error;
	}
	const stillRunning = ids.filter((id) => outcome.pending?.has(id));
	if (stillRunning.length > 0 && options.onTimeout === 'error') {
		return new NodeOperationError(this.getNode(), `Timeout: ${stillRunning.length} job(s) still running after ${options.timeoutSeconds} s: ${stillRunning.join(', ')}`, {
			itemIndex,
			description: 'Increase "Timeout (Seconds)" in the wait options, set "On Timeout" to output the jobs as they are, or check them later with Job > Get.',
		});
	}
	if (options.errorOnFailedJob) {
		for (const id of ids) {
			const job = outcome.jobs.get(id);
			if (job && jobState(job.Status) === 'failed') {
				return new NodeOperationError(this.getNode(), `Job ${id} failed: ${String(job.Code ?? '')} ${String(job.Message ?? '')}`.trim(), {
					itemIndex,
					description: 'The AI image job finished with status "fail". Check the video (length, format) and the AI template, then submit again.',
				});
			}
		}
	}
	return undefined;
}

/** JSON of an item: the job itself for one id, `{ jobs }` for several. */
export function itemJobsJson(ids: string[], outcome: JobLookup & { pending?: Set<string> }): IDataObject {
	const jobs = ids.map((id) => ({ ...jobOutput(id, outcome), ...(outcome.pending?.has(id) ? { timedOut: true } : {}) }));
	return ids.length === 1 ? jobs[0] : { jobs };
}

/** Downloads every result image of the item's succeeded jobs into binary properties `<prefix>0`, `<prefix>1`, … */
export async function downloadJobImages(this: IExecuteFunctions, ids: string[], lookup: JobLookup, prefix: string): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	let index = 0;
	for (const id of ids) {
		const job = lookup.jobs.get(id);
		if (!job || jobState(job.Status) !== 'succeeded') continue;
		for (const image of parseAiImageResult(job.AIImageResult)) {
			binary[`${prefix}${index++}`] = await downloadBinary.call(this, image.url);
		}
	}
	return binary;
}
