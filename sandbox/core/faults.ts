/**
 * Fault injection tables. A fault spec applies to one action of one provider (or '*'): every decision is drawn
 * from the instance's seeded random source, so a run with a seed is reproducible.
 */
import type { ProviderName } from './provider';

export interface FaultSpec {
	/** Added latency before answering (ms, real time). */
	latencyMs?: number;
	/** Share of requests answered with the provider's 5xx (0..1). */
	http5xxRate?: number;
	/** Share of requests whose socket is destroyed without an answer. */
	resetRate?: number;
	/** Share of requests held open without an answer until the client gives up (or the sandbox stops). */
	timeoutRate?: number;
	/** Share of answers whose body is truncated into invalid JSON. */
	malformedRate?: number;
	/** Share of requests answered HTTP 200 with an error envelope (InternalError). */
	errorEnvelopeRate?: number;
	/** Share of answers replaced by a proxy's HTML page with HTTP 200, AFTER the action ran (it may have created work). */
	htmlPageRate?: number;
	/** Share of answers from which the keys in `dropKeys` are removed at any depth, after the action ran. */
	dropKeysRate?: number;
	/** Keys removed by `dropKeysRate` (default: the ids an action returns, TaskId, QueueId, JobId, TemplateId). */
	dropKeys?: string[];
}

export interface CallbackFaultSpec {
	duplicateRate?: number;
	outOfOrderRate?: number;
	dropRate?: number;
}

/** `{ veimagex: { CreateImageAITask: {...}, '*': {...}, callback: {...} }, vod: {...} }` */
export type FaultConfig = Partial<Record<ProviderName, Record<string, FaultSpec & CallbackFaultSpec>>>;

export type FaultKind = 'http5xx' | 'reset' | 'timeout' | 'malformed' | 'errorEnvelope' | 'htmlPage' | 'dropKeys';

export interface FaultDecision {
	latencyMs: number;
	kind?: FaultKind;
	/** For `dropKeys`: the keys to remove. */
	dropKeys?: string[];
}

export const DEFAULT_DROP_KEYS = ['TaskId', 'QueueId', 'JobId', 'TemplateId'];

export interface CallbackFaultDecision {
	kind?: 'duplicate' | 'outOfOrder' | 'dropped';
}

const REQUEST_KINDS: Array<[FaultKind, Exclude<keyof FaultSpec, 'latencyMs' | 'dropKeys'>]> = [
	['reset', 'resetRate'],
	['timeout', 'timeoutRate'],
	['http5xx', 'http5xxRate'],
	['errorEnvelope', 'errorEnvelopeRate'],
	['malformed', 'malformedRate'],
	['htmlPage', 'htmlPageRate'],
	['dropKeys', 'dropKeysRate'],
];

export class FaultTable {
	private config: FaultConfig = {};

	constructor(private readonly random: () => number) {}

	get(): FaultConfig {
		return JSON.parse(JSON.stringify(this.config)) as FaultConfig;
	}

	/** Replace the faults of the providers named in `config` (others kept); `{}` for a provider clears it. */
	set(config: FaultConfig): void {
		for (const [provider, table] of Object.entries(config)) {
			this.config[provider as ProviderName] = { ...(table ?? {}) };
		}
	}

	clear(): void {
		this.config = {};
	}

	private spec(provider: ProviderName, key: string): (FaultSpec & CallbackFaultSpec) | undefined {
		const table = this.config[provider];
		return table?.[key] ?? table?.['*'];
	}

	decide(provider: ProviderName, action: string): FaultDecision {
		const spec = this.spec(provider, action);
		if (!spec) return { latencyMs: 0 };
		const decision: FaultDecision = { latencyMs: Math.max(0, spec.latencyMs ?? 0) };
		for (const [kind, rateKey] of REQUEST_KINDS) {
			const rate = spec[rateKey] ?? 0;
			// Draw only for configured kinds, so adding one knob does not shift the others' random sequence.
			if (rate > 0 && this.random() < rate) {
				decision.kind = kind;
				if (kind === 'dropKeys') decision.dropKeys = spec.dropKeys ?? DEFAULT_DROP_KEYS;
				break;
			}
		}
		return decision;
	}

	decideCallback(provider: ProviderName, key: string): CallbackFaultDecision {
		const table = this.config[provider];
		const spec = table?.[key] ?? table?.['callback'];
		if (!spec) return {};
		if ((spec.dropRate ?? 0) > 0 && this.random() < spec.dropRate!) return { kind: 'dropped' };
		if ((spec.duplicateRate ?? 0) > 0 && this.random() < spec.duplicateRate!) return { kind: 'duplicate' };
		if ((spec.outOfOrderRate ?? 0) > 0 && this.random() < spec.outOfOrderRate!) return { kind: 'outOfOrder' };
		return {};
	}
}
