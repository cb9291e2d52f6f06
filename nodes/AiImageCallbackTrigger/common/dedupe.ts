/**
 * Drops repeated deliveries (VOD retries, veImageX resends) within a time window.
 * State lives in the workflow's static data (persisted by n8n after an execution, so it survives restarts)
 * and, for deliveries arriving before that save, in a small per-process map. Bounded in size either way.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

const MAX_KEYS = 2000;
const recent = new Map<string, Map<string, number>>();

export function dedupeKey(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function prune(seen: Record<string, number> | Map<string, number>, now: number): void {
	const entries = seen instanceof Map ? [...seen.entries()] : Object.entries(seen);
	for (const [key, expires] of entries) {
		if (expires <= now) {
			if (seen instanceof Map) seen.delete(key);
			else delete seen[key];
		}
	}
	// Still too many: drop the ones expiring soonest.
	const left = seen instanceof Map ? [...seen.entries()] : Object.entries(seen);
	if (left.length <= MAX_KEYS) return;
	left.sort((a, b) => a[1] - b[1]);
	for (const [key] of left.slice(0, left.length - MAX_KEYS)) {
		if (seen instanceof Map) seen.delete(key);
		else delete seen[key];
	}
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

/** Remembers a delivery once it was accepted (not before: a refused delivery must stay retryable). */
export function remember(staticData: IDataObject, scope: string, key: string, windowMs: number, now: number): void {
	const stored = (staticData.seenDeliveries ?? {}) as Record<string, number>;
	const memory = memoryFor(scope);
	stored[key] = now + windowMs;
	memory.set(key, now + windowMs);
	prune(stored, now);
	prune(memory, now);
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
