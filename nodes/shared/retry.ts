import { sleep } from 'n8n-workflow';

export interface RetryDecision {
	retry: boolean;
	/** Delay the server asked for (Retry-After, x-acs-retry-after), in milliseconds. */
	delayMs?: number;
	/**
	 * The provider refused the request because of its rate limit, so it was NOT executed: repeating is safe for every
	 * action and is bounded by time (`throttleBudgetMs`), not by `maxAttempts`.
	 */
	throttled?: boolean;
}

export interface RetryPolicy {
	/** Total attempts including the first one, for failures other than throttling. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Decides per failure. Non-idempotent calls must answer `retry: false` for ambiguous failures
	 *  (timeout after the request was sent, 5xx) unless the user opted in. */
	classify: (error: unknown, attempt: number) => RetryDecision;
	onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
	/** How long throttled answers are retried, counted from the first one; 0 = not at all. */
	throttleBudgetMs?: number;
	/** 1 s / the action's quota: throttle retries without a server-given delay are spread around this interval. */
	quotaIntervalMs?: number;
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

/** Shortest spacing of throttle retries when the quota interval is tiny (30/s) and the server names no delay. */
const MIN_THROTTLE_SPACING_MS = 200;

/**
 * Delay before repeating a throttled request. Unlike failures, throttling does not get worse with time: the quota
 * frees a slot at least once per interval, so growing exponential delays would only leave it unused while other
 * clients (other n8n workers) take it. With the server's delay: exactly that plus a little jitter (a quarter of
 * the delay or of the interval, whichever is less) so clients told the same instant do not all arrive together.
 * Without one: uniformly 0.25–0.75 intervals, at random phases, so that with a few competing workers one of them
 * is usually back soon after a slot frees (a refused attempt costs the quota nothing; an idle slot is lost).
 */
export function throttleDelay(quotaIntervalMs: number, serverDelayMs?: number): number {
	if (serverDelayMs !== undefined && serverDelayMs > 0) {
		return serverDelayMs + Math.random() * Math.min(serverDelayMs, quotaIntervalMs) * 0.25;
	}
	const spacing = Math.max(quotaIntervalMs, MIN_THROTTLE_SPACING_MS);
	return spacing * (0.25 + Math.random() / 2);
}

/**
 * Runs `fn` (given the 1-based attempt number) until it succeeds or `classify` refuses. Throttled answers are
 * repeated until `throttleBudgetMs` (from the first throttled answer) would be exceeded by the next wait; other
 * retryable failures until `maxAttempts` failures of that kind.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
	let otherFailures = 0;
	let firstThrottleAt: number | undefined;
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return await fn(attempt);
		} catch (error) {
			// Errors reach us already shaped by the transport (NodeApiError/NodeOperationError);
			// decide outside the catch block and rethrow them unchanged.
			failure = error;
		}
		const decision = policy.classify(failure, attempt);
		let delayMs: number;
		if (decision.throttled) {
			firstThrottleAt ??= Date.now();
			delayMs = throttleDelay(policy.quotaIntervalMs ?? 1000, decision.delayMs);
			const budgetMs = policy.throttleBudgetMs ?? 0;
			// The provider's error is thrown as it is: its hint names the budget (transports' FlowLimitExceeded/Throttling hints).
			if (!decision.retry || Date.now() - firstThrottleAt + delayMs > budgetMs) throw failure;
		} else {
			otherFailures++;
			if (!decision.retry || otherFailures >= policy.maxAttempts) throw failure;
			delayMs = backoffDelay(otherFailures, policy, decision.delayMs);
		}
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
