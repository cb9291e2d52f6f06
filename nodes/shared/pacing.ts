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

/** The slot a request was given and where it left the schedule (see `releaseSlots`). */
export interface Reservation {
	slot: number;
	until: number;
}

/** Resolves when the caller may send the next request under `perSecond` for `key`. */
export async function pace(key: string, perSecond: number, headroom = DEFAULT_HEADROOM): Promise<Reservation> {
	const now = Date.now();
	if (!(perSecond > 0)) return { slot: now, until: now };
	const intervalMs = 1000 / (perSecond * headroom);
	const slot = Math.max(now, nextFreeSlot.get(key) ?? 0);
	nextFreeSlot.set(key, slot + intervalMs);
	if (slot > now) await sleep(slot - now);
	return { slot, until: slot + intervalMs };
}

/** Pushes the schedule of `key` back (after a send, or when the provider said it is throttling us); returns where
 *  the schedule now ends. */
export function deferSlots(key: string, delayMs: number): number {
	const until = Date.now() + delayMs;
	if ((nextFreeSlot.get(key) ?? 0) < until) nextFreeSlot.set(key, until);
	return nextFreeSlot.get(key) ?? until;
}

/**
 * A throttled request was refused without being counted, so the interval it reserved is not owed to the quota:
 * give it back (the schedule returns to the request's own slot) unless a later request has reserved since — then
 * the schedule no longer ends at `heldUntil` and is left alone. Without this, every refused attempt of a 1/s action
 * would hold the next attempt a full second, however short the retry delay.
 */
export function releaseSlots(key: string, reservation: Reservation): void {
	if (nextFreeSlot.get(key) === reservation.until) nextFreeSlot.set(key, reservation.slot);
}
