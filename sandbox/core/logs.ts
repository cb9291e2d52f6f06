/** Observability records: what reached the "cloud" and what the "cloud" sent back out. No secrets, ever. */
import type { ProviderName } from './provider';

export interface RequestLogEntry {
	provider: ProviderName | 'files' | 'admin' | 'unknown';
	action?: string;
	method: string;
	region?: string;
	path: string;
	status: number;
	/** Error code of the answer, when it was an error envelope. */
	code?: string;
	/** 'ok' when the signature verified, else the error code it was rejected with ('-' if never checked). */
	signature: string;
	throttled: boolean;
	/** Fault injected into this request, if any. */
	fault?: string;
	/** Latency added by fault injection (ms). */
	latencyMs?: number;
	/** ms since epoch when received. */
	at: number;
	requestId: string;
	accessKeyId?: string;
	params?: Record<string, unknown>;
}

export interface CallbackLogEntry {
	provider: ProviderName;
	url: string;
	attempt: number;
	status?: number;
	error?: string;
	body: string;
	headers: Record<string, string>;
	/** Callback fault applied to this message (duplicate / outOfOrder / dropped). */
	fault?: string;
	at: number;
}
