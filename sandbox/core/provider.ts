/**
 * Contract between the sandbox core (HTTP listener, logs, quotas, faults, callbacks, files, clock) and the
 * provider modules that emulate one cloud each (`sandbox/veimagex/`, `sandbox/vod/`).
 *
 * STABLE since v1. Changes must stay backward compatible and be listed here:
 *   v1  initial version.
 *
 * ## How a provider is registered
 * `sandbox/core/registry.ts` maps a route to a module path and loads it lazily with a computed `import()`,
 * so the tree compiles and runs before a provider exists (its route then answers 501 NotImplemented):
 *   `/veimagex/...`       -> `sandbox/veimagex/index.ts`  (region from the signature scope)
 *   `/vod/<region>/...`   -> `sandbox/vod/index.ts`       (region from the path; `req.routeRegion`)
 * The module must export `provider: SandboxProvider` (a named export). `provider.create(ctx)` is called once per
 * `startSandbox` instance, so all state lives in the returned `ProviderInstance` (isolated per instance).
 *
 * ## Request pipeline (the core runs it; the provider supplies the cloud-specific steps)
 *   1. parse: method, path below the route prefix, raw query, headers, RAW body bytes -> `SandboxRequest`
 *   2. `describe(req)`            -> action / version / region / loggable params (never secrets)
 *   3. fault decision for (provider, action): latency is applied; `reset`/`timeout` end here
 *   4. `verify(req, meta)`        -> throws ApiError (SignatureDoesNotMatch, InvalidTimestamp, nonce reuse...)
 *   5. quota: `ctx.throttle(action, accountId)`; when refused the core renders `throttleError(...)`
 *   6. fault `http5xx` -> `serverError(meta)`; fault `errorEnvelope` -> `serverError(meta)` rendered with HTTP 200
 *   7. `handle(req, meta, auth)`  -> ProviderResponse, or throws ApiError -> `renderError(err, req, meta)`
 *   8. fault `malformed` truncates the body bytes; the request is logged (`ctx.requests`)
 * Providers may also call `ctx.throttle` themselves (e.g. an account-wide limit) — the core does step 5 only for
 * actions listed in `defaultQuotas` (or set with `setQuota`).
 */
import type { RequestLogEntry, CallbackLogEntry } from './logs';
import type { FaultDecision, CallbackFaultDecision } from './faults';

export type ProviderName = 'veimagex' | 'vod';

/** One accepted access key (configurable through `startSandbox({ keys })`). */
export interface AccessKeyRecord {
	accessKeyId: string;
	secret: string;
	/** Accepted STS tokens for this key; a request carrying a token not listed here is refused. */
	sessionTokens?: string[];
	/** Quotas and state are per account; defaults to the access key id. */
	accountId?: string;
}

/** What the core parsed from the socket; everything a verifier needs to recompute a signature. */
export interface SandboxRequest {
	method: string;
	/** Path below the route prefix, always starting with `/` (`/veimagex/?A=1` -> `/`). */
	path: string;
	/** Full path as received, without the query (`/veimagex/`): what a client behind the prefix signed. */
	rawPath: string;
	/** Query string exactly as received, without `?` (percent-encoding untouched). */
	rawQuery: string;
	/** Decoded query pairs in wire order (`+` decoded as space, like real gateways). */
	query: Array<[string, string]>;
	/** Last value per key of `query`, for convenience. */
	queryMap: Record<string, string>;
	/** Lower-case header names -> value (repeated headers joined with `,`). */
	headers: Record<string, string>;
	/** Header names in wire casing as received (for verifiers that care). */
	rawHeaderNames: string[];
	/** The exact body bytes received. */
	body: Buffer;
	/** Region from the route (`/vod/<region>`); undefined for veImageX. */
	routeRegion?: string;
	/** Sandbox-generated request id (providers put it in their envelopes). */
	requestId: string;
	/** When the core received the request (ms since epoch, `ctx.clock.now()`). */
	receivedAt: number;
}

export interface RequestMeta {
	action?: string;
	version?: string;
	region?: string;
	/** Loggable parameters (the provider must drop secrets, tokens and signatures). */
	params?: Record<string, unknown>;
}

export interface AuthResult {
	accessKeyId: string;
	accountId: string;
	/** Signing region from the scope (veImageX) or the route (VOD). */
	region?: string;
}

export interface ProviderResponse {
	status: number;
	headers?: Record<string, string>;
	/** Objects are serialised as JSON (`content-type: application/json`). */
	body: unknown;
	/** Error code for the request log (`code?`) when the body is an error envelope. */
	code?: string;
}

/** A cloud error: rendered by the provider into its own envelope with the given HTTP status. */
export class ApiError extends Error {
	readonly httpStatus: number;
	readonly code: string;
	readonly codeN?: number;
	/** Extra response headers (e.g. `x-acs-retry-after`). */
	readonly headers: Record<string, string>;
	/** Extra fields a provider may put in the envelope (e.g. Alibaba `Recommend`). */
	readonly extra: Record<string, unknown>;

