/**
 * Wait for callback vs polling inside the node (issue #14), on real n8n-core against the sandbox with quotas on:
 * status calls per job / image while waiting, and worker time held while waiting. Both modes see the same cloud:
 * the sandbox runs at SPEED (1 cloud second = 20 ms) and the polling intervals are scaled by the same factor, so
 * "5 s first poll, growing" means what it means on the real cloud (veImageX's 60 s ceiling is fixed in the node,
 * which only makes polling look cheaper here than it is).
 */
import '../test/setup-env';

import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { createVodProvider } from '../sandbox/vod';
import { runNode } from '../test/harness';
import { waitingExecution, WaitingServer, toInputItems, type WaitingExecution } from '../test/harness/waiting';
import { volcCall } from '../test/sandbox/volcengine-client';
import { vodCall } from '../test/sandbox/vod-client';
import { waitFor } from '../test/sandbox/wait';
import type { BenchOptions, BenchRow } from './types';

const SPEED = 0.02;
/** VOD job duration on the cloud: 30 min (36 s here), longer than submitting 1 000 jobs at 30/s. */
const VOD_JOB_MS = 30 * 60_000;

type Row = (metric: string, value: number | string, unit?: string, baseline?: number | string, note?: string) => BenchRow;

function ok<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new Error(`bench: ${what} missing`);
	return value;
}

/**
 * Runs the waiting execution to its resume; `webhookMs` = wall time during which at least one webhook() call was
 * running (the only node code while waiting; concurrent calls counted once).
 */
async function untilResumed(execution: WaitingExecution, timeoutMs: number): Promise<{ waitingMs: number; webhookMs: number; runningMs: number }> {
	let webhookMs = 0;
	let active = 0;
	let busySince = 0;
	let resumedAt = 0;
	const callback = execution.callback.bind(execution);
	execution.callback = async (request) => {
		if (active++ === 0) busySince = Date.now();
		try {
			const answer = await callback(request);
			if (answer.resumed) resumedAt = Date.now();
			return answer;
		} finally {
			if (--active === 0) webhookMs += Date.now() - busySince;
		}
	};
	const since = Date.now();
	await waitFor(() => (execution.status === 'success' || execution.status === 'error' ? true : undefined), timeoutMs, 'resume');
	await execution.resuming;
	// The execution runs again only from the resume on (the webhook already built the results).
	return { waitingMs: resumedAt - since, webhookMs, runningMs: Date.now() - resumedAt };
}

const okCalls = (sb: Sandbox, action: string, from = 0) => sb.requests.slice(from).filter((r) => r.action === action && r.status === 200).length;

