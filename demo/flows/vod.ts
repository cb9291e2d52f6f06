// VOD end to end, two ways:
// - callback: the trigger sets the region's callback to itself (auth on) -> N smart-thumbnail jobs submitted with
//   a callback URL -> the sandbox sends signed event notifications over HTTP -> the trigger verifies them and
//   confirms each job with GetAIImageJobs -> the rest of the trigger workflow downloads the images as binary data.
// - wait: "Submit and wait" in one node, no trigger: batched polling, images downloaded as binary data.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness';
import {
	loadExample,
	nodeOfType,
	pinSampleInput,
	sampleVideoIds,
	setParameters,
	type ExampleWorkflow,
} from '../examples';
import type { FlowResult } from '../report';
import { TriggerServer } from '../webhookServer';
import { acceptedCalls, FlowTracker, runExample, waitFor, type FlowContext } from './common';

/** The callback auth key the demo configures (VOD's AuthKey; the trigger verifies X-VOD-SIGNATURE with it). */
const DEMO_AUTH_KEY = 'DemoCallbackAuthKey2026';

export async function runVodCallbackFlow(ctx: FlowContext): Promise<FlowResult> {
	const results: INodeExecutionData[] = [];
	let trigger: TriggerServer | undefined;
	// VOD counts a delivery as done only on HTTP 200 (anything else, or no answer within 5 s, is tried again).
	const track = new FlowTracker('vod', ctx, () => results, (status) => status === 200);
	track.submitted = () => acceptedCalls(track, 'SubmitAIImageJob');
	const { problems, notes } = track;
	try {
		const templateId = await aiImageTemplateId(ctx, track);

		const triggerWf = loadExample('vod-callback-trigger');
		const triggerNode = nodeOfType(triggerWf, 'aliyunVodAiImageTrigger');
		// Signed callbacks and confirmation with GetAIImageJobs, set explicitly whatever the node's defaults are.
		setParameters(triggerWf, triggerNode.name, { authKey: DEMO_AUTH_KEY, confirmWithApi: true });
		trigger = await new TriggerServer({
			node: triggerNode,
			credentials: ctx.credentials,
			// n8n starts an execution of the trigger workflow with the trigger's items: same here, with the
			// trigger's output pinned (it already ran) and the downstream nodes executed for real. A failed
			// execution (e.g. a provider error that outlived the retries) yields one error item per job.
			onItems: async (items) => {
				try {
					results.push(...(await runRestOfWorkflow(triggerWf, triggerNode.name, items, ctx)));
				} catch (error) {
					results.push(...errorItems(items, error as Error));
				}
			},
		}).start();
		if (!(await trigger.lifecycle('checkExists'))) await trigger.lifecycle('create');
		const callbackUrl = `${trigger.base}/webhook/${triggerNode.webhookId}/ai-image-callback`;
		track.status.note(`trigger listening on ${callbackUrl}; region callback set to it, auth on`);

		const submitWf = loadExample('vod-submit-jobs');
		const submitNode = nodeOfType(submitWf, 'aliyunVodAiImage');
		setParameters(submitWf, submitNode.name, {
			aiTemplateId: { __rl: true, mode: 'id', value: templateId },
			'additionalFields.callbackUrl': callbackUrl,
		});
		pinSampleInput(submitWf, sampleVideoIds(ctx.items));
		const submitted = await runExample(submitWf, ctx, submitNode.name);
		const jobIds = new Set(submitted.map((item) => String(item.json.JobId ?? '')).filter(Boolean));
		track.status.note(`submitted ${jobIds.size} jobs (${submitted.length} items)`);
		if (jobIds.size !== ctx.items) problems.push(`${jobIds.size} distinct JobIds for ${ctx.items} videos`);

		const complete = await waitFor(() => results.length >= ctx.items, ctx.timeoutMs);
		await trigger.settled();
		if (!complete) problems.push(`only ${results.length} of ${ctx.items} job results arrived within ${ctx.timeoutMs / 1000} s`);

		const sent = ctx.sb.callbacks.slice(track.callbacksFrom);
		const unsigned = sent.filter((c) => c.attempt > 0 && !Object.keys(c.headers).some((h) => h.toLowerCase() === 'x-vod-signature')).length;
		if (unsigned > 0) problems.push(`${unsigned} callback attempt(s) were not signed although auth is on`);
		const refused = trigger.calls.filter((call) => call.status !== 200);
		if (refused.length > 0) {
			const statuses = [...new Set(refused.map((call) => call.status))].join(', ');
			notes.push(`${refused.length} callback call(s) answered ${statuses} so that VOD delivers again (e.g. the confirmation could not be made yet)`);
		}
		// A message VOD gave up on (3 attempts without a 200 in time) still counts in the table; it is a problem only
		// if its job has no result (below): the trigger call that VOD stopped waiting for may still have finished.
		const lost = track.callbacks()!.lost;
		if (lost > 0) notes.push(`${lost} event notification(s) VOD gave up on (no HTTP 200 within 5 s in 3 attempts)`);
		for (const failed of trigger.failedExecutions) problems.push(`a trigger execution failed: ${failed.error.message}`);
		const unconfirmed = trigger.items.filter((item) => item.json.confirmed !== true).length;
		if (unconfirmed > 0) problems.push(`${unconfirmed} item(s) not confirmed with GetAIImageJobs`);
		const seen = new Set(trigger.items.map((item) => String(item.json.jobId)));
		if (seen.size !== trigger.items.length) problems.push(`duplicate job results emitted (${trigger.items.length} items, ${seen.size} jobs)`);
		const missing = [...jobIds].filter((id) => !seen.has(id));
		if (missing.length > 0) problems.push(`${missing.length} job(s) produced no result (first: ${missing[0]})`);
		checkDownloads(results, notes, problems);

		await trigger.lifecycle('delete');
		const left = regionCallbackUrl(ctx);
		if (left === callbackUrl) {
			// The region had no callback before; SetMessageCallback cannot set an empty URL, so VOD keeps ours.
			notes.push('deactivation: the region had no callback before and VOD cannot clear one with SetMessageCallback, so it still points at the (now inactive) trigger URL');
			track.status.note('trigger deactivated (region callback left pointing at it: nothing to restore)');
		} else {
			track.status.note('trigger deactivated: previous region callback settings restored');
		}
	} catch (error) {
		problems.push((error as Error).message);
	} finally {
		await trigger?.stop();
	}
	return track.result();
}

