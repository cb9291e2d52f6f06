/** Public option and handle types of `startSandbox` (contract: docs/ARCHITECTURE.md "Sandbox"). */
import type { CallbackLogEntry, RequestLogEntry } from './logs';
import type { FaultConfig } from './faults';
import type { AccessKeyRecord, ProviderName, SandboxProvider, Speed } from './provider';

export type QuotaLimits = Partial<Record<ProviderName, Record<string, number | null>>>;

export interface SandboxOptions {
	/** 0 = ephemeral (tests); the CLI uses 8790. */
	port?: number;
	/** Processing speed: 'fast' (default: 1/1000 of the real durations), 'realtime', or a multiplier. */
	speed?: Speed;
	/** Enforce the documented per-action QPS (default true). */
	quotas?: boolean;
	/** Override or remove (`null`) per-action limits: `{ veimagex: { CreateImageAITask: 5 } }`. */
	quotaLimits?: QuotaLimits;
	/** Share of processed items that fail with a realistic error code (default 0). */
	failureRate?: number;
	/** Seed for every random draw (faults, failures, ids): reproducible runs. */
	seed?: number;
	faults?: FaultConfig;
	/** Accepted access keys per provider (default: DEMO_KEYS). */
	keys?: Partial<Record<ProviderName, AccessKeyRecord[]>>;
	/** Shift the sandbox clock (e.g. to test timestamp windows). */
	clockOffsetMs?: number;
	/** Inject provider modules instead of loading sandbox/<name>/index.ts. */
	providers?: Partial<Record<ProviderName, SandboxProvider>>;
	/** Called once per answered API request with its log entry (the CLI's `--log-requests` line). */
	onRequestLogged?: (entry: RequestLogEntry) => void;
}

export interface VolcengineCredentialData {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	region: string;
	endpoint: string;
	service: string;
}

export interface AliyunCredentialData {
	accessKeyId: string;
	accessKeySecret: string;
	securityToken: string;
	region: string;
	endpoint: string;
	signatureScheme: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';
}

export interface Sandbox {
	url: string;
	veimagexEndpoint: string;
	vodEndpoint(region?: string): string;
	credentials: { volcengine: VolcengineCredentialData; aliyun: AliyunCredentialData };
	/** Live arrays (cleared in place by reset). */
	requests: RequestLogEntry[];
	callbacks: CallbackLogEntry[];
	/** Bytes of a result file by its absolute URL (or path below /files/). */
	files(url: string): Buffer | undefined;
	setFaults(config: FaultConfig): void;
	clearFaults(): void;
	/** Hold back outgoing callbacks (true) or deliver the held ones and stop holding (false); one provider or all. */
	holdCallbacks(hold: boolean, provider?: ProviderName): void;
	/** Number of callbacks currently held back (of one provider or all). */
	heldCallbacks(provider?: ProviderName): number;
	setQuota(opts: { enabled?: boolean; limits?: QuotaLimits }): void;
	/** Provider states for debugging (same as GET /_admin/state). */
	state(): Record<string, unknown>;
	reset(): void;
	stop(): Promise<void>;
}
