/**
 * Per-action, per-account sliding 1-second window. A request is admitted when fewer than `perSecond` requests of
 * the same (action, account) were admitted in the last 1000 ms; refused requests do not consume a slot (the real
 * gateways count admitted calls). Precise on purpose: benchmarks measure quota usage against it.
 */
import type { ThrottleResult } from './provider';

const WINDOW_MS = 1000;

export class QuotaLimiter {
	private readonly admitted = new Map<string, number[]>();
	private overrides: Record<string, number | null> = {};
	enabled: boolean;

	constructor(
		private readonly defaults: Record<string, number>,
		enabled: boolean,
	) {
		this.enabled = enabled;
	}

	/** Configured rate for an action, undefined = unlimited. `null` in overrides removes a default. */
	rate(action: string): number | undefined {
		if (action in this.overrides) return this.overrides[action] ?? undefined;
		return this.defaults[action];
	}

	limits(): Record<string, number> {
		const all: Record<string, number> = { ...this.defaults };
		for (const [action, rate] of Object.entries(this.overrides)) {
			if (rate === null) delete all[action];
			else all[action] = rate;
		}
		return all;
	}

	setRate(action: string, perSecond: number | null): void {
		this.overrides[action] = perSecond;
	}

	check(action: string, accountId: string, now: number): ThrottleResult {
		const perSecond = this.rate(action);
		if (!this.enabled || perSecond === undefined) return { allowed: true, perSecond, retryAfterMs: 0 };
		const key = `${accountId}\u0000${action}`;
		const times = (this.admitted.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
		if (times.length < perSecond) {
			times.push(now);
			this.admitted.set(key, times);
			return { allowed: true, perSecond, retryAfterMs: 0 };
		}
		this.admitted.set(key, times);
		return { allowed: false, perSecond, retryAfterMs: Math.max(1, times[0] + WINDOW_MS - now) };
	}

	reset(): void {
		this.admitted.clear();
	}
}
