// Runs the VOD example workflows (templates, callback trigger + download, submit with callback URL, submit and
// wait) end to end on the harness against the sandbox, as `npm start` does.
import { startSandbox, type Sandbox } from '../../sandbox';
import { sandboxCredentials } from '../../demo/examples';
import { runVodCallbackFlow, runVodWaitFlow } from '../../demo/flows/vod';
import { progressOutput } from '../../demo/report';

let sb: Sandbox;
beforeAll(async () => {
	progressOutput.enabled = false;
	sb = await startSandbox({ port: 0, speed: 'fast' });
});
afterAll(async () => {
	await sb.stop();
});

function accepted(action: string, from: number): number {
	return sb.requests.slice(from).filter((r) => r.action === action && r.status === 200).length;
}

test('signed callbacks: trigger registers, verifies X-VOD-SIGNATURE, confirms, downloads images; settings restored', async () => {
	const from = sb.requests.length;
	const result = await runVodCallbackFlow({ sb, credentials: sandboxCredentials(sb), items: 8, timeoutMs: 20_000 });
	expect(result.problems).toEqual([]);
	expect(result.ok).toBe(true);
	expect(result.itemsOut).toBe(8);
	expect(accepted('SubmitAIImageJob', from)).toBe(8); // no duplicate submit
	const signed = sb.callbacks.filter((c) => c.provider === 'vod');
	expect(signed.length).toBeGreaterThanOrEqual(8);
	expect(signed.every((c) => Object.keys(c.headers).some((h) => h.toLowerCase() === 'x-vod-signature'))).toBe(true);
	// SetMessageCallback on activation and again on deactivation (restore).
	expect(accepted('SetMessageCallback', from)).toBe(2);
	expect(result.notes.join('\n')).toMatch(/8 job\(s\) succeeded; \d+ result image\(s\) downloaded/);
});

test('submit and wait: batched polling, binary images, no trigger', async () => {
	const from = sb.requests.length;
	const result = await runVodWaitFlow({ sb, credentials: sandboxCredentials(sb), items: 12, timeoutMs: 20_000 });
	expect(result.problems).toEqual([]);
	expect(result.itemsOut).toBe(12);
	expect(accepted('SubmitAIImageJob', from)).toBe(12);
	// 12 jobs -> 2 GetAIImageJobs per polling round (10 ids per call).
	expect(result.apiCalls['vod:GetAIImageJobs'] % 2).toBe(0);
	// No callback URL in the jobs: the node polls for the results itself.
	const submits = sb.requests.slice(from).filter((r) => r.action === 'SubmitAIImageJob');
	expect(submits.every((r) => (r as { params?: Record<string, string> }).params?.UserData === undefined)).toBe(true);
});
