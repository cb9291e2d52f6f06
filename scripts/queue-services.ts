// Redis and Postgres for n8n's queue mode (scripts/test-n8n-queue.ts): Debian's redis-server and postgresql
// (installed by scripts/test-n8n.sh --queue with apt-get when missing), each on a free loopback port with its own
// data folder, stopped by the PID this script started. Dev-only; never part of `npm test` or CI.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, waitUntil } from './n8n-app';

export interface Service {
	name: string;
	pid: number;
	port: number;
	/** Stops the process by its PID and waits for it to exit. */
	stop(): Promise<void>;
}

const alive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

async function stopPid(pid: number, signal: NodeJS.Signals): Promise<void> {
	if (!alive(pid)) return;
	process.kill(pid, signal);
	if (await waitUntil(() => !alive(pid), 30_000, 200)) return;
	process.kill(pid, 'SIGKILL');
	await waitUntil(() => !alive(pid), 5_000, 200);
}

function awaitExit(child: ChildProcess): Promise<void> {
	return child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** redis-server in the foreground on 127.0.0.1:<free port>, no persistence (the queue only lives for the run). */
export async function startRedis(dir: string): Promise<Service> {
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', join(dir, 'redis.log')], {
		stdio: 'ignore',
	});
	const exited = awaitExit(child);
	const up = await waitUntil(() => existsSync(join(dir, 'redis.log')) && readFileSync(join(dir, 'redis.log'), 'utf8').includes('Ready to accept connections'), 20_000, 200);
	const service: Service = {
		name: 'redis',
		pid: child.pid ?? 0,
		port,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		},
	};
	if (!up) {
		await service.stop();
		throw new Error(`redis-server did not start on port ${port} (log ${join(dir, 'redis.log')})`);
	}
	return service;
}

/** Debian keeps one folder per major version; the newest installed one. */
export function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
	if (versions.length === 0) throw new Error(`no PostgreSQL under ${root}: run scripts/test-n8n.sh --queue (installs postgresql with apt-get)`);
	return join(root, versions[0], 'bin');
}

/** Postgres refuses to run as root: as root, run its binaries as the `postgres` user Debian's package creates. */
function asPostgresUser(bin: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

export interface Postgres extends Service {
	/** postgres://postgres@127.0.0.1:<port>/<database> (trust authentication on loopback). */
	url: string;
	database: string;
	user: string;
}

/** A fresh cluster in `dir` (initdb, trust auth, fsync off: a throw-away test database), started with pg_ctl on
 *  127.0.0.1:<free port>, and one database for n8n. */
export async function startPostgres(dir: string, database = 'n8n'): Promise<Postgres> {
	const bin = postgresBin();
	const data = join(dir, 'data');
	mkdirSync(dir, { recursive: true });
	if (process.getuid?.() === 0) {
		const { uid, gid } = postgresIds();
		chownSync(dir, uid, gid);
	}
	const run = (tool: string, args: string[]) => {
		const [cmd, argv] = asPostgresUser(join(bin, tool), args);
		return execFileSync(cmd, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
	};
	run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
	const port = await freePort();
	// Unix socket in the data folder (not /var/run/postgresql, which may not exist or belong to a system cluster).
	const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c max_connections=200`;
	run('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
	const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
	const service: Postgres = {
		name: 'postgres',
		pid,
		port,
		database,
		user: 'postgres',
		url: `postgres://postgres@127.0.0.1:${port}/${database}`,
		// SIGINT = "fast shutdown": connections are closed, the postmaster exits.
		stop: () => stopPid(pid, 'SIGINT'),
	};
	try {
		run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
	} catch (error) {
		await service.stop();
		throw error;
	}
	return service;
}

function postgresIds(): { uid: number; gid: number } {
	const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('no `postgres` user: install Debian\'s postgresql package (scripts/test-n8n.sh --queue does)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}
