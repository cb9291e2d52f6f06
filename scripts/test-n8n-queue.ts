// `npm run test:n8n -- --queue` (issue 15): the package on n8n's distributed engine. Starts Redis and Postgres
// (queue-services.ts), n8n main + 2 workers + 1 webhook processor (queue-cluster.ts), the sandbox with its quotas,
// and runs four scenarios against it (queue-quota-scenarios.ts, queue-callback-scenarios.ts): PASS/FAIL per check,
// figures per scenario, bench/QUEUE-MODE.md after a full-size run. Everything started is stopped by PID, also when a
// check fails or the run is interrupted. N8N_QUEUE_SCALE=0.1 runs every scenario at a tenth of its size;
// N8N_QUEUE_SCENARIOS=3,4 runs only those; N8N_QUEUE_TRIGGER_CALLBACKS sets scenario 3's callbacks per provider (25).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox } from '../sandbox';
import { createVodProvider } from '../sandbox/vod';
import { CACHE, Checks, ROOT, waitUntil } from './n8n-app';
import { callbackWorkflows, triggerScenario, waitForCallbackScenario } from './queue-callback-scenarios';
import { QueueCluster } from './queue-cluster';
import { quotaWorkflows, veImageXScenario, vodScenario } from './queue-quota-scenarios';
import { machineInfo, report } from './queue-report';
import type { Figures, QueueContext } from './queue-run';
import { postgresBin } from './queue-services';
import { importAll, sandboxResources } from './queue-setup';

const WORKERS = 2;
/** Scenario 2 packs 500 images per task, so 2 × 10 000 images are 40 CreateImageAITask calls: enough calls at 1/s
 *  to measure the share of the quota (the default of 10 000 per task would be 2 calls). */
const IMAGES_PER_TASK = 500;
const AUTH_KEY = 'QueueModeAuthKey1';

async function main(): Promise<void> {
	const t0 = Date.now();
	const scale = Number(process.env.N8N_QUEUE_SCALE ?? '1');
	if (!(scale > 0 && scale <= 1)) throw new Error('N8N_QUEUE_SCALE must be in (0, 1]');
	const checks = new Checks();
	const check = checks.check.bind(checks);
	mkdirSync(join(ROOT, '.cache'), { recursive: true });
	const dir = mkdtempSync(join(ROOT, '.cache', 'n8n-queue-'));
	// mkdtemp makes it 0700; Postgres runs as the `postgres` user and must reach its data folder inside.
	chmodSync(dir, 0o711);
	console.log(`[test:n8n:queue] folder ${dir}, scale ${scale}`);
	// VOD jobs take 10 s here (10 000 cloud seconds at 'fast'): still running when a waiting node checks before it waits.
	const sb = await startSandbox({ port: 0, speed: 'fast', quotas: true, providers: { vod: createVodProvider({ jobDurationMs: 10_000_000, eventTimeStyle: 'iso' }) } });
	const cluster = new QueueCluster(dir, WORKERS);
	const stopAll = async () => {
		await cluster.stop();
		await sb.stop();
	};
	// Ctrl-C / kill: stop what this run started, then exit.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`[test:n8n:queue] ${signal}: stopping ${cluster.pids()}`);
			void stopAll().finally(() => process.exit(130));
		});
	}
	const figures: Figures[] = [];
	let startupSeconds = 0;
	try {
		const res = await sandboxResources(sb);
		await cluster.prepare();
		const ctx: QueueContext = { sb, cluster, check, scale, authKey: AUTH_KEY };
		const callbacks = callbackWorkflows(res, AUTH_KEY);
		await importAll(cluster, sb, [...quotaWorkflows(res.templates['cn-shanghai'], res.queues.q2, Math.max(1, Math.round(IMAGES_PER_TASK * scale))), ...callbacks.list]);
		check('credentials and workflows imported and published (n8n CLI, Postgres)', true, `${callbacks.list.length + 2} workflows`);
		const startedFrom = sb.requests.length;
		const startAt = Date.now();
		await cluster.start(300_000);
		startupSeconds = (Date.now() - startAt) / 1000;
		const health = await Promise.all(cluster.workerProcesses.map(async (p) => (await fetch(`http://127.0.0.1:${p.app.port}/healthz/readiness`)).status));
		check('queue mode up: main, workers, webhook processor', health.every((s) => s === 200), `${cluster.pids()}; worker readiness ${health.join(', ')}; start-up ${startupSeconds.toFixed(0)} s`);
		// Main activates the published triggers right after the editor is up.
		await waitUntil(() => sb.requests.slice(startedFrom).some((r) => r.action === 'SetMessageCallback' && r.status === 200), 60_000);

		const scenarios: Array<[string, () => Promise<Figures>]> = [
			['1', () => vodScenario(ctx)],
			['2', () => veImageXScenario(ctx, res.queues.q2, Math.max(1, Math.round(IMAGES_PER_TASK * scale)))],
			['3', () => triggerScenario(ctx, callbacks.triggers, startedFrom)],
			['4', () => waitForCallbackScenario(ctx, res.queues.q4)],
		];
		const only = (process.env.N8N_QUEUE_SCENARIOS ?? '1,2,3,4').split(',');
		for (const [name, run] of scenarios.filter(([name]) => only.includes(name))) {
			const started = Date.now();
			try {
				const f = await run();
				figures.push(f);
				console.log(`  scenario ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
			} catch (error) {
				check(`scenario ${name}`, false, (error as Error).stack ?? String(error));
			}
		}
	} catch (error) {
		check('run', false, (error as Error).stack ?? String(error));
	} finally {
		await stopAll();
	}

	const failed = checks.list.filter((c) => !c.ok);
	if (failed.length > 0) {
		for (const p of cluster.processes) console.log(`\n--- last lines of ${p.label} ---\n${p.app.serverLog.join('').split('\n').slice(-25).join('\n')}`);
	}
	const minutes = Math.ceil((Date.now() - t0) / 60_000);
	const disk = `${execFileSync('du', ['-sh', dir]).toString().split('\t')[0]} for this run's data folders, plus the n8n app in ${CACHE}`;
	const summary = checks.list.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}`);
	const text = report({ date: new Date().toISOString(), machine: machineInfo(postgresBin()), figures, summary, minutes, disk, command: 'npm run test:n8n -- --queue' });
	// Only a full-size, all-green run replaces the recorded figures; other runs print them.
	if (scale === 1 && failed.length === 0 && figures.length === 4) writeFileSync(join(ROOT, 'bench', 'QUEUE-MODE.md'), text);
	console.log(`\n${text}`);
	if (failed.length === 0 && process.env.KEEP_N8N_E2E !== '1') rmSync(dir, { recursive: true, force: true });
	else console.log(`[test:n8n:queue] folder kept: ${dir} (logs: redis/redis.log, postgres/postgres.log)`);
	console.log(`\n[test:n8n:queue] ${checks.list.length - failed.length} passed, ${failed.length} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
	console.log(failed.length === 0 ? '[test:n8n:queue] PASS' : `[test:n8n:queue] FAIL: ${failed.map((c) => c.name).join('; ')}`);
	process.exitCode = failed.length === 0 ? 0 : 1;
}

void main();
