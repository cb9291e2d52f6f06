/** `npm run sandbox` (= `tsx sandbox/cli.ts`) as a real child process: banner with URL and credentials, admin over
 *  HTTP, a signed call with the printed keys, and a clean exit on SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { volcCall } from './volcengine-client';

const ROOT = join(__dirname, '..', '..');
let child: ChildProcess;
let banner = '';
let exited: Promise<number | null>;

/** Value printed after `label:` in the banner section that starts with `section`. */
function printed(section: string, label: string): string {
	const part = banner.slice(banner.indexOf(section));
	const match = new RegExp(`^\\s*${label}:\\s+(\\S+)`, 'm').exec(part);
	if (!match) throw new Error(`banner has no ${label} under ${section}:\n${banner}`);
	return match[1];
}

beforeAll(async () => {
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SANDBOX_')));
	child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'sandbox/cli.ts', '--port', '0', '--speed', 'fast'], {
		cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
	});
	exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	let stderr = '';
	child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no banner within 30 s; stderr: ${stderr}`)), 30_000);
		child.stdout!.on('data', (c: Buffer) => {
			banner += c.toString();
			if (banner.includes('Ctrl-C to stop')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => reject(new Error(`sandbox exited early (${code}); stderr: ${stderr}`)));
	});
}, 40_000);

afterAll(async () => {
	if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	await exited;
});

const baseUrl = () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1];
const admin = async (path: string, method: 'GET' | 'POST' | 'HEAD' = 'GET') => {
	const res = await request(`${baseUrl()}/_admin/${path}`, { method, headersTimeout: 10_000, bodyTimeout: 10_000 });
	const text = await res.body.text();
	return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
};

test('prints a loopback URL on an ephemeral port and the demo credentials; admin answers over HTTP', async () => {
	expect(Number(/:(\d+)$/.exec(baseUrl())![1])).toBeGreaterThan(0);
	expect(printed('veImageX', 'endpoint')).toBe(`${baseUrl()}/veimagex`);
	expect((await admin('')).json.endpoints).toContain('/_admin/requests');
	expect(await admin('faults')).toEqual(expect.objectContaining({ status: 200, json: {} }));
	expect((await admin('quota')).json.veimagex.enabled).toBe(true);
	// Reset is POST only; a GET is refused with 405 and the allowed method (it used to be a bare 404).
	const wrong = await admin('reset');
	expect([wrong.status, wrong.headers.allow]).toEqual([405, 'POST']);
	expect((await admin('reset', 'POST')).json).toEqual({ reset: true });
	expect((await admin('requests', 'HEAD')).status).toBe(200);
});

test('a call signed with the printed keys is accepted and shows in GET /_admin/requests', async () => {
	const key = { accessKeyId: printed('veImageX', 'accessKeyId'), secret: printed('veImageX', 'secretAccessKey') };
	const res = await volcCall({ endpoint: printed('veImageX', 'endpoint'), action: 'GetImageAIProcessQueues', key, query: { Limit: 1 } });
	expect(res.status).toBe(200);
	const log = (await admin('requests')).json;
	expect(log).toEqual([expect.objectContaining({ action: 'GetImageAIProcessQueues', signature: 'ok', status: 200, accessKeyId: key.accessKeyId })]);
	expect(JSON.stringify(log)).not.toContain(key.secret);
});

test('SIGTERM stops it cleanly: exit code 0 and the port no longer answers', async () => {
	child.kill('SIGTERM');
	expect(await exited).toBe(0);
	await expect(request(`${baseUrl()}/_admin`, { headersTimeout: 5_000 })).rejects.toThrow();
});
