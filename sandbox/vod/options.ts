/**
 * VOD emulator knobs. Durations are REAL-cloud durations, scaled by the sandbox speed (`ctx.clock.scale`), so
 * `speed: 'fast'` keeps tests quick without special test values.
 */
export type EventTimeStyle = 'iso' | 'colon-ms' | 'mixed';

export interface VodOptions {
	/** Time a job takes on the real cloud before its result exists (ms, scaled). */
	jobDurationMs: number;
	/**
	 * EventType of the AI image completion callback. UNVERIFIED (vod-api.md §3.4): the real string is not
	 * documented; AI events are enabled with `AIComplete` and receivers should accept any `AI*` value.
	 */
	eventType: string;
	/** `EventTime` as `2017-03-20T07:49:17Z`, the odd `2022-10-20T10:29:46:540Z`, or either at random (§3.5). */
	eventTimeStyle: EventTimeStyle;
	/** `Data` as a JSON string (documented) or an already-parsed object (seen in sibling AI event samples). */
	dataAsObject: boolean;
	/** One delivery attempt is abandoned after this long (real ms, not scaled: it is the receiver's budget). */
	callbackTimeoutMs: number;
	/** Interval between the 3 delivery attempts (ms, scaled). */
	callbackRetryIntervalMs: number;
	callbackAttempts: number;
}

export const DEFAULT_VOD_OPTIONS: VodOptions = {
	jobDurationMs: 20_000,
	eventType: 'AIImageComplete',
	eventTimeStyle: 'mixed',
	dataAsObject: false,
	callbackTimeoutMs: 5_000,
	callbackRetryIntervalMs: 1_000,
	callbackAttempts: 3,
};

const numberFrom = (raw: string | undefined, fallback: number) =>
	raw !== undefined && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : fallback;

/** Environment overrides for `npm run sandbox` (SANDBOX_VOD_*). */
export function vodOptionsFromEnv(env: Record<string, string | undefined>): VodOptions {
	const d = DEFAULT_VOD_OPTIONS;
	const style = env.SANDBOX_VOD_EVENT_TIME_STYLE;
	return {
		jobDurationMs: numberFrom(env.SANDBOX_VOD_JOB_DURATION_MS, d.jobDurationMs),
		eventType: env.SANDBOX_VOD_EVENT_TYPE || d.eventType,
		eventTimeStyle: style === 'iso' || style === 'colon-ms' || style === 'mixed' ? style : d.eventTimeStyle,
		dataAsObject: env.SANDBOX_VOD_DATA_AS_OBJECT === 'true',
		callbackTimeoutMs: numberFrom(env.SANDBOX_VOD_CALLBACK_TIMEOUT_MS, d.callbackTimeoutMs),
		callbackRetryIntervalMs: numberFrom(env.SANDBOX_VOD_CALLBACK_RETRY_MS, d.callbackRetryIntervalMs),
		callbackAttempts: numberFrom(env.SANDBOX_VOD_CALLBACK_ATTEMPTS, d.callbackAttempts),
	};
}
