/** `startSandbox`: one loopback listener routing `/veimagex`, `/vod/<region>`, `/files/...`, `/_admin/...`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin';
import { createCallbackSender } from './callbacks';
import { CallbackHold } from './hold';
import { InstanceClock, InstanceRandom, speedFactor } from './clock';
import { FaultTable } from './faults';
import { MemoryFiles } from './files';
import { DEMO_KEYS } from './keys';
import type { CallbackLogEntry, RequestLogEntry } from './logs';
import type { Sandbox, SandboxOptions } from './options';
import { runPipeline, sendResponse } from './pipeline';
import type { ProviderContext, ProviderInstance, ProviderName } from './provider';
import { QuotaLimiter } from './quota';
import { loadProvider } from './registry';
import { buildSandboxRequest, readBody, splitUrl } from './request';

const PROVIDERS: ProviderName[] = ['veimagex', 'vod'];

interface Mounted {
	instance?: ProviderInstance;
	error?: string;
	quota: QuotaLimiter;
}

function route(rawPath: string): { kind: ProviderName | 'files' | 'admin'; path: string; region?: string } | undefined {
	const m = /^\/veimagex(\/.*)?$/.exec(rawPath);
	if (m) return { kind: 'veimagex', path: m[1] ?? '/' };
	const v = /^\/vod\/([a-z0-9-]+)(\/.*)?$/.exec(rawPath);
	if (v) return { kind: 'vod', path: v[2] ?? '/', region: v[1] };
	if (rawPath.startsWith('/files/')) return { kind: 'files', path: rawPath.slice('/files/'.length) };
	if (rawPath === '/_admin' || rawPath.startsWith('/_admin/')) return { kind: 'admin', path: rawPath };
	return undefined;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const random = new InstanceRandom(opts.seed);
	const clock = new InstanceClock(speedFactor(opts.speed));
	clock.offsetMs = opts.clockOffsetMs ?? 0;
	const faults = new FaultTable(() => random.next());
	if (opts.faults) faults.set(opts.faults);
	const requests: RequestLogEntry[] = [];
	const callbacks: CallbackLogEntry[] = [];
	const held = new Set<ServerResponse>();
	const callbackHolds: Record<ProviderName, CallbackHold> = { veimagex: new CallbackHold(), vod: new CallbackHold() };
	let baseUrl = '';
	let stopped = false;
	const files = new MemoryFiles(() => baseUrl);
	const mounted = {} as Record<ProviderName, Mounted>;

	for (const name of PROVIDERS) {
		const loaded = opts.providers?.[name] ? { provider: opts.providers[name]! } : await loadProvider(name);
		if ('error' in loaded) {
			mounted[name] = { error: loaded.error, quota: new QuotaLimiter({}, false) };
			continue;
		}
		const quota = new QuotaLimiter(loaded.provider.defaultQuotas, opts.quotas ?? true);
		for (const [action, rate] of Object.entries(opts.quotaLimits?.[name] ?? {})) quota.setRate(action, rate);
		const keys = opts.keys?.[name] ?? DEMO_KEYS[name];
		const ctx: ProviderContext = {
			provider: name,
			baseUrl: () => baseUrl,
			keys,
			findKey: (id) => keys.find((k) => k.accessKeyId === id),
			throttle: (action, accountId) => quota.check(action, accountId, clock.now()),
			failureRate: () => opts.failureRate ?? 0,
			decideFault: (action) => faults.decide(name, action),
			decideCallbackFault: (key) => faults.decideCallback(name, key),
			clock,
			random,
			callbacks: createCallbackSender({
				provider: name, log: callbacks, now: () => clock.now(), sleep: (ms) => clock.sleep(ms),
				decide: (key) => faults.decideCallback(name, key), isStopped: () => stopped,
				gate: () => callbackHolds[name].pass(),
			}),
			files: files.forProvider(name),
			requests: () => requests,
		};
		mounted[name] = { instance: loaded.provider.create(ctx), quota };
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const receivedAt = clock.now();
		const { rawPath, rawQuery } = splitUrl(req.url ?? '/');
		const r = route(rawPath);
		const body = await readBody(req);
		if (!r) return sendResponse(res, { status: 404, body: { error: `no sandbox route for ${rawPath}` } });
		if (r.kind === 'admin') return handleAdmin(adminDeps, req.method ?? 'GET', r.path, body, res);
		if (r.kind === 'files') {
			const file = files.lookup(decodeURIComponent(r.path));
			if (!file) return sendResponse(res, { status: 404, body: { error: 'file not found' } });
			return sendResponse(res, { status: 200, headers: { 'content-type': file.contentType }, body: file.bytes });
		}
		const m = mounted[r.kind];
		if (!m.instance) return sendResponse(res, { status: 501, body: { error: m.error } });
		const requestId = `${new Date(receivedAt).toISOString().replace(/\D/g, '').slice(0, 14)}${random.hex(8).toUpperCase()}`;
		const sreq = buildSandboxRequest(req, body, { rawPath, rawQuery, path: r.path, routeRegion: r.region }, requestId, receivedAt);
		await runPipeline({
			provider: r.kind, instance: m.instance, log: requests, held,
			decideFault: (action) => faults.decide(r.kind as ProviderName, action),
			throttle: (action, accountId) => m.quota.check(action, accountId, clock.now()),
			hasQuota: (action) => m.quota.rate(action) !== undefined,
			sleep: (ms) => clock.sleep(ms),
		}, sreq, res, req);
		if (opts.onRequestLogged) {
			// Newest first: the entry was pushed when this request finished, others may have finished since.
			for (let i = requests.length - 1; i >= 0; i--) {
				if (requests[i].requestId === requestId) {
					opts.onRequestLogged(requests[i]);
					break;
				}
			}
		}
	}

	const server = createServer((req, res) => {
		onRequest(req, res).catch((error) => {
			if (!res.headersSent) sendResponse(res, { status: 500, body: { error: String((error as Error).message) } });
			else res.destroy();
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
	});
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const vodEndpoint = (region = 'cn-shanghai') => `${baseUrl}/vod/${region}`;
	const sandbox: Sandbox = {
		url: baseUrl,
		veimagexEndpoint: `${baseUrl}/veimagex`,
		vodEndpoint,
		credentials: {
			volcengine: {
				accessKeyId: (opts.keys?.veimagex ?? DEMO_KEYS.veimagex)[0].accessKeyId,
				secretAccessKey: (opts.keys?.veimagex ?? DEMO_KEYS.veimagex)[0].secret,
				sessionToken: '', region: 'cn-north-1', endpoint: `${baseUrl}/veimagex`, service: 'imagex',
			},
			aliyun: {
				accessKeyId: (opts.keys?.vod ?? DEMO_KEYS.vod)[0].accessKeyId,
				accessKeySecret: (opts.keys?.vod ?? DEMO_KEYS.vod)[0].secret,
				securityToken: '', region: 'cn-shanghai', endpoint: vodEndpoint('cn-shanghai'),
				signatureScheme: 'ACS3-HMAC-SHA256',
			},
		},
		requests,
		callbacks,
		files(url) {
			const path = url.startsWith(baseUrl) ? url.slice(`${baseUrl}/files/`.length) : url.replace(/^\/?(files\/)?/, '');
			return files.lookup(decodeURIComponent(path))?.bytes;
		},
		setFaults: (config) => faults.set(config),
		clearFaults: () => faults.clear(),
		holdCallbacks(hold, provider) {
			for (const name of provider ? [provider] : PROVIDERS) callbackHolds[name].set(hold);
		},
		heldCallbacks: (provider) => (provider ? [provider] : PROVIDERS).reduce((sum, name) => sum + callbackHolds[name].pending, 0),
		setQuota({ enabled, limits }) {
			for (const name of PROVIDERS) {
				if (enabled !== undefined) mounted[name].quota.enabled = enabled;
				for (const [action, rate] of Object.entries(limits?.[name] ?? {})) mounted[name].quota.setRate(action, rate);
			}
		},
		state() {
			const out: Record<string, unknown> = {};
			for (const name of PROVIDERS) out[name] = mounted[name].instance?.state?.() ?? { error: mounted[name].error };
			return out;
		},
		reset() {
			clock.cancelAll();
			requests.length = 0;
			callbacks.length = 0;
			faults.clear();
			files.clear();
			for (const name of PROVIDERS) {
				mounted[name].quota.reset();
				mounted[name].instance?.reset?.();
			}
		},
		async stop() {
			stopped = true;
			for (const name of PROVIDERS) callbackHolds[name].set(false);
			clock.cancelAll();
			for (const name of PROVIDERS) await mounted[name].instance?.stop?.();
			for (const res of held) res.destroy();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	const adminDeps = {
		sandbox,
		faults: () => faults.get(),
		quota: () => Object.fromEntries(PROVIDERS.map((n) => [n, { enabled: mounted[n].quota.enabled, limits: mounted[n].quota.limits() }])),
	};
	return sandbox;
}
