import { sleep } from 'n8n-workflow';

export interface RetryDecision {
	retry: boolean;
	/** Delay the server asked for (Retry-After, x-acs-retry-after), in milliseconds. */
	delayMs?: number;
}

export interface RetryPolicy {
	/** Total attempts including the first one. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Decides per failure. Non-idempotent calls must answer `retry: false` for ambiguous failures
	 *  (timeout after the request was sent, 5xx) unless the user opted in. */
	classify: (error: unknown, attempt: number) => RetryDecision;
	onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'classify'> = {
	maxAttempts: 6,
	baseDelayMs: 250,
	maxDelayMs: 8000,
};

/** Exponential backoff with "equal jitter": half fixed, half random, so concurrent clients spread out
 *  but each still waits a meaningful minimum. A server-given delay is a floor, not a suggestion. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, serverDelayMs?: number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
	return Math.max(jittered, serverDelayMs ?? 0);
}

/** Runs `fn` (given the 1-based attempt number) until it succeeds, `classify` refuses, or attempts run out. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return await fn(attempt);
		} catch (error) {
			// Errors reach us already shaped by the transport (NodeApiError/NodeOperationError);
			// decide outside the catch block and rethrow them unchanged.
			failure = error;
		}
		const decision = attempt < policy.maxAttempts ? policy.classify(failure, attempt) : { retry: false };
		if (!decision.retry) throw failure;
		const delayMs = backoffDelay(attempt, policy, decision.delayMs);
		policy.onRetry?.({ attempt, delayMs, error: failure });
		await sleep(delayMs);
	}
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Transport-level error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function transportCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		if (typeof current.code === 'string' && /^E[A-Z]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** 'not-sent': safe to repeat anything; 'ambiguous': the server may have acted; undefined: not a transport error. */
export function transportFailureKind(error: unknown): 'not-sent' | 'ambiguous' | undefined {
	const code = transportCode(error);
	if (!code) return undefined;
	// Any other code (ECONNRESET, ETIMEDOUT, ECONNABORTED, EPIPE, …): the server may have received and acted on it.
	return NOT_SENT_CODES.has(code) ? 'not-sent' : 'ambiguous';
}
