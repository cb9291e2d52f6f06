// veImageX end to end: queue (reuse or create) -> trigger registers itself on it -> submit a task of N image
// URLs -> the sandbox calls the trigger over HTTP per processed image -> one item per image -> deregister.
import type { INodeExecutionData } from 'n8n-workflow';

import {
	loadExample,
	nodeOfType,
	pinSampleInput,
	sampleImageUrls,
	setParameters,
} from '../examples';
import { progress, type FlowResult } from '../report';
import { TriggerServer } from '../webhookServer';
import { flowResult, runExample, waitFor, type FlowContext } from './common';

const FLOW = 'veimagex';
const QUEUE_NAME = 'n8n-demo-queue';
const SERVICE_ID = 'demo-service';

export async function runVeImageXFlow(ctx: FlowContext): Promise<FlowResult> {
	const started = Date.now();
	const logFrom = ctx.sb.requests.length;
	const problems: string[] = [];
	const notes: string[] = [];
	let items: INodeExecutionData[] = [];
	let trigger: TriggerServer | undefined;
	try {
		const queueId = await reuseOrCreateQueue(ctx);

		const triggerWf = loadExample('veimagex-callback-trigger');
		const triggerNode = nodeOfType(triggerWf, 'aiImageCallbackTrigger');
		setParameters(triggerWf, triggerNode.name, { queueId });
		trigger = await new TriggerServer({ node: triggerNode, credentials: ctx.credentials }).start();
		const exists = await trigger.lifecycle('checkExists');
		if (!exists) await trigger.lifecycle('create');
		progress(FLOW, `trigger listening on ${trigger.base}, registered on queue ${queueId}`);

		const submitWf = loadExample('veimagex-submit-task');
		const submitNode = nodeOfType(submitWf, 'veImageXAiQueue');
		setParameters(submitWf, submitNode.name, {
			serviceId: SERVICE_ID,
			queueId: { __rl: true, mode: 'id', value: queueId },
		});
		pinSampleInput(submitWf, sampleImageUrls(ctx.items));
		const submitted = await runExample(submitWf, ctx, submitNode.name);
		const taskIds = new Set(submitted.map((item) => String(item.json.TaskId ?? '')).filter(Boolean));
		progress(FLOW, `submitted ${submitted.length} images in ${taskIds.size} task(s): ${[...taskIds].join(', ')}`);
		if (submitted.length !== ctx.items) problems.push(`submit returned ${submitted.length} items for ${ctx.items} inputs`);

		let last = -1;
		const complete = await waitFor(
			() => trigger!.items.length >= ctx.items,
			ctx.timeoutMs,
			() => {
				if (trigger!.items.length !== last) {
					last = trigger!.items.length;
					progress(FLOW, `callbacks: ${last}/${ctx.items} images received`);
				}
			},
		);
		if (!complete) problems.push(`only ${trigger.items.length} of ${ctx.items} image results arrived within ${ctx.timeoutMs / 1000} s`);
		items = trigger.items;
		const rejected = trigger.calls.filter((call) => call.status !== 200);
		if (rejected.length > 0) problems.push(`${rejected.length} callback(s) refused by the trigger (first: ${rejected[0].status})`);

		const outputs = items.filter((item) => item.json.ai_result !== undefined).length;
		notes.push(`${trigger.calls.length} callback(s) received over HTTP, ${outputs} item(s) with an ai_result`);
		const entryIds = new Set(items.map((item) => String(item.json.entry_id ?? '')));
		if (entryIds.size !== items.length) problems.push(`duplicate entries emitted (${items.length} items, ${entryIds.size} distinct entry_id)`);

		await trigger.lifecycle('delete');
		progress(FLOW, `trigger deregistered from queue ${queueId}`);
	} catch (error) {
		problems.push((error as Error).message);
	} finally {
		await trigger?.stop();
	}
	return flowResult(FLOW, ctx, started, logFrom, items, problems, notes);
}

/** "Create (or reuse) a queue": the list example finds ours by name, else the create example makes it. */
async function reuseOrCreateQueue(ctx: FlowContext): Promise<string> {
	const listWf = loadExample('veimagex-list-queues');
	const queues = await runExample(listWf, ctx, nodeOfType(listWf, 'veImageXAiQueue').name);
	const existing = queues.find((item) => item.json.Name === QUEUE_NAME);
	if (existing) {
		const id = String(existing.json.Id ?? existing.json.QueueId);
		progress(FLOW, `reusing queue ${QUEUE_NAME} (${id})`);
		return id;
	}
	const createWf = loadExample('veimagex-create-queue');
	const [created] = await runExample(createWf, ctx, nodeOfType(createWf, 'veImageXAiQueue').name);
	const id = String(created?.json.QueueId ?? created?.json.Id ?? '');
	if (!id) throw new Error('Create queue returned no QueueId');
	progress(FLOW, `created queue ${QUEUE_NAME} (${id})`);
	return id;
}
