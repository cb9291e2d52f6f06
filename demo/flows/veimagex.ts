// veImageX end to end: queue (reuse or create) -> trigger registers itself on it -> submit a task of N image
// URLs -> the sandbox calls the trigger over HTTP per processed image -> one item per image -> deregister.
import {
	loadExample,
	nodeOfType,
	pinSampleInput,
	sampleImageUrls,
	setParameters,
} from '../examples';
import type { FlowResult } from '../report';
import { TriggerServer } from '../webhookServer';
import { FlowTracker, runExample, waitFor, type FlowContext } from './common';

const FLOW = 'veimagex';
const QUEUE_NAME = 'n8n-demo-queue';
const SERVICE_ID = 'demo-service';

export async function runVeImageXFlow(ctx: FlowContext): Promise<FlowResult> {
	let trigger: TriggerServer | undefined;
	// veImageX accepts a callback with any 2xx answer.
	const track = new FlowTracker(FLOW, ctx, () => trigger?.items ?? [], (status) => status >= 200 && status < 300);
	const { problems, notes } = track;
	try {
		const queueId = await reuseOrCreateQueue(ctx, track);

		const triggerWf = loadExample('veimagex-callback-trigger');
		const triggerNode = nodeOfType(triggerWf, 'veImageXAiQueueTrigger');
		setParameters(triggerWf, triggerNode.name, { queueId: { __rl: true, mode: 'id', value: queueId } });
		trigger = await new TriggerServer({ node: triggerNode, credentials: ctx.credentials }).start();
		const exists = await trigger.lifecycle('checkExists');
		if (!exists) await trigger.lifecycle('create');
		track.status.note(`trigger listening on ${trigger.base}, registered on queue ${queueId}`);

		const submitWf = loadExample('veimagex-submit-task');
		const submitNode = nodeOfType(submitWf, 'veImageXAiQueue');
		setParameters(submitWf, submitNode.name, {
			serviceId: SERVICE_ID,
			queueId: { __rl: true, mode: 'id', value: queueId },
		});
		pinSampleInput(submitWf, sampleImageUrls(ctx.items));
		const submitted = await runExample(submitWf, ctx, submitNode.name);
		track.submitted = () => submitted.length;
		const taskIds = new Set(submitted.map((item) => String(item.json.TaskId ?? '')).filter(Boolean));
		track.status.note(`submitted ${submitted.length} images in ${taskIds.size} task(s): ${[...taskIds].join(', ')}`);
		if (submitted.length !== ctx.items) problems.push(`submit returned ${submitted.length} items for ${ctx.items} inputs`);

		const complete = await waitFor(() => trigger!.items.length >= ctx.items, ctx.timeoutMs);
		await trigger.settled();
		if (!complete) problems.push(`only ${trigger.items.length} of ${ctx.items} image results arrived within ${ctx.timeoutMs / 1000} s`);
		const lost = track.callbacks()!.lost;
		if (lost > 0) notes.push(`${lost} callback message(s) veImageX gave up on`);

		const outputs = trigger.items.filter((item) => item.json.ai_result !== undefined).length;
		notes.push(`${trigger.calls.length} callback call(s) received over HTTP, ${outputs} item(s) with an ai_result`);
		const entryIds = new Set(trigger.items.map((item) => String(item.json.entry_id ?? '')));
		if (entryIds.size !== trigger.items.length) problems.push(`duplicate entries emitted (${trigger.items.length} items, ${entryIds.size} distinct entry_id)`);

		await trigger.lifecycle('delete');
		track.status.note(`trigger deregistered from queue ${queueId}`);
	} catch (error) {
		problems.push((error as Error).message);
	} finally {
		await trigger?.stop();
	}
	return track.result();
}

/** "Create (or reuse) a queue": the list example finds ours by name, else the create example makes it. */
async function reuseOrCreateQueue(ctx: FlowContext, track: FlowTracker): Promise<string> {
	const listWf = loadExample('veimagex-list-queues');
	const queues = await runExample(listWf, ctx, nodeOfType(listWf, 'veImageXAiQueue').name);
	const existing = queues.find((item) => item.json.Name === QUEUE_NAME);
	if (existing) {
		const id = String(existing.json.Id ?? existing.json.QueueId);
		track.status.note(`reusing queue ${QUEUE_NAME} (${id})`);
		return id;
	}
	const createWf = loadExample('veimagex-create-queue');
	const [created] = await runExample(createWf, ctx, nodeOfType(createWf, 'veImageXAiQueue').name);
	const id = String(created?.json.QueueId ?? created?.json.Id ?? '');
	if (!id) throw new Error('Create queue returned no QueueId');
	track.status.note(`created queue ${QUEUE_NAME} (${id})`);
	return id;
}
