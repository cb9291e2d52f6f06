import { sleep } from 'n8n-workflow';

/**
 * Process-wide request slots per quota key (e.g. `endpoint|accessKeyId|Action`).
 *
 * Providers meter quotas per account and action, not per workflow item, so the slots live at module level:
 * every item of an execution and every concurrent execution in this n8n process share one schedule and
 * together stay under the quota instead of each discovering it through 429s. Across processes (queue mode)
 * nothing is shared; the retry policy absorbs the resulting throttling answers.
 */
const nextFreeSlot = new Map<string, number>();

/** Keep a little below the documented rate: clocks and network jitter would otherwise push
 *  the odd request into the provider's previous one-second window. */
const DEFAULT_HEADROOM = 0.97;

export function quotaKey(...parts: Array<string | undefined>): string {
	return parts.map((part) => part ?? '').join('|');
}

/** Resolves when the caller may send the next request under `perSecond` for `key`. */
export async function pace(key: string, perSecond: number, headroom = DEFAULT_HEADROOM): Promise<void> {
	if (!(perSecond > 0)) return;
	const intervalMs = 1000 / (perSecond * headroom);
	const now = Date.now();
	const slot = Math.max(now, nextFreeSlot.get(key) ?? 0);
	nextFreeSlot.set(key, slot + intervalMs);
	if (slot > now) await sleep(slot - now);
}

/** Pushes the schedule of `key` back after the provider said it is throttling us. */
export function deferSlots(key: string, delayMs: number): void {
	const until = Date.now() + delayMs;
	if ((nextFreeSlot.get(key) ?? 0) < until) nextFreeSlot.set(key, until);
}
