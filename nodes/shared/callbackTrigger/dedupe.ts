/**
 * Drops repeated deliveries (VOD retries, veImageX resends) within a time window.
 * State lives in the workflow's static data (saved by n8n when the trigger answers, see `accept` in http.ts, so it
 * survives restarts and reaches other processes) and, for deliveries arriving before that save, in a small
 * per-process map. Bounded in size either way.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

const MAX_KEYS = 2000;
/**
 * A full store is cut down to this, not to MAX_KEYS: the sort then runs once per 400 deliveries instead of on
 * every one (with 2 000 keys in n8n's observed static data, pruning on every call cost ~30 ms per delivery).
 */
const KEEP_AFTER_PRUNE = 1600;
const recent = new Map<string, Map<string, number>>();

export function dedupeKey(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function prune(seen: Record<string, number> | Map<string, number>, now: number): void {
	const size = seen instanceof Map ? seen.size : Object.keys(seen).length;
	if (size <= MAX_KEYS) return;
	const entries = seen instanceof Map ? [...seen.entries()] : Object.entries(seen);
	const drop = (key: string) => (seen instanceof Map ? seen.delete(key) : delete seen[key]);
	// Expired ones first, then the ones expiring soonest.
	const live = entries.filter(([key, expires]) => expires > now || !drop(key));
	if (live.length <= KEEP_AFTER_PRUNE) return;
	live.sort((a, b) => a[1] - b[1]);
	for (const [key] of live.slice(0, live.length - KEEP_AFTER_PRUNE)) drop(key);
}

function memoryFor(scope: string): Map<string, number> {
	let memory = recent.get(scope);
	if (!memory) {
		memory = new Map();
		recent.set(scope, memory);
	}
	return memory;
}

/** True when `key` was delivered (and remembered) within the window. */
export function seenBefore(staticData: IDataObject, scope: string, key: string, now: number): boolean {
	const stored = (staticData.seenDeliveries ?? {}) as Record<string, number>;
	return (stored[key] ?? 0) > now || (memoryFor(scope).get(key) ?? 0) > now;
}

/**
 * Remembers a delivery once it was accepted (not before: a refused delivery must stay retryable).
 * The stored window is the union of what this call loaded and what this process remembers: n8n saves each call's
 * whole static data, so concurrent calls (a burst on one webhook processor) overwrite each other's saves and the
 * last one wins. Writing the union makes every save carry all keys this process accepted or loaded, so a key lost
 * by one overwrite is back with the next save (queue mode, scripts/test-n8n-queue.ts scenario 3).
 */
export function remember(staticData: IDataObject, scope: string, key: string, windowMs: number, now: number): void {
	const stored = (staticData.seenDeliveries ?? {}) as Record<string, number>;
	const memory = memoryFor(scope);
	for (const [known, expires] of Object.entries(stored)) if (expires > (memory.get(known) ?? 0)) memory.set(known, expires);
	memory.set(key, now + windowMs);
	prune(memory, now);
	for (const [known, expires] of memory) if (expires > now && expires > (stored[known] ?? 0)) stored[known] = expires;
	prune(stored, now);
	staticData.seenDeliveries = stored;
}

/**
 * Deliveries being processed right now in this process (a confirmation call can take a while): a second copy
 * arriving meanwhile waits for the first's outcome instead of being processed a second time.
 */
const inFlight = new Map<string, Promise<void>>();

/** The pending processing of `key`, if another delivery holds it. */
export function heldElsewhere(scope: string, key: string): Promise<void> | undefined {
	return inFlight.get(`${scope}\u0000${key}`);
}

/** Marks `key` as being processed; the returned function ends the mark (whatever the outcome). Synchronous. */
export function hold(scope: string, key: string): () => void {
	const id = `${scope}\u0000${key}`;
	let release!: () => void;
	inFlight.set(id, new Promise<void>((resolve) => (release = resolve)));
	return () => {
		inFlight.delete(id);
		release();
	};
}
