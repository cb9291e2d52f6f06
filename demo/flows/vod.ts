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
import { progress, type FlowResult } from '../report';
import { TriggerServer } from '../webhookServer';
import { flowResult, runExample, waitFor, type FlowContext } from './common';

/** The callback auth key the demo configures (VOD's AuthKey; the trigger verifies X-VOD-SIGNATURE with it). */
const DEMO_AUTH_KEY = 'DemoCallbackAuthKey2026';

export async function runVodCallbackFlow(ctx: FlowContext): Promise<FlowResult> {
	const FLOW = 'vod';
	const started = Date.now();
	const logFrom = ctx.sb.requests.length;
	const callbacksFrom = ctx.sb.callbacks.length;
	const problems: string[] = [];
	const notes: string[] = [];
	const results: INodeExecutionData[] = [];
	let trigger: TriggerServer | undefined;
	try {
		const templateId = await aiImageTemplateId(ctx, FLOW);

		const triggerWf = loadExample('vod-callback-trigger');
		const triggerNode = nodeOfType(triggerWf, 'aiImageCallbackTrigger');
		setParameters(triggerWf, triggerNode.name, { authKey: DEMO_AUTH_KEY });
		trigger = await new TriggerServer({
			node: triggerNode,
			credentials: ctx.credentials,
			// n8n starts an execution of the trigger workflow with the trigger's items: same here, with the
			// trigger's output pinned (it already ran) and the downstream nodes executed for real.
			onItems: async (items) => {
				results.push(...(await runRestOfWorkflow(triggerWf, triggerNode.name, items, ctx)));
			},
		}).start();
		if (!(await trigger.lifecycle('checkExists'))) await trigger.lifecycle('create');
		const callbackUrl = `${trigger.base}/webhook/${triggerNode.webhookId}/ai-image-callback`;
		progress(FLOW, `trigger listening on ${callbackUrl}; region callback set to it, auth on`);

		const submitWf = loadExample('vod-submit-jobs');
		const submitNode = nodeOfType(submitWf, 'aliyunVodAiImage');
		setParameters(submitWf, submitNode.name, {
			aiTemplateId: { __rl: true, mode: 'id', value: templateId },
			'additionalFields.callbackUrl': callbackUrl,
		});
		pinSampleInput(submitWf, sampleVideoIds(ctx.items));
		const submitted = await runExample(submitWf, ctx, submitNode.name);
		const jobIds = new Set(submitted.map((item) => String(item.json.JobId ?? '')).filter(Boolean));
		progress(FLOW, `submitted ${jobIds.size} jobs (${submitted.length} items)`);
		if (jobIds.size !== ctx.items) problems.push(`${jobIds.size} distinct JobIds for ${ctx.items} videos`);

		let last = -1;
		const complete = await waitFor(
			() => trigger!.items.length >= ctx.items,
			ctx.timeoutMs,
			() => {
				if (trigger!.items.length !== last) {
					last = trigger!.items.length;
					progress(FLOW, `event notifications verified and confirmed: ${last}/${ctx.items}`);
				}
			},
		);
		await trigger.settled();
		if (!complete) problems.push(`only ${trigger.items.length} of ${ctx.items} job results arrived within ${ctx.timeoutMs / 1000} s`);

		const sent = ctx.sb.callbacks.slice(callbacksFrom);
		const signed = sent.filter((c) => Object.keys(c.headers).some((h) => h.toLowerCase() === 'x-vod-signature')).length;
		const refused = trigger.calls.filter((call) => call.status !== 200);
		notes.push(`${sent.length} signed event notification(s) sent (${signed} with X-VOD-SIGNATURE), ${refused.length} refused by the trigger`);
		if (signed !== sent.length) problems.push(`${sent.length - signed} callback(s) were not signed although auth is on`);
		if (refused.length > 0) problems.push(`${refused.length} callback(s) refused (first: HTTP ${refused[0].status})`);
		const unconfirmed = trigger.items.filter((item) => item.json.confirmed !== true).length;
		if (unconfirmed > 0) problems.push(`${unconfirmed} item(s) not confirmed with GetAIImageJobs`);
		const seen = new Set(trigger.items.map((item) => String(item.json.jobId)));
		if (seen.size !== trigger.items.length) problems.push(`duplicate job results emitted (${trigger.items.length} items, ${seen.size} jobs)`);
		for (const id of jobIds) if (!seen.has(id)) problems.push(`job ${id} produced no result`);
		checkDownloads(results, notes, problems);

		await trigger.lifecycle('delete');
		const left = regionCallbackUrl(ctx);
		if (left === callbackUrl) {
			// The region had no callback before; SetMessageCallback cannot set an empty URL, so VOD keeps ours.
			notes.push('deactivation: the region had no callback before and VOD cannot clear one with SetMessageCallback, so it still points at the (now inactive) trigger URL');
			progress(FLOW, 'trigger deactivated (region callback left pointing at it: nothing to restore)');
		} else {
			progress(FLOW, 'trigger deactivated: previous region callback settings restored');
		}
	} catch (error) {
		problems.push((error as Error).message);
	} finally {
		await trigger?.stop();
	}
	return flowResult(FLOW, ctx, started, logFrom, results, problems, notes);
}

