/**
 * Outgoing callbacks (undici), with the callback faults applied: `dropped` (never sent, logged), `duplicate`
 * (sent twice), `outOfOrder` (held back until the next message of the same provider has been sent, or 50 ms).
 * Every attempt is logged with status or error; an attempt counts as delivered when `acceptStatus` (default: any
 * 2xx) accepts its status, otherwise the next attempt follows after `retryDelayMs`.
 */
import { request } from 'undici';
import type { CallbackLogEntry } from './logs';
import type { CallbackFaultDecision, CallbackSender, OutgoingCallback, ProviderName } from './provider';

export interface CallbackDeps {
	provider: ProviderName;
	log: CallbackLogEntry[];
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	decide: (key: string) => CallbackFaultDecision;
	isStopped: () => boolean;
	/** Awaited before a callback is sent (sandbox/core/hold.ts: held back while a test restarts the receiver). */
	gate?: () => Promise<void>;
}

const isSuccessStatus = (status: number) => status >= 200 && status < 300;

export function createCallbackSender(deps: CallbackDeps): CallbackSender {
	let heldBack: Array<() => void> = [];

	async function deliver(cb: OutgoingCallback, fault?: string): Promise<CallbackLogEntry[]> {
		const entries: CallbackLogEntry[] = [];
		const attempts = Math.max(1, cb.attempts ?? 1);
		for (let attempt = 1; attempt <= attempts && !deps.isStopped(); attempt++) {
			const headers = { 'content-type': 'application/json', ...cb.headers, ...(cb.headersForAttempt?.(attempt) ?? {}) };
			const entry: CallbackLogEntry = {
				provider: deps.provider, url: cb.url, attempt, body: cb.body, headers, at: deps.now(),
				...(fault ? { fault } : {}),
			};
			deps.log.push(entry);
			entries.push(entry);
			try {
				const res = await request(cb.url, {
					method: cb.method ?? 'POST', headers, body: cb.body,
					headersTimeout: cb.timeoutMs ?? 5000, bodyTimeout: cb.timeoutMs ?? 5000,
				});
				entry.status = res.statusCode;
				await res.body.dump();
				if ((cb.acceptStatus ?? isSuccessStatus)(res.statusCode)) break;
			} catch (error) {
				entry.error = (error as Error).message || String(error);
			}
			if (attempt < attempts) await deps.sleep(cb.retryDelayMs ?? 1000);
		}
		return entries;
	}

	function releaseHeldBack(): void {
		const release = heldBack;
		heldBack = [];
		for (const go of release) go();
	}

	return {
		async send(cb) {
			await deps.gate?.();
			const decision = deps.decide(cb.faultKey ?? 'callback');
			if (decision.kind === 'dropped') {
				const entry: CallbackLogEntry = {
					provider: deps.provider, url: cb.url, attempt: 0, body: cb.body, headers: cb.headers,
					at: deps.now(), fault: 'dropped', error: 'dropped by fault injection',
				};
				deps.log.push(entry);
				return [entry];
			}
			if (decision.kind === 'outOfOrder') {
				await Promise.race([new Promise<void>((resolve) => heldBack.push(resolve)), deps.sleep(50)]);
				return deliver(cb, 'outOfOrder');
			}
			const sent = deliver(cb, decision.kind);
			// Messages held back are released once a later message is on its way, so they arrive after it.
			setImmediate(releaseHeldBack);
			const first = await sent;
			if (decision.kind === 'duplicate') return [...first, ...(await deliver(cb, 'duplicate'))];
			return first;
		},
	};
}