	constructor(
		httpStatus: number,
		code: string,
		message: string,
		opts: { codeN?: number; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
	) {
		super(message);
		this.name = 'ApiError';
		this.httpStatus = httpStatus;
		this.code = code;
		this.codeN = opts.codeN;
		this.headers = opts.headers ?? {};
		this.extra = opts.extra ?? {};
	}
}

export interface ThrottleResult {
	allowed: boolean;
	/** Configured rate for the action (requests per second), undefined when unlimited. */
	perSecond?: number;
	/** Ms until a slot frees up (0 when allowed). */
	retryAfterMs: number;
}

/** Processing speed: 'fast' for tests, 'realtime' for demos, or a multiplier on documented durations. */
export type Speed = 'fast' | 'realtime' | number;

export interface SandboxClock {
	/** ms since epoch; tests may shift it with `offsetMs`. */
	now(): number;
	/** Scale a real-cloud duration by the configured speed ('fast' = 1/1000, min 0). */
	scale(realMs: number): number;
	/** Run `fn` after `delayMs` (already scaled); cancelled by reset/stop. Returns a cancel function. */
	schedule(fn: () => void, delayMs: number): () => void;
	/** Resolves after `delayMs`; rejects never; resolves immediately after stop. */
	sleep(delayMs: number): Promise<void>;
}

export interface SandboxRandom {
	/** Uniform [0,1): seeded (deterministic) when `startSandbox({ seed })` is given. */
	next(): number;
	/** Lower-case hex id of `bytes` random bytes (seeded too). */
	hex(bytes: number): string;
	/** RFC 4122 v4-shaped id. */
	uuid(): string;
}

export interface OutgoingCallback {
	url: string;
	method?: 'POST';
	headers: Record<string, string>;
	body: string;
	/** Abort one attempt after this long (ms, real time). Default 5000. */
	timeoutMs?: number;
	/** Attempts until an accepted status (VOD: 3). Default 1. */
	attempts?: number;
	/** Which HTTP statuses count as delivered (VOD: exactly 200). Default: any 2xx. */
	acceptStatus?: (status: number) => boolean;
	/** Wait between attempts (ms, scaled by speed by the caller if wanted). Default 1000. */
	retryDelayMs?: number;
	/** Recomputed per attempt (e.g. VOD X-VOD-TIMESTAMP/SIGNATURE); merged over `headers`. */
	headersForAttempt?: (attempt: number) => Record<string, string>;
	/** Key for the fault table (e.g. 'callback:entry'); defaults to 'callback'. */
	faultKey?: string;
}

export interface CallbackSender {
	/** Sends (after applying callback faults), logs every attempt; resolves with this message's log entries. */
	send(cb: OutgoingCallback): Promise<CallbackLogEntry[]>;
}

export interface FileStore {
	/** Stores bytes at `/files/<provider>/<key>`; returns the absolute URL served by the sandbox. */
	put(key: string, bytes: Buffer, contentType: string): string;
	get(key: string): { bytes: Buffer; contentType: string } | undefined;
	/** Absolute URL for a key (whether stored or not). */
	url(key: string): string;
}

/** Services the core gives a provider instance. Scoped to one provider of one sandbox instance. */
export interface ProviderContext {
	readonly provider: ProviderName;
	/** Base URL of the sandbox, e.g. http://127.0.0.1:8790 */
	baseUrl(): string;
	/** Accepted access keys of this provider (configurable). */
	readonly keys: AccessKeyRecord[];
	findKey(accessKeyId: string): AccessKeyRecord | undefined;
	/** Sliding 1 s window per (action, account); records nothing in the log (the core does). */
	throttle(action: string, accountId: string): ThrottleResult;
	/** Share of processed items that fail (0..1), from `startSandbox({ failureRate })`. */
	failureRate(): number;
	/** Fault decision for an action (already drawn from the seeded random source). */
	decideFault(action: string): FaultDecision;
	decideCallbackFault(key: string): CallbackFaultDecision;
	readonly clock: SandboxClock;
	readonly random: SandboxRandom;
	readonly callbacks: CallbackSender;
	readonly files: FileStore;
	/** Read-only view of the request log (e.g. for providers that dedupe). */
	requests(): readonly RequestLogEntry[];
}

export interface ProviderInstance {
	describe(req: SandboxRequest): RequestMeta;
	/** Verify the signature from the received bytes; throw ApiError on failure. */
	verify(req: SandboxRequest, meta: RequestMeta): AuthResult;
	handle(req: SandboxRequest, meta: RequestMeta, auth: AuthResult): Promise<ProviderResponse>;
	renderError(err: ApiError, req: SandboxRequest, meta: RequestMeta): ProviderResponse;
	/** The provider's real throttle answer (veImageX 429 FlowLimitExceeded; Alibaba Throttling.User). */
	throttleError(meta: RequestMeta, throttle: ThrottleResult): ApiError;
	/** A realistic 5xx for fault injection (also used, rendered with HTTP 200, for `errorEnvelope`). */
	serverError(meta: RequestMeta): ApiError;
	/** Admin view of the state (`GET /_admin/state`), JSON-serialisable, no secrets. */
	state?(): unknown;
	/** Drop all state (reset) — scheduled timers are cancelled by the core. */
	reset?(): void;
	stop?(): Promise<void> | void;
}

export interface SandboxProvider {
	name: ProviderName;
	/** Per-action requests per second enforced by the core (overridable with `setQuota`). */
	defaultQuotas: Record<string, number>;
	create(ctx: ProviderContext): ProviderInstance;
}

export type { RequestLogEntry, CallbackLogEntry, FaultDecision, CallbackFaultDecision };