export async function runVodWaitFlow(ctx: FlowContext): Promise<FlowResult> {
	const FLOW = 'vod-wait';
	const started = Date.now();
	const logFrom = ctx.sb.requests.length;
	const problems: string[] = [];
	const notes: string[] = [];
	let results: INodeExecutionData[] = [];
	try {
		const templateId = await aiImageTemplateId(ctx, FLOW);
		const wf = loadExample('vod-submit-and-wait');
		const submitNode = nodeOfType(wf, 'aliyunVodAiImage');
		setParameters(wf, submitNode.name, { aiTemplateId: { __rl: true, mode: 'id', value: templateId } });
		pinSampleInput(wf, sampleVideoIds(ctx.items, 'wait'));
		progress(FLOW, `submitting ${ctx.items} jobs and waiting for them (batched polling)…`);
		results = await runExample(wf, ctx, submitNode.name);
		progress(FLOW, `${results.length} jobs finished`);
		const polls = ctx.sb.requests.slice(logFrom).filter((r) => r.action === 'GetAIImageJobs').length;
		notes.push(`${polls} GetAIImageJobs call(s) for ${ctx.items} jobs (≤ 10 job ids per call)`);
		checkDownloads(results, notes, problems);
	} catch (error) {
		problems.push((error as Error).message);
	}
	return flowResult(FLOW, ctx, started, logFrom, results, problems, notes);
}

function regionCallbackUrl(ctx: FlowContext): string | undefined {
	const regions = (ctx.sb.state().vod ?? {}) as Record<string, { messageCallback?: { CallbackURL?: string } }>;
	return Object.values(regions)[0]?.messageCallback?.CallbackURL;
}

/** The AI template the jobs use, read with the minimal VOD example (the account's default AIImage template). */
async function aiImageTemplateId(ctx: FlowContext, flow: string): Promise<string> {
	const wf = loadExample('vod-list-templates');
	const output = await runExample(wf, ctx, nodeOfType(wf, 'aliyunVodAiImage').name);
	// Get Many answers one item per input item with the list in `templates`.
	const templates = output.flatMap((item) => (Array.isArray(item.json.templates) ? (item.json.templates as IDataObject[]) : [item.json]));
	const chosen = templates.find((t) => t.IsDefault === 'Default') ?? templates[0];
	const id = String(chosen?.TemplateId ?? '');
	if (!id) throw new Error('no AIImage template found');
	progress(flow, `using AI template ${id} (${String(chosen.TemplateName ?? '')})`);
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
	if (result.error) throw new Error(`${wf.name}: ${result.error.message}`);
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
