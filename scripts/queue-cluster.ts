// n8n in queue mode on one machine, as scripts/test-n8n-queue.ts runs it: Redis + Postgres (queue-services.ts),
// then `n8n start` (main: editor, trigger activation, deadlines of waiting executions), N × `n8n worker` and one
// `n8n webhook` processor. Every process has its own user folder with the package installed, the same Postgres,
// Redis and N8N_ENCRYPTION_KEY, and its own ports (HTTP / worker health check, task broker). WEBHOOK_URL of every
// process is the webhook processor's URL, as a load balancer in front of webhook processors would make it.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, N8nInstance, type N8nCommand } from './n8n-app';
import { startPostgres, startRedis, type Postgres, type Service } from './queue-services';

export interface QueueProcess {
	label: string;
	command: N8nCommand;
	app: N8nInstance;
	child?: ChildProcess;
}

export class QueueCluster {
	readonly processes: QueueProcess[] = [];
	redis?: Service;
	postgres?: Postgres;
	private readonly encryptionKey = randomBytes(24).toString('hex');

	constructor(
		private readonly dir: string,
		private readonly workers: number,
	) {}

	get main(): QueueProcess {
		return this.processes[0];
	}
	get webhook(): QueueProcess {
		return this.processes.find((p) => p.command === 'webhook')!;
	}
	get workerProcesses(): QueueProcess[] {
		return this.processes.filter((p) => p.command === 'worker');
	}
	/** The main process's own URL (it serves /webhook/ too). */
	get mainUrl(): string {
		return `http://127.0.0.1:${this.main.app.port}/`;
	}
	get webhookUrl(): string {
		return `http://127.0.0.1:${this.webhook.app.port}/`;
	}

	/** Redis and Postgres up, the n8n processes configured (not started). */
	async prepare(): Promise<void> {
		this.redis = await startRedis(join(this.dir, 'redis'));
		this.postgres = await startPostgres(join(this.dir, 'postgres'));
		const commands: Array<[string, N8nCommand]> = [
			['main', 'start'],
			...Array.from({ length: this.workers }, (_, i): [string, N8nCommand] => [`worker-${i + 1}`, 'worker']),
			['webhook', 'webhook'],
		];
		for (const [label, command] of commands) {
			const app = new N8nInstance();
			app.userFolder = join(this.dir, label);
			mkdirSync(app.userFolder, { recursive: true });
			app.installPackage();
			app.port = await freePort();
			app.brokerPort = await freePort();
			app.databaseUrl = this.postgres.url;
			this.processes.push({ label, command, app });
		}
		const webhookUrl = `http://127.0.0.1:${this.webhook.app.port}/`;
		for (const { app, command } of this.processes) {
			app.webhookUrl = webhookUrl;
			app.extraEnv = {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(this.redis.port),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(this.postgres.port),
				DB_POSTGRESDB_DATABASE: this.postgres.database,
				DB_POSTGRESDB_USER: this.postgres.user,
				DB_POSTGRESDB_PASSWORD: '',
				// n8n's default pool is 2 connections per process: a burst of 100 callbacks on the webhook processor then
				// waited 20 s for a connection ("timeout exceeded when trying to connect"), past the providers' 5 s, and
				// callbacks were lost (first full run of scenario 3). 10 per process: 4 processes use ≤ 40 of Postgres' 200.
				DB_POSTGRESDB_POOL_SIZE: '10',
				N8N_ENCRYPTION_KEY: this.encryptionKey,
				// Stop within seconds when the run is over (default 30 s per process).
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
				// A worker's /healthz/readiness on its own port (its N8N_PORT is not used).
				...(command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(app.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {}),
			};
		}
	}

	/** Main first (it runs the database migrations and activates the published workflows), then the others. */
	async start(timeoutMs: number): Promise<void> {
		this.main.child = await this.main.app.start(timeoutMs, 'start');
		await Promise.all(
			this.processes.slice(1).map(async (p) => {
				p.child = await p.app.start(timeoutMs, p.command);
			}),
		);
	}

	/** Every n8n process, then Redis and Postgres, each by its PID; safe to call twice and after a failed start. */
	async stop(): Promise<void> {
		await Promise.all(this.processes.filter((p) => p.child && p.child.exitCode === null).map((p) => p.app.stop(p.child!)));
		for (const p of this.processes) {
			// Kept with the run's folder when a check failed (or KEEP_N8N_E2E=1).
			if (p.child) writeFileSync(join(p.app.userFolder, 'n8n.log'), p.app.serverLog.join(''));
			p.child = undefined;
		}
		await this.redis?.stop();
		await this.postgres?.stop();
		this.redis = undefined;
		this.postgres = undefined;
	}

	/** PIDs (and ports) of everything started, for the log. */
	pids(): string {
		const n8n = this.processes.map((p) => `${p.label} ${p.child?.pid ?? '-'} (:${p.app.port})`);
		return [...n8n, `redis ${this.redis?.pid ?? '-'} (:${this.redis?.port ?? '-'})`, `postgres ${this.postgres?.pid ?? '-'} (:${this.postgres?.port ?? '-'})`].join(', ');
	}

	/** Execution ids a process's log names with `pattern` (one capture group: the execution id). */
	executionIdsIn(p: QueueProcess, pattern: RegExp): number[] {
		const global = new RegExp(pattern.source, 'g');
		return [...p.app.serverLog.join('').matchAll(global)].map((m) => Number(m[1]));
	}
}
