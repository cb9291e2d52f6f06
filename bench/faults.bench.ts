/**
 * Fault matrix: every sandbox fault at 30 % of ALL requests × veImageX Task → Create of 2 000 URLs (100 per task,
 * so 20 submits) and VOD Job → Submit + Wait of 60 jobs, with Continue On Fail on and off. Checks what must hold
 * whatever the provider answers: no lost item, no duplicate submit, no empty id, and every failure a NodeApiError
 * carrying the provider's code or saying what "may have been created".
 */
import '../test/setup-env';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import type { FaultSpec } from '../sandbox/core/faults';
import { runNode, type RunNodeResult } from '../test/harness';
import type { BenchOptions, BenchRow } from './types';

const RATE = 0.3;
const FAULTS: Array<[string, FaultSpec]> = [
	['5xx', { http5xxRate: RATE }],
	['reset', { resetRate: RATE }],
	['timeout', { timeoutRate: RATE }],
	['truncated body', { malformedRate: RATE }],
	['error envelope 200', { errorEnvelopeRate: RATE }],
	['HTML page 200', { htmlPageRate: RATE }],
	['id missing', { dropKeysRate: RATE }],
];

interface Outcome {
	lost: number;
	duplicates: number;
	emptyIds: number;
	failures: number;
	badFailures: string[];
	ok: number;
	seconds: number;
}

/** A failure the user can act on: a NodeApiError with the provider's code, or one saying what may exist. */
function goodFailure(error: (Error & { context?: IDataObject }) | undefined): boolean {
	if (!error) return false;
	if (/may have been/.test(`${error.message} ${String((error as { description?: unknown }).description ?? '')}`)) return error.name === 'NodeApiError';
	return error.name === 'NodeApiError' && typeof error.context?.code === 'string' && error.context.code !== '';
}

function emptyId(json: IDataObject, key: string): boolean {
	return key in json && (typeof json[key] !== 'string' || json[key] === '' || json[key] === 'undefined');
}

/** Failures of a run: the error items (Continue On Fail) or the run's error. */
function failuresOf(result: RunNodeResult): Array<Error & { context?: IDataObject }> {
	if (result.error) return [result.error];
	return result.items.filter((item) => item.json.error !== undefined).map((item) => item.error as unknown as Error & { context?: IDataObject });
}

/** Created ids nobody was told about: not in any output item, not named by the run's error, not announced as "may have been created". */
function unreported(created: string[], items: INodeExecutionData[], error: RunNodeResult['error'], key: string, announced: number): number {
	const named = new Set(items.map((item) => String(item.json[key] ?? '')));
	const text = `${String(error?.description ?? '')} ${JSON.stringify(error?.context?.createdIds ?? [])}`;
	const silent = created.filter((id) => !named.has(id) && !text.includes(id)).length;
	return Math.max(0, silent - announced);
}

/** Tasks/jobs announced as "may have been created": one per failed submit (a submit's items share its error). */
function announcedCount(failures: Array<Error & { context?: IDataObject }>, itemsPerSubmit: number): number {
	return Math.ceil(failures.filter((error) => /may have been created/.test(error.message)).length / itemsPerSubmit);
}

async function veImageX(sb: Sandbox, fault: FaultSpec, continueOnFail: boolean, tag: string, images: number): Promise<Outcome> {
	const credentials = { volcengineImageXApi: sb.credentials.volcengine };
	sb.setFaults({ veimagex: {} });
	const queue = await runNode({ type: 'veImageXAiQueue', parameters: { resource: 'queue', operation: 'create', name: `faults-${tag}`, attribute: 'ai_super_resolution', isStart: false }, credentials });
	if (queue.error) throw queue.error;
	const queueId = String(queue.items[0].json.QueueId);
	const input = Array.from({ length: images }, (_, i) => ({ url: `https://cdn.example.com/faults/${tag}/${i}.png` }));
	sb.setFaults({ veimagex: { '*': fault } });
	const started = Date.now();
	const result = await runNode({
		type: 'veImageXAiQueue',
		parameters: { resource: 'task', operation: 'create', serviceId: 'svc-1', queueId: { __rl: true, mode: 'id', value: queueId }, imageField: 'url', workflowTemplateId: { __rl: true, mode: 'id', value: 'system_workflow_ai_super_resolution' }, workflowParameter: '{}', options: { imagesPerTask: 100 } },
		input,
		credentials,
		continueOnFail,
	});
	const seconds = (Date.now() - started) / 1000;
	sb.setFaults({ veimagex: {} });
	// What exists at the provider: every entry of the queue (its input is the image URL).
	const entries = await runNode({ type: 'veImageXAiQueue', parameters: { resource: 'entry', operation: 'getAll', queueId: { __rl: true, mode: 'id', value: queueId }, returnAll: true }, credentials });
	if (entries.error) throw entries.error;
	const objectKeys = entries.items.map((item) => String(item.json.ObjectKey));
	const state = sb.state() as { veimagex: Record<string, { tasks: Array<{ TaskId: string; QueueId: string }> }> };
	const created = Object.values(state.veimagex).flatMap((scope) => scope.tasks.filter((task) => task.QueueId === queueId).map((task) => task.TaskId));
	const failures = failuresOf(result);
	const ok = result.items.filter((item) => typeof item.json.TaskId === 'string' && item.json.TaskId !== '').length;
	const lost = continueOnFail ? images - result.items.length + result.items.filter((item, index) => item.pairedItem && (item.pairedItem as { item: number }).item !== index).length : 0;
	return {
		lost: lost + unreported(created, result.items, result.error, 'TaskId', announcedCount(failures, continueOnFail ? 100 : 1)),
		duplicates: objectKeys.length - new Set(objectKeys).size,
		emptyIds: result.items.filter((item) => emptyId(item.json, 'TaskId')).length,
		failures: failures.length,
		badFailures: failures.filter((error) => !goodFailure(error)).map((error) => error?.message ?? 'undefined'),
		ok,
		seconds,
	};
}

