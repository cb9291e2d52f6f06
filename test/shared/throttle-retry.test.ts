/** The throttle side of retry.ts, pacing.ts, slidingWindow.ts and throttleBudget.ts: budget instead of attempts, delays, give-backs. */
import { pace, releaseSlots } from '../../nodes/shared/pacing';
import { throttleDelay, withRetry, type RetryDecision } from '../../nodes/shared/retry';
import { admitToWindow } from '../../nodes/shared/slidingWindow';
import { throttleBudgetMs } from '../../nodes/shared/throttleBudget';

const THROTTLED: RetryDecision = { retry: true, throttled: true, delayMs: 1 };
const policy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, quotaIntervalMs: 1 };

describe('withRetry and throttling', () => {
	it('retries throttled answers far beyond maxAttempts while the budget lasts', async () => {
		let calls = 0;
		const result = await withRetry(
			async () => {
				if (++calls <= 20) throw new Error('throttled');
				return 'created';
			},
			{ ...policy, throttleBudgetMs: 10_000, classify: () => THROTTLED },
		);
		expect(result).toBe('created');
		expect(calls).toBe(21);
	});

	it('stops with the provider error when the next wait would pass the budget; budget 0 = no retry', async () => {
		const refusal = new Error('FlowLimitExceeded');
		let calls = 0;
		const started = Date.now();
		await expect(
			withRetry(
				async () => {
					calls++;
					throw refusal;
				},
				{ ...policy, throttleBudgetMs: 150, classify: () => ({ ...THROTTLED, delayMs: 40 }) },
			),
		).rejects.toBe(refusal);
		// 40–41 ms apart within 150 ms: the first answer and at most 3 retries, and at least one retry.
		expect(calls).toBeGreaterThanOrEqual(2);
		expect(calls).toBeLessThanOrEqual(4);
		expect(Date.now() - started).toBeGreaterThanOrEqual(40);

		calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw refusal;
				},
				{ ...policy, throttleBudgetMs: 0, classify: () => THROTTLED },
			),
		).rejects.toBe(refusal);
		expect(calls).toBe(1);
	});

	it('other failures keep their attempt limit, even between throttled answers', async () => {
		let calls = 0;
		const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
		await expect(
			withRetry(
				async () => {
					calls++;
					throw calls % 2 === 1 ? new Error('throttled') : reset;
				},
				{ ...policy, throttleBudgetMs: 10_000, classify: (error) => (error === reset ? { retry: true } : THROTTLED) },
			),
		).rejects.toBe(reset);
		// throttled, reset, throttled, reset, throttled, reset: the third reset is the third of maxAttempts 3.
		expect(calls).toBe(6);
	});

	it('a throttle delay is the server delay plus at most a quarter of it or of the interval, else 0.25–0.75 intervals', () => {
		for (let i = 0; i < 200; i++) {
			const withServer = throttleDelay(1000, 400);
			expect(withServer).toBeGreaterThanOrEqual(400);
			expect(withServer).toBeLessThanOrEqual(500);
			const short = throttleDelay(33, 400);
			expect(short).toBeGreaterThanOrEqual(400);
			expect(short).toBeLessThanOrEqual(400 + 33 / 4);
			const blind = throttleDelay(1000);
			expect(blind).toBeGreaterThanOrEqual(250);
			expect(blind).toBeLessThanOrEqual(750);
			// A 30/s action without a server delay still spaces retries ≥ 50 ms (a floor of 200 ms × 0.25).
			expect(throttleDelay(1000 / 30)).toBeGreaterThanOrEqual(50);
		}
	});
});

describe('giving back what a throttled request reserved', () => {
	it('releaseSlots returns the schedule to the refused request’s slot, unless another request reserved since', async () => {
		const first = await pace('release-a', 1, 1);
		releaseSlots('release-a', first);
		const next = await pace('release-a', 1, 1);
		// Not held until the refused request's interval ends (first.until, a second later): its own time is now.
		expect(next.slot).toBeLessThan(first.until);

		const refused = await pace('release-b', 100, 1);
		const later = await pace('release-b', 100, 1);
		releaseSlots('release-b', refused); // too late: `later` reserved after it
		const after = await pace('release-b', 100, 1);
		expect(after.slot).toBe(later.until);
	});

	it('admitToWindow: a send taken back out of the window frees its place at once', async () => {
		const leave = await admitToWindow('window-a', 2);
		await admitToWindow('window-a', 2);
		leave();
		const timers = jest.spyOn(global, 'setTimeout');
		try {
			await admitToWindow('window-a', 2);
			expect(timers).not.toHaveBeenCalled(); // admitted without waiting for the window to move
		} finally {
			timers.mockRestore();
		}
		// Without the give-back the window is full and the next send has to wait.
		const waits = jest.spyOn(global, 'setTimeout');
		try {
			await admitToWindow('window-a', 2);
			expect(waits).toHaveBeenCalled();
		} finally {
			waits.mockRestore();
		}
	});
});

describe('throttleBudgetMs', () => {
	const executeContext = (value: unknown) => {
		const getNodeParameter = jest.fn(() => value);
		const context = { getInputData: () => [], getNodeParameter, getNode: () => ({ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }) };
		return { context, getNodeParameter };
	};

	it('reads the field once per execution context, in milliseconds', () => {
		const { context, getNodeParameter } = executeContext(45);
		expect(throttleBudgetMs(context)).toBe(45_000);
		expect(throttleBudgetMs(context)).toBe(45_000);
		expect(getNodeParameter).toHaveBeenCalledTimes(1);
		// The same bad value keeps failing every later request of that execution, still read once.
		const bad = executeContext(-5);
		expect(() => throttleBudgetMs(bad.context)).toThrow(/^Throttle Retry Budget \(Seconds\): -5 is not a number/);
		expect(() => throttleBudgetMs(bad.context)).toThrow(/^Throttle Retry Budget \(Seconds\)/);
		expect(bad.getNodeParameter).toHaveBeenCalledTimes(1);
	});

	it('hooks, webhooks and list searches (no such field, someone waiting) retry throttling for 10 s', () => {
		const hookLike = { getNodeParameter: jest.fn(), getNode: () => ({}) };
		expect(throttleBudgetMs(hookLike)).toBe(10_000);
		expect(hookLike.getNodeParameter).not.toHaveBeenCalled();
	});
});
