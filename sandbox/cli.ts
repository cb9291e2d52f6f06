/**
 * `npm run sandbox`: the local cloud standalone on 127.0.0.1 (default port 8790) until Ctrl-C or SIGTERM. Prints the
 * URLs and demo credentials in the field names of the n8n credential types (volcengineImageXApi, aliyunVodApi).
 * The npm script `exec`s node (with tsx's loader in-process), so the PID npm shows is the one that gets the signal.
 *
 * Flags (env in brackets):  --port 8790 [SANDBOX_PORT]   --speed fast|realtime|<multiplier> [SANDBOX_SPEED]
 *   --failure-rate 0.1 [SANDBOX_FAILURE_RATE]   --no-quotas [SANDBOX_QUOTAS=off]   --seed 42 [SANDBOX_SEED]
 *   --faults '<json FaultConfig>' [SANDBOX_FAULTS]   (e.g. '{"veimagex":{"CreateImageAITask":{"http5xxRate":0.2}}}')
 *   --log-requests [SANDBOX_LOG_REQUESTS=1]   one line per API request: time, provider, action, status, code, flags
 */
import { readFileSync } from 'node:fs';
import { adminRoutes } from './core/admin';
import { startSandbox } from './index';
import type { FaultConfig, SandboxOptions } from './index';
import type { Speed } from './core/provider';
import type { RequestLogEntry } from './core/logs';

function flag(args: string[], name: string): string | undefined {
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return undefined;
	return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

function parseSpeed(raw: string | undefined): Speed {
	if (!raw || raw === 'realtime' || raw === 'fast') return (raw as Speed) ?? 'realtime';
	const n = Number(raw);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--speed must be fast, realtime or a number >= 0, got ${raw}`);
	return n;
}

function parseFaults(raw: string | undefined): FaultConfig | undefined {
	if (!raw) return undefined;
	const text = raw.trim().startsWith('{') ? raw : readFileSync(raw, 'utf8');
	return JSON.parse(text) as FaultConfig;
}

export function optionsFrom(args: string[], env: NodeJS.ProcessEnv): SandboxOptions {
	const num = (v: string | undefined, name: string) => {
		if (v === undefined) return undefined;
		const n = Number(v);
		if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got ${v}`);
		return n;
	};
	const quotasOff = args.includes('--no-quotas') || /^(off|false|0)$/i.test(env.SANDBOX_QUOTAS ?? '');
	const logRequests = args.includes('--log-requests') || /^(on|true|1)$/i.test(env.SANDBOX_LOG_REQUESTS ?? '');
	return {
		port: num(flag(args, 'port') ?? env.SANDBOX_PORT, '--port') ?? 8790,
		speed: parseSpeed(flag(args, 'speed') ?? env.SANDBOX_SPEED),
		failureRate: num(flag(args, 'failure-rate') ?? env.SANDBOX_FAILURE_RATE, '--failure-rate') ?? 0,
		quotas: !quotasOff,
		seed: num(flag(args, 'seed') ?? env.SANDBOX_SEED, '--seed'),
		faults: parseFaults(flag(args, 'faults') ?? env.SANDBOX_FAULTS),
		...(logRequests ? { onRequestLogged: (entry: RequestLogEntry) => process.stdout.write(`${requestLine(entry)}\n`) } : {}),
	};
}

/** `12:00:01.250 vod GetAIImageJobs 429 Throttling.User throttled 30ms-latency` (never keys or parameters). */
export function requestLine(entry: RequestLogEntry): string {
	const time = new Date(entry.at).toISOString().slice(11, 23);
	const flags = [entry.throttled ? 'throttled' : '', entry.fault ? `fault:${entry.fault}` : '', entry.signature !== 'ok' && entry.signature !== '-' ? `signature:${entry.signature}` : '', entry.latencyMs ? `+${entry.latencyMs}ms` : '']
		.filter(Boolean)
		.join(' ');
	return [time, entry.provider, entry.action ?? `${entry.method} ${entry.path}`, entry.status, entry.code ?? '', flags].filter((part) => part !== '').join(' ');
}

async function main(): Promise<void> {
	const options = optionsFrom(process.argv.slice(2), process.env);
	const sb = await startSandbox(options);
	const { volcengine, aliyun } = sb.credentials;
	const lines = [
		`AI image jobs sandbox listening on ${sb.url}  (speed ${String(options.speed)}, quotas ${options.quotas ? 'on' : 'off'}, failure rate ${options.failureRate})`,
		'',
		'veImageX  -> credential "Volcengine veImageX API" (volcengineImageXApi)',
		`  accessKeyId:     ${volcengine.accessKeyId}`,
		`  secretAccessKey: ${volcengine.secretAccessKey}`,
		`  region:          ${volcengine.region}`,
		`  endpoint:        ${volcengine.endpoint}`,
		`  service:         ${volcengine.service}`,
		'',
		'VOD       -> credential "Alibaba Cloud VOD API" (aliyunVodApi)',
		`  accessKeyId:     ${aliyun.accessKeyId}`,
		`  accessKeySecret: ${aliyun.accessKeySecret}`,
		`  region:          ${aliyun.region}`,
		`  endpoint:        ${aliyun.endpoint}   (other regions: ${sb.vodEndpoint('cn-beijing')}, …)`,
		`  signatureScheme: ${aliyun.signatureScheme}`,
		'',
		`Result files: ${sb.url}/files/...`,
		`Admin (JSON): ${adminRoutes().join('   ')}   (paths below ${sb.url})`,
		'These demo keys only open this local sandbox. Ctrl-C to stop.',
		...(options.onRequestLogged ? ['', 'Requests (time, provider, action, status, error code, flags):'] : []),
	];
	process.stdout.write(lines.join('\n') + '\n');
	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		sb.stop().then(() => process.exit(0), () => process.exit(1));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
	process.once('SIGHUP', shutdown);
	// Started through a shell that did not exec us and then lost its parent: stop instead of holding the port.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) shutdown();
	}, 1000).unref();
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`sandbox: ${(error as Error).message}\n`);
		process.exit(1);
	});
}