async function vod(jobs: number, row: Row): Promise<BenchRow[]> {
	const sb = await startSandbox({ port: 0, speed: SPEED, quotas: true, seed: 5, providers: { vod: createVodProvider({ jobDurationMs: VOD_JOB_MS, eventTimeStyle: 'iso' }) } });
	const server = await new WaitingServer().listen();
	const credentials = { aliyunVodApi: { ...sb.credentials.aliyun, endpoint: sb.vodEndpoint('cn-shanghai'), region: 'cn-shanghai' } };
	try {
		const key = { accessKeyId: sb.credentials.aliyun.accessKeyId, secret: sb.credentials.aliyun.accessKeySecret };
		await vodCall({ endpoint: sb.vodEndpoint(), action: 'SetMessageCallback', key, params: { CallbackType: 'HTTP', CallbackURL: `${server.url}/unused`, EventTypeList: 'AIComplete' } });
		const templates = (await vodCall({ endpoint: sb.vodEndpoint(), action: 'ListAITemplate', key, params: { TemplateType: 'AIImage' } })).json.TemplateInfoList as IDataObject[];
		const base = { resource: 'job', videoId: '={{ $json.videoId }}', aiTemplateId: { __rl: true, mode: 'id', value: String(templates[0].TemplateId) } };
		const input = (tag: string) => Array.from({ length: jobs }, (_, i) => ({ videoId: `${tag}${i}` }));

		// Callback mode.
		let from = sb.requests.length;
		const execution = await waitingExecution({ type: 'aliyunVodAiImage', parameters: { ...base, operation: 'submitAndWaitForCallback', maxWaitMinutes: 60 }, credentials, baseUrl: server.url });
		server.register(execution);
		const started = Date.now();
		await execution.start(toInputItems(input('cb')));
		const executeMs = Date.now() - started;
		if (execution.status !== 'waiting') throw new Error(`bench: VOD execution is ${execution.status}, not waiting`);
		const beforeWait = okCalls(sb, 'GetAIImageJobs', from);
		const { waitingMs, webhookMs, runningMs } = await untilResumed(execution, 600_000);
		const done = execution.outputs()[1] ?? [];
		const callbackStatus = okCalls(sb, 'GetAIImageJobs', from) - beforeWait;
		const delivered = sb.callbacks.filter((cb) => cb.url.includes('/webhook-waiting/') && cb.status === 200).length;
		const attempts = sb.callbacks.filter((cb) => cb.url.includes('/webhook-waiting/')).length;

		// Polling mode, same jobs and cloud timing (intervals scaled: 5 s first poll, 30 s max).
		from = sb.requests.length;
		const polled = Date.now();
		const polling = await runNode({
			type: 'aliyunVodAiImage',
			parameters: { ...base, operation: 'submit', waitForCompletion: true, waitOptions: { pollIntervalSeconds: Math.max(0.1, 5 * SPEED), maxPollIntervalSeconds: 30 * SPEED, timeoutSeconds: 3600 } },
			input: input('poll'),
			credentials,
			continueOnFail: true,
		});
		const pollWallMs = Date.now() - polled;
		const submits = sb.requests.slice(from).filter((r) => r.action === 'SubmitAIImageJob' && r.status === 200);
		const pollSubmitMs = submits.length > 0 ? submits[submits.length - 1].at - submits[0].at : 0;
		const pollStatus = okCalls(sb, 'GetAIImageJobs', from);
		return [
			row('jobs', jobs, 'jobs', undefined, `cloud job duration 30 min, sandbox 1 s = ${SPEED * 1000} ms, quotas on`),
			row('callback mode: status calls per job while waiting', Number((callbackStatus / jobs).toFixed(3)), 'calls', Number((pollStatus / jobs).toFixed(3)), 'baseline = polling mode (Submit + Wait for Completion)'),
			row('callback mode: status calls per callback reaching webhook()', Number((callbackStatus / Math.max(1, execution.webhookCalls)).toFixed(3)), 'calls', 1, `${execution.webhookCalls} webhook() calls; ${delivered} of ${attempts} delivery attempts answered 200 (409 while submitting or once resumed)`),
			row('callback mode: status calls before waiting', beforeWait, 'calls', undefined, 'the check right before waiting'),
			row('callback mode: items on Done', done.length, 'items', jobs),
			row('callback mode: execution running after submit', runningMs, 'ms', Math.round(pollWallMs - pollSubmitMs), `only the resumed run; saved as waiting for ${(waitingMs / 1000).toFixed(1)} s (no execution, no worker slot); baseline = polling mode, node running after the last submit`),
			row('callback mode: webhook() busy in the receiving process', webhookMs, 'ms', undefined, 'wall time with ≥ 1 webhook() call in progress, incl. queueing behind the one-at-a-time decision and provider pacing'),
			row('callback mode: execute() until waiting', Number((executeMs / 1000).toFixed(1)), 's', undefined, 'submit + one check'),
			row('polling mode: status calls per job', Number((pollStatus / jobs).toFixed(3)), 'calls', undefined, `${polling.items.length} items`),
		];
	} finally {
		await server.close();
		await sb.stop();
	}
}

