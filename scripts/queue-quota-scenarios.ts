// Queue-mode scenarios 1 and 2 (issue 15): concurrent executions on two workers sharing ONE provider quota. Each
// worker paces its own requests; together they offer more than the quota, the sandbox answers throttled, and the
// nodes retry. Figures come from the sandbox's request log and state and from n8n's executions in Postgres.
import { sampleVideoIds } from '../demo/examples';
import { veImageXCreate, vodSubmit, type QueueWorkflow } from './queue-workflows';
import {
	runConcurrently,
	scaled,
	tally,
	throttledByAction,
	throughput,
	workerProof,
	type Figures,
	type QueueContext,
	type StoredExecution,
} from './queue-run';

const VOD_SUBMIT_QUOTA = 30;
const VEIMAGEX_TASK_QUOTA = 1;

/** Workflows of scenarios 1 and 2, imported and published before n8n starts. */
export function quotaWorkflows(templateId: string, queueId: string, imagesPerTask: number): QueueWorkflow[] {
	return [vodSubmit('q1Vod', 'q1-vod', templateId), veImageXCreate('q2Vei', 'q2-vei', queueId, imagesPerTask)];
}

/** The checks both scenarios make of their executions: all succeeded, all ran on workers (returns that proof). */
function checkExecutions(ctx: QueueContext, scenario: string, list: StoredExecution[], expected: number): { ok: boolean; text: string } {
	const error = list.find((e) => e.error)?.error;
	ctx.check(`${scenario}: every execution succeeded`, list.length === expected && list.every((e) => e.status === 'success'), `${list.length} execution(s): ${tally(list.map((e) => e.status))}${error ? `; error: ${error}` : ''}`);
	const proof = workerProof(ctx, list.map((e) => e.id));
	ctx.check(`${scenario}: executions ran on workers`, proof.ok, proof.text);
	return proof;
}

/** Scenario 1: 4 concurrent executions × 250 VOD jobs, Submit with Wait for Completion, one 30/s quota. */
export async function vodScenario(ctx: QueueContext): Promise<Figures> {
	const { check } = ctx;
	const executionsCount = 4;
	const perExecution = scaled(ctx, 250, 10);
	const inputs = Array.from({ length: executionsCount }, (_, e) => sampleVideoIds(perExecution, `q1-e${e}`).map((v) => String(v.videoId)));
	const bodies = inputs.map((videos) => ({ videos: videos.map((videoId) => ({ videoId })) }));
	const { list, seconds, requests } = await runConcurrently(ctx, '1', 'q1-vod', 'q1Vod', bodies, 15 * 60_000);

	const accepted = requests.filter((r) => r.action === 'SubmitAIImageJob' && r.status === 200);
	const submitsPerVideo = new Map<string, number>();
	for (const r of accepted) submitsPerVideo.set(String(r.params?.VideoId), (submitsPerVideo.get(String(r.params?.VideoId)) ?? 0) + 1);
	const wanted = inputs.flat();
	const duplicateSubmits = [...submitsPerVideo.values()].reduce((n, c) => n + c - 1, 0);
	const outItems = list.flatMap((e) => e.outputs.Submit?.[0] ?? []);
	const succeeded = new Set(outItems.filter((i) => i.Status === 'success').map((i) => String(i.VideoId)));
	const lost = wanted.filter((v) => !submitsPerVideo.has(v) || !succeeded.has(v)).length;
	const rate = throughput(accepted, VOD_SUBMIT_QUOTA);
	const proof = checkExecutions(ctx, '1', list, executionsCount);

	check('1: no duplicate submits (sandbox log)', duplicateSubmits === 0 && accepted.length === wanted.length, `${accepted.length} accepted SubmitAIImageJob for ${wanted.length} videos, ${duplicateSubmits} duplicate(s)`);
	check('1: no lost items', lost === 0 && outItems.length === wanted.length, `${outItems.length} output items, ${succeeded.size} distinct videos succeeded, ${lost} lost`);
	check('1: throughput ≥ 90 % of the 30/s submit quota', rate.share >= 90, rate.text);
	return {
		scenario: `1. VOD: ${executionsCount} concurrent executions × ${perExecution} jobs (Submit + Wait for Completion), SubmitAIImageJob quota 30/s`,
		itemsIn: wanted.length,
		itemsOut: outItems.length,
		duplicateSubmits,
		lostItems: lost,
		throttled: throttledByAction(requests),
		throughput: rate.text,
		duplicateExecutions: 'n/a (no callbacks)',
		seconds,
		notes: [`workers: ${proof.text}`, `GetAIImageJobs calls: ${requests.filter((r) => r.action === 'GetAIImageJobs' && r.status === 200).length}`],
	};
}

