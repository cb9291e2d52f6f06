import { chunk, errorItem, outputItem, parseJsonField } from '../../nodes/shared/items';
import { pollUntil } from '../../nodes/shared/polling';
import { pace, deferSlots } from '../../nodes/shared/pacing';
import { backoffDelay, parseRetryAfter, transportFailureKind, withRetry } from '../../nodes/shared/retry';
import { redact } from '../../nodes/shared/errors';

describe('pacing', () => {
	it('spaces requests of one key at the quota rate and keeps keys independent', async () => {
		const now = jest.spyOn(Date, 'now');
		now.mockImplementation(() => 1_000_000);
		const waits: number[] = [];
		const realSetTimeout = global.setTimeout;
		const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
			waits.push(ms ?? 0);
			return realSetTimeout(fn, 0);
		}) as typeof setTimeout);
		try {
			for (let i = 0; i < 4; i++) await pace('k1', 10, 1);
			await pace('k2', 10, 1);
			deferSlots('k2', 5000);
			await pace('k2', 10, 1);
		} finally {
			spy.mockRestore();
			now.mockRestore();
		}
		// k1: first request immediately, then 100, 200, 300 ms later (clock frozen); k2 first immediately,
		// then pushed back by the server-given 5 s.
		expect(waits).toEqual([100, 200, 300, 5000]);
	});
});

describe('retry', () => {
	it('retries while classify allows and returns the eventual result', async () => {
		let calls = 0;
		const result = await withRetry(
			async () => {
				calls++;
				if (calls < 3) throw Object.assign(new Error('busy'), { code: 'ECONNREFUSED' });
				return 'ok';
			},
			{ maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2, classify: (e) => ({ retry: transportFailureKind(e) === 'not-sent' }) },
		);
		expect(result).toBe('ok');
		expect(calls).toBe(3);
	});

	it('never repeats when classify refuses (ambiguous failure of a submit)', async () => {
		let calls = 0;
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		await expect(
			withRetry(
				async () => {
					calls++;
					throw reset;
				},
				{ maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2, classify: (e) => ({ retry: transportFailureKind(e) === 'not-sent' }) },
			),
		).rejects.toBe(reset);
		expect(calls).toBe(1);
	});

	it('stops after maxAttempts', async () => {
		let calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw new Error('x');
				},
				{ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, classify: () => ({ retry: true }) },
			),
		).rejects.toThrow('x');
		expect(calls).toBe(3);
	});

	it('uses the server delay as a floor and caps exponential growth', () => {
		const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
		for (let attempt = 1; attempt < 10; attempt++) {
			const delay = backoffDelay(attempt, policy);
			const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
			expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
		expect(backoffDelay(1, policy, 3000)).toBe(3000);
	});

	it('parses Retry-After and classifies transport errors through causes', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(transportFailureKind({ message: 'wrapped', cause: { code: 'ECONNREFUSED' } })).toBe('not-sent');
		expect(transportFailureKind({ code: 'ETIMEDOUT' })).toBe('ambiguous');
		expect(transportFailureKind(new Error('plain'))).toBeUndefined();
	});
});

describe('polling', () => {
	it('stops when done and reports the number of polls', async () => {
		let n = 0;
		const result = await pollUntil({ poll: async () => ++n, isDone: (v) => v === 3, intervalMs: 1, timeoutMs: 5000 });
		expect(result).toMatchObject({ value: 3, done: true, polls: 3 });
	});

	it('returns the last value on timeout instead of throwing', async () => {
		const result = await pollUntil({ poll: async () => 'running', isDone: () => false, intervalMs: 5, timeoutMs: 20 });
		expect(result.done).toBe(false);
		expect(result.value).toBe('running');
		expect(result.polls).toBeGreaterThanOrEqual(2);
	});
});

describe('items and errors', () => {
	it('chunks, pairs and parses', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(outputItem({ a: 1 }, 4).pairedItem).toEqual({ item: 4 });
		expect(errorItem(new Error('boom'), 2)).toMatchObject({ json: { error: 'boom' }, pairedItem: { item: 2 } });
		expect(parseJsonField('{"a":1}')).toEqual({ a: 1 });
		expect(parseJsonField('not json')).toBe('not json');
	});

	it('redacts secrets', () => {
		expect(redact('key=SuperSecret1 and SuperSecret1', ['SuperSecret1', undefined])).toBe('key=[redacted] and [redacted]');
	});
});