export async function runVodWaitFlow(ctx: FlowContext): Promise<FlowResult> {
	let results: INodeExecutionData[] = [];
	const track = new FlowTracker('vod-wait', ctx, () => results);
	track.submitted = () => acceptedCalls(track, 'SubmitAIImageJob');
	const { problems, notes } = track;
	try {
		const templateId = await aiImageTemplateId(ctx, track);
		const wf = loadExample('vod-submit-and-wait');
		const submitNode = nodeOfType(wf, 'aliyunVodAiImage');
		setParameters(wf, submitNode.name, { aiTemplateId: { __rl: true, mode: 'id', value: templateId } });
		pinSampleInput(wf, sampleVideoIds(ctx.items, 'wait'));
		track.status.note(`submitting ${ctx.items} jobs and waiting for them (batched polling)…`);
		results = await runExample(wf, ctx, submitNode.name);
		track.status.note(`${results.length} jobs finished`);
		const polls = ctx.sb.requests.slice(track.logFrom).filter((r) => r.action === 'GetAIImageJobs').length;
		notes.push(`${polls} GetAIImageJobs call(s) for ${ctx.items} jobs (≤ 10 job ids per call)`);
		checkDownloads(results, notes, problems);
	} catch (error) {
		problems.push((error as Error).message);
	}
	return track.result();
}

/** One error item per job whose trigger execution failed: the provider's code and message, as n8n shows them. */
function errorItems(items: INodeExecutionData[], error: Error & { context?: IDataObject; httpCode?: string; description?: string }): INodeExecutionData[] {
	const code = String(error.context?.code ?? error.httpCode ?? 'error');
	const message = [error.message, error.description].filter(Boolean).join(' – ');
	return items.map((item) => ({ json: { jobId: item.json.jobId, error: { code, message } } }));
}

function regionCallbackUrl(ctx: FlowContext): string | undefined {
	const regions = (ctx.sb.state().vod ?? {}) as Record<string, { messageCallback?: { CallbackURL?: string } }>;
	return Object.values(regions)[0]?.messageCallback?.CallbackURL;
}

/** The AI template the jobs use, read with the minimal VOD example (the account's default AIImage template). */
async function aiImageTemplateId(ctx: FlowContext, track: FlowTracker): Promise<string> {
	const wf = loadExample('vod-list-templates');
	const output = await runExample(wf, ctx, nodeOfType(wf, 'aliyunVodAiImage').name);
	// Get Many answers one item per input item with the list in `templates`.
	const templates = output.flatMap((item) => (Array.isArray(item.json.templates) ? (item.json.templates as IDataObject[]) : [item.json]));
	const chosen = templates.find((t) => t.IsDefault === 'Default') ?? templates[0];
	const id = String(chosen?.TemplateId ?? '');
	if (!id) throw new Error('no AIImage template found');
	track.status.note(`using AI template ${id} (${String(chosen.TemplateName ?? '')})`);
	return id;
}

async function runRestOfWorkflow(
	wf: ExampleWorkflow,
	triggerName: string,
	items: INodeExecutionData[],
	ctx: FlowContext,
): Promise<INodeExecutionData[]> {
	const downstream = wf.connections[triggerName]?.main?.[0]?.[0]?.node;
	if (!downstream) return items;
	const result = await runWorkflow({
		workflow: wf,
		credentials: ctx.credentials,
		startNode: triggerName,
		pinData: { [triggerName]: items.map((item) => ({ json: item.json })) },
	});
	if (result.error) throw result.error;
	return result.output(downstream);
}

function checkDownloads(results: INodeExecutionData[], notes: string[], problems: string[]): void {
	const succeeded = results.filter((item) => String(item.json.Status ?? item.json.status).toLowerCase() === 'success');
	const files = results.reduce((n, item) => n + Object.keys(item.binary ?? {}).length, 0);
	const bytes = results.reduce(
		(n, item) => n + Object.values(item.binary ?? {}).reduce((m, b) => m + Buffer.from(b.data, 'base64').length, 0),
		0,
	);
	notes.push(`${succeeded.length} job(s) succeeded; ${files} result image(s) downloaded as binary data (${(bytes / 1024).toFixed(1)} KiB)`);
	const withoutImages = succeeded.filter((item) => Object.keys(item.binary ?? {}).length === 0).length;
	if (withoutImages > 0) problems.push(`${withoutImages} succeeded job(s) without downloaded images`);
}