/** Scenario 2: 2 concurrent executions × 10 000 veImageX images, Task Create with Wait for Completion, 1 task/s. */
export async function veImageXScenario(ctx: QueueContext, queueId: string, imagesPerTask: number): Promise<Figures> {
	const { sb, check } = ctx;
	const executionsCount = 2;
	const perExecution = scaled(ctx, 10_000, 100);
	const inputs = Array.from({ length: executionsCount }, (_, e) => Array.from({ length: perExecution }, (_, i) => `https://images.example.com/q2/e${e}/photo-${i}.jpg`));
	const bodies = inputs.map((images) => ({ images: images.map((url) => ({ url })) }));
	const { list, seconds, requests } = await runConcurrently(ctx, '2', 'q2-vei', 'q2Vei', bodies, 20 * 60_000);

	const accepted = requests.filter((r) => r.action === 'CreateImageAITask' && r.status === 200);
	const expectedTasks = executionsCount * Math.ceil(perExecution / imagesPerTask);
	// The sandbox's own record: entries of all tasks in this queue. With every input image on the output with its
	// own Success entry, entries = images means no image was submitted twice.
	const scopes = (sb.state().veimagex ?? {}) as Record<string, { tasks?: Array<{ QueueId: string; Total: number }> }>;
	const entries = Object.values(scopes).flatMap((s) => s.tasks ?? []).filter((t) => t.QueueId === queueId).reduce((n, t) => n + t.Total, 0);
	const wanted = inputs.flat();
	const outItems = list.flatMap((e) => e.outputs.Create?.[0] ?? []);
	const succeeded = new Set(outItems.filter((i) => i.Status === 'Success').map((i) => String(i.Image)));
	const lost = wanted.filter((url) => !succeeded.has(url)).length;
	const duplicateSubmits = Math.max(0, entries - wanted.length) + Math.max(0, accepted.length - expectedTasks);
	const rate = throughput(accepted, VEIMAGEX_TASK_QUOTA);
	const proof = checkExecutions(ctx, '2', list, executionsCount);

	check('2: no duplicate submits (sandbox log and state)', duplicateSubmits === 0 && accepted.length === expectedTasks && entries === wanted.length, `${accepted.length} accepted CreateImageAITask (${expectedTasks} expected: ${imagesPerTask} images per task), ${entries} entries in the queue for ${wanted.length} images`);
	check('2: no lost items', lost === 0 && outItems.length === wanted.length, `${outItems.length} output items, ${succeeded.size} distinct images with Success, ${lost} lost`);
	check('2: throughput ≥ 90 % of the 1/s task quota', rate.share >= 90, rate.text);
	return {
		scenario: `2. veImageX: ${executionsCount} concurrent executions × ${perExecution} images (Task Create + Wait for Completion, ${imagesPerTask} images per task), CreateImageAITask quota 1/s`,
		itemsIn: wanted.length,
		itemsOut: outItems.length,
		duplicateSubmits,
		lostItems: lost,
		throttled: throttledByAction(requests),
		throughput: rate.text,
		duplicateExecutions: 'n/a (no callbacks)',
		seconds,
		notes: [`workers: ${proof.text}`, `GetImageAITasks ${requests.filter((r) => r.action === 'GetImageAITasks' && r.status === 200).length}, GetImageAIDetails ${requests.filter((r) => r.action === 'GetImageAIDetails' && r.status === 200).length} calls`],
	};
}