async function veimagex(images: number, row: Row): Promise<BenchRow[]> {
	const sb = await startSandbox({ port: 0, speed: SPEED, quotas: true, seed: 6 });
	const server = await new WaitingServer().listen();
	const credentials = { volcengineImageXApi: sb.credentials.volcengine };
	const key = { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey };
	const queue = async (start: boolean) =>
		ok((await volcCall({ endpoint: sb.veimagexEndpoint, action: 'CreateImageAIProcessQueue', key, body: { Name: `bench-${Date.now()}`, Attribute: 'ai_super_resolution', IsStart: start } })).json.Result?.QueueId as string | undefined, 'QueueId');
	try {
		const base = (queueId: string) => ({
			resource: 'task', serviceId: 'bench-service', queueId: { __rl: true, mode: 'id', value: queueId }, imageField: 'url',
			workflowTemplateId: { __rl: true, mode: 'id', value: 'system_workflow_ai_super_resolution' }, workflowParameter: '{}',
		});
		const input = (tag: string) => Array.from({ length: images }, (_, i) => ({ url: `https://cdn.example.com/${tag}/${i}.png` }));

		// Callback mode: submitted to a paused queue (as when other work is ahead), then the queue runs.
		const cbQueue = await queue(false);
		let from = sb.requests.length;
		const execution = await waitingExecution({ type: 'veImageXAiQueue', parameters: { ...base(cbQueue), operation: 'createAndWaitForCallback', maxWaitMinutes: 600 }, credentials, baseUrl: server.url });
		server.register(execution);
		await execution.start(toInputItems(input('cb')));
		if (execution.status !== 'waiting') throw new Error(`bench: veImageX execution is ${execution.status}, not waiting`);
		const beforeWait = okCalls(sb, 'GetImageAITasks', from);
		await volcCall({ endpoint: sb.veimagexEndpoint, action: 'UpdateImageAIProcessQueueStatus', key, body: { Id: cbQueue, Status: 'Running' } });
		const running = Date.now();
		const { waitingMs, webhookMs, runningMs } = await untilResumed(execution, 600_000);
		const callbackStatus = okCalls(sb, 'GetImageAITasks', from) - beforeWait;
		const details = okCalls(sb, 'GetImageAIDetails', from);
		const delivered = sb.callbacks.filter((cb) => cb.url.includes('/webhook-waiting/') && cb.status === 200).length;
		const attempts = sb.callbacks.filter((cb) => cb.url.includes('/webhook-waiting/')).length;
		const done = execution.outputs()[1] ?? [];

		// Polling mode: same images on a running queue (first poll 5 s, x1.5, scaled).
		const pollQueue = await queue(true);
		from = sb.requests.length;
		const polled = Date.now();
		const polling = await runNode({
			type: 'veImageXAiQueue',
			parameters: { ...base(pollQueue), operation: 'create', waitForCompletion: true, waitTimeoutMinutes: 600, pollIntervalSeconds: 5 * SPEED },
			input: input('poll'),
			credentials,
			continueOnFail: true,
		});
		const pollWallMs = Date.now() - polled;
		const pollStatus = okCalls(sb, 'GetImageAITasks', from);
		return [
			row('images', images, 'images', undefined, `${Math.ceil(images / 10_000)} task(s), Type task callbacks (1 message per 5 000 entries)`),
			row('callback mode: status calls per image while waiting', Number((callbackStatus / images).toFixed(5)), 'calls', Number((pollStatus / images).toFixed(5)), 'baseline = polling mode (Create + Wait for Completion)'),
			row('callback mode: status calls per callback reaching webhook()', Number((callbackStatus / Math.max(1, execution.webhookCalls)).toFixed(2)), 'calls', 1, `${execution.webhookCalls} webhook() calls, ${delivered} of ${attempts} answered 200 within the sender's 5 s; includes one GetImageAITasks per task while collecting results`),
			row('callback mode: result pages (GetImageAIDetails)', details, 'calls', Math.ceil(images / 100), '100 entries per page, same as polling mode'),
			row('callback mode: items on Done', done.length, 'items', images),
			row('callback mode: execution running after submit', runningMs, 'ms', pollWallMs, `only the resumed run; saved as waiting for ${(waitingMs / 1000).toFixed(1)} s after the queue started (no execution, no worker slot); baseline = polling mode node run`),
			row('callback mode: webhook() busy in the receiving process', webhookMs, 'ms', undefined, `wall time with ≥ 1 webhook() call in progress, incl. building the ${images} results`),
			row('polling mode: status calls per image', Number((pollStatus / images).toFixed(5)), 'calls', undefined, `${polling.items.length} items, ${pollStatus} GetImageAITasks`),
			row('callback mode: queue start to resume', Number(((Date.now() - running) / 1000).toFixed(1)), 's'),
		];
	} finally {
		await server.close();
		await sb.stop();
	}
}

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const row: (suite: string) => Row = (suite) => (metric, value, unit, baseline, note) => ({ suite, metric, value, unit, baseline, note });
	return [
		...(await vod(opts.quick ? 150 : 1000, row('wait-for-callback vod'))),
		...(await veimagex(opts.quick ? 2000 : 20_000, row('wait-for-callback veimagex'))),
	];
}
