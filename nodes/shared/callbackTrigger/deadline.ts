/**
 * VOD counts a delivery as failed when no HTTP 200 arrives within 5 s (vod-api.md §3.3). Work that may take long
 * (confirming the job) is raced against an earlier deadline, so the answer is a non-200 VOD redelivers, not a
 * silent timeout that may leave VOD and the workflow disagreeing.
 */
import { sleep } from 'n8n-workflow';

/** Time for everything between receiving a VOD call and answering it (VOD gives up at 5 s). */
export const VOD_ANSWER_BUDGET_MS = 4000;

export type Raced<T> = { done: true; value: T } | { done: false };

/** The work's value, or `{ done: false }` once `deadline` (epoch ms) passed; the work's errors are passed on. */
export async function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<Raced<T>> {
	const left = deadline - Date.now();
	if (left <= 0) return { done: false };
	const stop = new AbortController();
	// n8n-workflow's sleep takes an abort signal (older versions ignore it: the timer then just runs out).
	const timeUp = sleep(left, stop.signal).then(
		() => ({ done: false }) as const,
		() => ({ done: false }) as const,
	);
	try {
		return await Promise.race([work.then((value) => ({ done: true, value }) as const), timeUp]);
	} finally {
		stop.abort();
	}
}