async function vod(sb: Sandbox, fault: FaultSpec, continueOnFail: boolean, tag: string, jobs: number, templateId: string): Promise<Outcome> {
	const credentials = { aliyunVodApi: { ...sb.credentials.aliyun, endpoint: sb.vodEndpoint('cn-shanghai'), region: 'cn-shanghai' } };
	const input = Array.from({ length: jobs }, (_, i) => ({ videoId: `${tag}v${i}` }));
	const from = sb.requests.length;
	sb.setFaults({ vod: { '*': fault } });
	const started = Date.now();
	const result = await runNode({
		type: 'aliyunVodAiImage',
		parameters: { resource: 'job', operation: 'submit', videoId: '={{ $json.videoId }}', aiTemplateId: { __rl: true, mode: 'id', value: templateId }, waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.5, maxPollIntervalSeconds: 2, timeoutSeconds: 300 } },
		input,
		credentials,
		continueOnFail,
	});
	const seconds = (Date.now() - started) / 1000;
	sb.setFaults({ vod: {} });
	// A submit the sandbox executed: answered 200 by the action (a truncated, HTML or id-less answer included).
	const executed = sb.requests.slice(from).filter((entry) => entry.action === 'SubmitAIImageJob' && entry.status === 200 && entry.fault !== 'errorEnvelope');
	const videos = executed.map((entry) => String(entry.params?.VideoId));
	const failures = failuresOf(result);
	const createdCount = new Set(videos).size;
	const reported = result.items.filter((item) => typeof item.json.JobId === 'string' && item.json.JobId !== '').length;
	const namedByError = ((result.error?.context?.createdIds as string[] | undefined) ?? []).length;
	const announced = announcedCount(failures, 1) + ((result.error?.context?.uncertainItems as string[] | undefined) ?? []).length;
	const lostItems = continueOnFail ? jobs - result.items.length : 0;
	return {
		lost: lostItems + Math.max(0, createdCount - reported - namedByError - announced),
		duplicates: videos.length - new Set(videos).size,
		emptyIds: result.items.filter((item) => emptyId(item.json, 'JobId')).length,
		failures: failures.length,
		badFailures: failures.filter((error) => !goodFailure(error)).map((error) => error?.message ?? 'undefined'),
		ok: result.items.filter((item) => item.json.state === 'succeeded').length,
		seconds,
	};
}

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const images = opts.quick ? 500 : 2000;
	const jobs = 60;
	const faults = opts.quick ? FAULTS.filter(([name]) => name !== 'timeout') : FAULTS;
	const rows: BenchRow[] = [];
	const sb = await startSandbox({ port: 0, speed: 'fast', quotas: true, failureRate: 0, seed: 12 });
	try {
		const credentials = { aliyunVodApi: { ...sb.credentials.aliyun, endpoint: sb.vodEndpoint('cn-shanghai'), region: 'cn-shanghai' } };
		const list = await runNode({ type: 'aliyunVodAiImage', parameters: { resource: 'template', operation: 'getMany', templateType: 'AIImage' }, credentials });
		if (list.error) throw list.error;
		const templateId = String((list.items[0].json.templates as IDataObject[])[0].TemplateId);
		let round = 0;
		for (const [name, fault] of faults) {
			for (const continueOnFail of [true, false]) {
				const cof = continueOnFail ? 'CoF on' : 'CoF off';
				for (const [provider, outcome] of [
					['veImageX Task Create 2 000 URLs', await veImageX(sb, fault, continueOnFail, `x${round}`, images)],
					['VOD Submit + Wait 60 jobs', await vod(sb, fault, continueOnFail, `r${round}`, jobs, templateId)],
				] as const) {
					const bad = outcome.badFailures.length;
					rows.push({
						suite: 'faults',
						metric: `${provider}, ${name} 30 %, ${cof}`,
						value: `lost ${outcome.lost} · dup ${outcome.duplicates} · empty id ${outcome.emptyIds} · unclear failures ${bad}`,
						baseline: 'all 0',
						note: `${outcome.failures} failure(s) (NodeApiError with provider code or "may have been created"), ${outcome.ok} ok, ${outcome.seconds.toFixed(1)} s${bad ? `; unclear: ${outcome.badFailures.slice(0, 2).join(' | ')}` : ''}`,
					});
					process.stderr.write(`[faults] ${provider} ${name} ${cof}: ${JSON.stringify({ ...outcome, badFailures: outcome.badFailures.slice(0, 3) })}\n`);
				}
				round++;
			}
		}
	} finally {
		await sb.stop();
	}
	return rows;
}
