/** `npm run sandbox` exactly as a user starts it: the PID they see is npm's. SIGTERM or SIGINT to that PID must
 *  stop the sandbox and free its port (npm used to exit and leave tsx/node listening). Also the optional
 *  per-request log line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { volcCall } from './volcengine-client';

const ROOT = join(__dirname, '..', '..');

interface Started {
	npm: ChildProcess;
	url: string;
	output: () => string;
	exited: Promise<number | null>;
}

async function startThroughNpm(...flags: string[]): Promise<Started> {
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SANDBOX_')));
	const npm = spawn('npm', ['run', '--silent', 'sandbox', '--', '--port', '0', '--speed', 'fast', ...flags], {
		cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
	});
	const exited = new Promise<number | null>((resolve) => npm.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
	let out = '';
	npm.stdout!.on('data', (c: Buffer) => (out += c.toString()));
	npm.stderr!.on('data', (c: Buffer) => (out += c.toString()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no banner within 40 s:\n${out}`)), 40_000);
		npm.stdout!.on('data', () => {
			if (out.includes('Ctrl-C to stop')) {
				clearTimeout(timer);
				resolve();
			}
		});
		npm.once('exit', (code) => reject(new Error(`npm run sandbox exited early (${code}):\n${out}`)));
	});
	return { npm, url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1], output: () => out, exited };
}

async function portAnswers(url: string): Promise<boolean> {
	try {
		const res = await request(`${url}/_admin`, { headersTimeout: 3_000, bodyTimeout: 3_000 });
		await res.body.dump();
		return true;
	} catch {
		return false;
	}
}

let running: Started | undefined;
afterEach(async () => {
	// A failed assertion must not leave a sandbox behind: stop what this test started, by its PID.
	if (running && running.npm.exitCode === null && running.npm.signalCode === null) running.npm.kill('SIGKILL');
	running = undefined;
});

test.each(['SIGTERM', 'SIGINT'] as const)('%s to the PID npm shows stops the sandbox and frees the port', async (signal) => {
	running = await startThroughNpm();
	expect(await portAnswers(running.url)).toBe(true);
	running.npm.kill(signal);
	expect(await running.exited).toBe(0);
	expect(await portAnswers(running.url)).toBe(false);
}, 60_000);

test('--log-requests prints one line per API request (action, status, no secrets)', async () => {
	running = await startThroughNpm('--log-requests');
	const endpoint = /veImageX[\s\S]*?endpoint:\s+(\S+)/.exec(running.output())![1];
	const accessKeyId = /veImageX[\s\S]*?accessKeyId:\s+(\S+)/.exec(running.output())![1];
	const secret = /veImageX[\s\S]*?secretAccessKey:\s+(\S+)/.exec(running.output())![1];
	const res = await volcCall({ endpoint, action: 'GetImageAIProcessQueues', key: { accessKeyId, secret }, query: { Limit: 1 } });
	expect(res.status).toBe(200);
	const logged = async () => /^\d\d:\d\d:\d\d\.\d{3} veimagex GetImageAIProcessQueues 200$/m.test(running!.output());
	for (let i = 0; i < 50 && !(await logged()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
	expect(await logged()).toBe(true);
	const banner = running.output().indexOf('Requests (time, provider, action');
	expect(banner).toBeGreaterThan(0);
	expect(running.output().slice(banner)).not.toContain(secret);
	running.npm.kill('SIGTERM');
	expect(await running.exited).toBe(0);
}, 60_000);
