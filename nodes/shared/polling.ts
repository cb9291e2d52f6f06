import { sleep } from 'n8n-workflow';

export interface PollOptions<T> {
	poll: () => Promise<T>;
	isDone: (value: T) => boolean;
	/** First wait between polls. */
	intervalMs: number;
	/** Waits grow by `factor` up to this ceiling. */
	maxIntervalMs?: number;
	factor?: number;
	/** Overall budget; the last poll happens no later than this after the first. */
	timeoutMs: number;
}

export interface PollResult<T> {
	value: T;
	done: boolean;
	polls: number;
	elapsedMs: number;
}

/** Polls until `isDone` or the timeout. Returns the last value either way: a timeout is the caller's
 *  decision to report (error or partial result), not an exception here. */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
	const started = Date.now();
	const factor = options.factor ?? 1.5;
	const maxInterval = options.maxIntervalMs ?? options.intervalMs * 8;
	let interval = options.intervalMs;
	let polls = 0;
	for (;;) {
		const value = await options.poll();
		polls++;
		const elapsedMs = Date.now() - started;
		if (options.isDone(value)) return { value, done: true, polls, elapsedMs };
		const remaining = options.timeoutMs - elapsedMs;
		if (remaining <= 0) return { value, done: false, polls, elapsedMs };
		await sleep(Math.min(interval, remaining));
		interval = Math.min(maxInterval, interval * factor);
	}
}
