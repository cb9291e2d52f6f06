// Queue mode in miniature: two executions at once against ONE provider quota.
// 1. Two worker PROCESSES (separate pacing schedules, as n8n queue-mode workers have) each submit VOD jobs
//    while the sandbox quota is lowered below what each paces to: they collide, get 429 Throttling.User,
//    back off and retry. From the sandbox log: every video submitted exactly once, nothing lost.
// 2. Two concurrent executions in ONE process share the process-wide pacing for veImageX CreateImageAITask
//    (1/s): both tasks are created once, no throttling answer at all.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import {
	loadExample,
	nodeOfType,
	pinSampleInput,
	sampleImageUrls,
	sampleVideoIds,
	sandboxCredentials,
	setParameters,
} from '../demo/examples';
import { runWorkflow } from './harness';

type WorkerResult = { error?: string; items: Array<{ videoId: string; jobId: string }> };

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotaLimits: { vod: { SubmitAIImageJob: 10 } } });
});
afterAll(async () => {
	await sb.stop();
});

function runWorker(input: object): Promise<WorkerResult> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[require.resolve('tsx/cli'), join(__dirname, 'scale-out.worker.ts')],
			{ env: { ...process.env, SCALE_OUT_INPUT: JSON.stringify(input) }, timeout: 150_000 },
			(error, stdout, stderr) => {
				const line = stdout.trim().split('\n').pop() ?? '';
				try {
					resolve(JSON.parse(line) as WorkerResult);
				} catch {
					reject(new Error(`worker failed: ${error?.message ?? ''}\n${stderr.slice(-2000)}`));
				}
			},
		);
	});
}

async function aiTemplateId(): Promise<string> {
	const wf = loadExample('vod-list-templates');
	const result = await runWorkflow({ workflow: wf, credentials: sandboxCredentials(sb) });
	const templates = result.output(nodeOfType(wf, 'aliyunVodAiImage').name)[0].json.templates as Array<{ TemplateId: string; IsDefault: string }>;
	return templates.find((t) => t.IsDefault === 'Default')!.TemplateId;
}

test('two worker processes submitting VOD jobs against one quota: zero lost, zero duplicate submits', async () => {
	const templateId = await aiTemplateId();
	const from = sb.requests.length;
	const credentials = sandboxCredentials(sb);
	const a = sampleVideoIds(20, 'worker-a').map((v) => String(v.videoId));
	const b = sampleVideoIds(20, 'worker-b').map((v) => String(v.videoId));
	const [resultA, resultB] = await Promise.all([
		runWorker({ credentials, templateId, videoIds: a }),
		runWorker({ credentials, templateId, videoIds: b }),
	]);
	expect(resultA.error).toBeUndefined();
	expect(resultB.error).toBeUndefined();
	// Every input item has its job, in order (pairedItem kept).
	expect(resultA.items.map((i) => i.videoId)).toEqual(a);
	expect(resultB.items.map((i) => i.videoId)).toEqual(b);
	const jobIds = [...resultA.items, ...resultB.items].map((i) => i.jobId);
	expect(new Set(jobIds).size).toBe(40);

	const submits = sb.requests.slice(from).filter((r) => r.action === 'SubmitAIImageJob');
	const accepted = submits.filter((r) => r.status === 200);
	const acceptedVideos = accepted.map((r) => (r as { params?: Record<string, string> }).params?.VideoId);
	expect(accepted).toHaveLength(40);
	expect(new Set(acceptedVideos).size).toBe(40);
	expect(acceptedVideos.sort()).toEqual([...a, ...b].sort());
	// The quota really was contended: some submits were answered 429 and retried.
	expect(submits.filter((r) => r.throttled).length).toBeGreaterThan(0);
	expect(submits.every((r) => r.status === 200 || r.throttled)).toBe(true);
	// A hang guard, not a speed target: each worker boots tsx + n8n-core (~20 s on a busy 2-core machine).
}, 180_000);

test('two concurrent executions in one process share the pacing: each veImageX task created once, no 429', async () => {
	const credentials = sandboxCredentials(sb);
	const create = loadExample('veimagex-create-queue');
	const [queue] = (await runWorkflow({ workflow: create, credentials })).output(nodeOfType(create, 'veImageXAiQueue').name);
	const queueId = String(queue.json.QueueId);
	const from = sb.requests.length;
	const submit = (seed: number) => {
		const wf = loadExample('veimagex-submit-task');
		setParameters(wf, nodeOfType(wf, 'veImageXAiQueue').name, {
			serviceId: 'scale-out',
			queueId: { __rl: true, mode: 'id', value: queueId },
		});
		pinSampleInput(wf, sampleImageUrls(40).slice(seed * 20, seed * 20 + 20));
		return runWorkflow({ workflow: wf, credentials });
	};
	const [one, two] = await Promise.all([submit(0), submit(1)]);
	expect(one.error).toBeUndefined();
	expect(two.error).toBeUndefined();
	const outOne = one.output('Submit images');
	const outTwo = two.output('Submit images');
	expect(outOne).toHaveLength(20);
	expect(outTwo).toHaveLength(20);
	const tasks = sb.requests.slice(from).filter((r) => r.action === 'CreateImageAITask');
	expect(tasks).toHaveLength(2);
	expect(tasks.every((r) => r.status === 200 && !r.throttled)).toBe(true);
	expect(new Set([...outOne, ...outTwo].map((i) => i.json.TaskId)).size).toBe(2);
});
