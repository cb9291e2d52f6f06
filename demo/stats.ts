// Figures read from what the sandbox saw: API calls (and the answers that made a node retry) and callback
// deliveries (attempts grouped into messages, as the provider retries them).
import type { Sandbox } from '../sandbox';

type CallbackEntry = Sandbox['callbacks'][number];

export interface ApiStats {
	/** Requests that reached the sandbox, by `provider:Action`. */
	apiCalls: Record<string, number>;
	/** Answered "throttled" (the node backs off and repeats the call). */
	throttled: number;
	/** Answered with a server error or a reset/held connection (a read is repeated; a submit never is). */
	serverErrors: number;
	faultsInjected: number;
}

/** Counts the sandbox request log from `from` on (one flow's calls). */
export function apiStatsSince(sb: Sandbox, from: number): ApiStats {
	const stats: ApiStats = { apiCalls: {}, throttled: 0, serverErrors: 0, faultsInjected: 0 };
	for (const entry of sb.requests.slice(from)) {
		const key = `${entry.provider}:${entry.action}`;
		stats.apiCalls[key] = (stats.apiCalls[key] ?? 0) + 1;
		if (entry.throttled) stats.throttled++;
		else if (entry.status >= 500 || entry.fault === 'reset' || entry.fault === 'timeout') stats.serverErrors++;
		if (entry.fault) stats.faultsInjected++;
	}
	return stats;
}

export const totalCalls = (stats: ApiStats) => Object.values(stats.apiCalls).reduce((a, b) => a + b, 0);

export interface CallbackStats {
	/** Messages the provider sent (a deliberate duplicate is a message of its own). */
	messages: number;
	attempts: number;
	/** Attempts the receiver did not answer within the provider's limit (VOD: 5 s). */
	timedOut: number;
	/** Attempts answered with a status the provider does not accept (it tries again). */
	refused: number;
	/** Messages that needed more than one attempt. */
	redelivered: number;
	/** Of those, delivered in the end: a redelivery that succeeded is not a failure. */
	redeliveredThenAccepted: number;
	/** Messages no attempt delivered (the provider gave up), or dropped by fault injection. */
	lost: number;
	/** Attempts still waiting for an answer. */
	inFlight: number;
}

/** Groups attempts into messages: attempt 1 opens a message, attempt n continues the latest one with the same
 *  URL and body. `accepted` is the provider's success rule (VOD: exactly 200; veImageX: any 2xx). */
export function callbackStats(entries: CallbackEntry[], accepted: (status: number) => boolean): CallbackStats {
	const open = new Map<string, CallbackEntry[][]>();
	const messages: CallbackEntry[][] = [];
	for (const entry of entries) {
		const key = `${entry.url}\u0000${entry.body}`;
		const same = open.get(key) ?? [];
		if (entry.attempt <= 1 || same.length === 0) {
			const message = [entry];
			messages.push(message);
			same.push(message);
			open.set(key, same);
		} else {
			same[same.length - 1].push(entry);
		}
	}
	const stats: CallbackStats = { messages: messages.length, attempts: 0, timedOut: 0, refused: 0, redelivered: 0, redeliveredThenAccepted: 0, lost: 0, inFlight: 0 };
	for (const message of messages) {
		const attempts = message.filter((e) => e.attempt > 0);
		stats.attempts += attempts.length;
		stats.timedOut += attempts.filter((e) => e.error !== undefined && /timeout/i.test(e.error)).length;
		stats.refused += attempts.filter((e) => e.status !== undefined && !accepted(e.status)).length;
		stats.inFlight += attempts.filter((e) => e.status === undefined && e.error === undefined).length;
		const delivered = attempts.some((e) => e.status !== undefined && accepted(e.status));
		const pending = attempts.some((e) => e.status === undefined && e.error === undefined);
		if (attempts.length > 1) {
			stats.redelivered++;
			if (delivered) stats.redeliveredThenAccepted++;
		}
		if (!delivered && !pending) stats.lost++;
	}
	return stats;
}

export function describeCallbacks(c: CallbackStats): string {
	return (
		`${c.messages} message(s) in ${c.attempts} attempt(s): ${c.timedOut} attempt(s) timed out, ${c.refused} refused; ` +
		`${c.redelivered} redelivered (${c.redeliveredThenAccepted} then accepted), ${c.lost} lost`
	);
}
