/**
 * Callbacks of one waiting execution that reach the same n8n process are decided one at a time, with what earlier
 * decisions learnt from the provider (not from callbacks): batches seen final stay final (a finished task or job
 * never runs again), and once one call resumed the execution the others need not ask at all (n8n refuses them).
 * A burst of callbacks (many jobs finishing together) thus costs one status pass, not one per callback, and does
 * not run into the provider's rate limit. Nothing here is needed for correctness: a restarted n8n, or another
 * webhook process in queue mode, simply starts with an empty memory.
 */

export interface DecisionMemory {
	/** Keys of batches the provider reported entirely final. */
	finalBatches: Set<string>;
	/** Set when a callback resumed the execution. */
	resumed: boolean;
}

interface Entry {
	memory: DecisionMemory;
	queue: Promise<unknown>;
	touched: number;
}

/** Forgotten after an hour without callbacks (a waiting execution is re-checked from the provider anyway). */
const IDLE_MS = 60 * 60_000;
const entries = new Map<string, Entry>();

function sweep(now: number): void {
	for (const [key, entry] of entries) if (now - entry.touched > IDLE_MS) entries.delete(key);
}

/** Runs `decide` for the execution identified by `key` after every earlier decision for it has finished. */
export async function oneAtATime<T>(key: string, decide: (memory: DecisionMemory) => Promise<T>): Promise<T> {
	const now = Date.now();
	sweep(now);
	const entry = entries.get(key) ?? { memory: { finalBatches: new Set<string>(), resumed: false }, queue: Promise.resolve(), touched: now };
	entry.touched = now;
	entries.set(key, entry);
	const result = entry.queue.then(async () => await decide(entry.memory));
	// The next decision waits for this one, whatever its outcome.
	entry.queue = result.catch(() => undefined);
	return await result;
}
