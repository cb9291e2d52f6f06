/**
 * Issue #12 §2: five worker processes (separate pacing schedules, as n8n queue-mode workers have) share ONE account
 * quota in the sandbox. Each submits at the node's own pace, so together they offer five times the quota and most
 * first attempts are throttled. Target: 0 items failed by throttling, accepted submits at ≥ 90 % of the quota
 * (first to last accepted call). veImageX CreateImageAITask at its 1/s quota (tasks of 100 images, no Retry-After
 * in the answer); VOD SubmitAIImageJob at its documented 30/s (Throttling.User with x-acs-retry-after).
 */
import '../test/setup-env';

import { spawn } from 'node:child_process';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { runNode } from '../test/harness';
import type { BenchOptions, BenchRow } from './types';
import type { WorkerInput, WorkerResult } from './throttle.worker';

const WORKERS = 5;
const IMAGES_PER_TASK = 100;
const THROTTLE_CODES = /^(FlowLimitExceeded|AccountFlowLimitExceeded|Throttling.*|HTTP429)$/;

interface Scenario {
	suite: string;
	action: string;
	quota: number;
	unit: string;
	/** Input of worker `index`. */
	job: (index: number) => WorkerInput;
	itemsPerWorker: number;
	callsPerWorker: number;
	note: string;
	/** Which worker sent a logged request (from its parameters). */
	worker: (params: Record<string, unknown> | undefined) => string;
}

/** Starts all workers, releases them together once every one has loaded, collects their results. */
async function runWorkers(jobs: WorkerInput[], beforeGo: () => void): Promise<WorkerResult[]> {
	const children = jobs.map((job) =>
		spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'throttle.worker.ts')], {
			env: { ...process.env, THROTTLE_BENCH_INPUT: JSON.stringify(job) },
			stdio: ['pipe', 'pipe', 'inherit'],
		}),
	);
	const outputs = children.map(() => '');
	const isReady = children.map(() => false);
	let ready = 0;
	const finished = children.map(
		(child, i) =>
			new Promise<WorkerResult>((resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					outputs[i] += chunk.toString('utf8');
					if (!isReady[i] && outputs[i].includes('ready\n')) {
						isReady[i] = true;
						if (++ready === children.length) {
							beforeGo();
							for (const c of children) c.stdin.write('go\n');
						}
					}
				});
				child.on('error', reject);
				child.on('close', () => {
					const last = outputs[i].trim().split('\n').pop() ?? '';
					try {
						resolve(JSON.parse(last) as WorkerResult);
					} catch {
						reject(new Error(`throttle worker ${i} gave no result: ${outputs[i].slice(-500)}`));
					}
				});
			}),
	);
	return await Promise.all(finished);
}

/** Calls per second between the first and the last of `times` (sorted). */
function rateOf(times: number[]): number {
	return times.length < 2 ? Number.NaN : (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
}

async function measure(sb: Sandbox, scenario: Scenario): Promise<BenchRow[]> {
	const from = sb.requests.length;
	let sentBeforeGo = 0;
	const results = await runWorkers(Array.from({ length: WORKERS }, (_, i) => scenario.job(i)), () => {
		sentBeforeGo = sb.requests.length - from;
	});
	if (sentBeforeGo > 0) throw new Error(`the workers sent ${sentBeforeGo} requests during their warm-up`);
	const broken = results.find((r) => r.errors.crash);
	if (broken) throw new Error(`a ${scenario.action} worker crashed: ${broken.executionError ?? ''}`);
	const sent = sb.requests.slice(from).filter((r) => r.action === scenario.action);
	const accepted = sent.filter((r) => r.status === 200).map((r) => r.at).sort((a, b) => a - b);
	const rate = rateOf(accepted);
	// Contention proper: from the last worker's first request to the first worker's last accepted one.
	const byWorker = new Map<string, { first: number; lastAccepted: number }>();
	for (const r of sent) {
		const w = byWorker.get(scenario.worker(r.params)) ?? { first: r.at, lastAccepted: 0 };
		if (r.status === 200) w.lastAccepted = Math.max(w.lastAccepted, r.at);
		byWorker.set(scenario.worker(r.params), w);
	}
	const allFrom = Math.max(...[...byWorker.values()].map((w) => w.first));
	const allTo = Math.min(...[...byWorker.values()].map((w) => w.lastAccepted));
	const allRate = rateOf(accepted.filter((at) => at >= allFrom && at <= allTo));
	const items = WORKERS * scenario.itemsPerWorker;
	const errorsByCode: Record<string, number> = {};
	for (const result of results) {
		if (result.executionError) errorsByCode.execution = (errorsByCode.execution ?? 0) + 1;
		for (const [code, count] of Object.entries(result.errors)) errorsByCode[code] = (errorsByCode[code] ?? 0) + count;
	}
	const failedByThrottling = Object.entries(errorsByCode).filter(([code]) => THROTTLE_CODES.test(code)).reduce((sum, [, n]) => sum + n, 0);
	const failed = Object.values(errorsByCode).reduce((sum, n) => sum + n, 0);
	const delivered = results.reduce((sum, r) => sum + r.items, 0);
	const row = (metric: string, value: number | string, unit?: string, baseline?: number | string, note?: string): BenchRow => ({ suite: scenario.suite, metric, value, unit, baseline, note });
	return [
		row(`${WORKERS} worker processes, one quota`, `${scenario.action} at ${scenario.quota}/s`, undefined, undefined, scenario.note),
		row('items submitted', items, 'items', undefined, `${scenario.callsPerWorker} ${scenario.unit} per process`),
		row('items failed by throttling', failedByThrottling, 'items', 0, 'must be 0'),
		row('items failed (any error)', failed, 'items', 0, JSON.stringify(errorsByCode) === '{}' ? '' : JSON.stringify(errorsByCode)),
		row('output items', delivered, 'items', items, 'one per input item'),
		row('accepted calls', accepted.length, 'calls', WORKERS * scenario.callsPerWorker, 'each exactly once'),
		row('throughput', Number(rate.toFixed(3)), 'calls/s', scenario.quota, 'first to last accepted call'),
		row('throughput vs quota', Number(((100 * rate) / scenario.quota).toFixed(1)), '%', '≥ 90', 'includes the start-up stagger of the workers'),
		row(
			`throughput vs quota, all ${WORKERS} submitting`,
			Number(((100 * allRate) / scenario.quota).toFixed(1)),
			'%',
			'≥ 90',
			`${((allTo - allFrom) / 1000).toFixed(1)} s from the last worker's first request to the first worker's last accepted call`,
		),
		row('throttled answers', sent.filter((r) => r.throttled).length, 'answers', undefined, 'refused attempts, all retried'),
	];
}

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const veimagexTasks = opts.quick ? 3 : 6;
	const vodJobs = opts.quick ? 60 : 150;
	const sb = await startSandbox({ port: 0, speed: 'fast', quotas: true, failureRate: 0, seed: 12 });
	try {
		const volcengine = { volcengineImageXApi: { ...sb.credentials.volcengine } };
		const aliyun = { aliyunVodApi: { ...sb.credentials.aliyun, endpoint: sb.vodEndpoint('cn-shanghai'), region: 'cn-shanghai' } };
		const queue = await runNode({ type: 'veImageXAiQueue', parameters: { resource: 'queue', operation: 'create', name: 'throttle-bench', attribute: 'ai_super_resolution', isStart: false }, credentials: volcengine });
		const queueId = String(queue.items[0]?.json.QueueId);
		const templates = await runNode({ type: 'aliyunVodAiImage', parameters: { resource: 'template', operation: 'getMany', templateType: 'AIImage' }, credentials: aliyun });
		const templateId = String((templates.items[0]?.json.templates as IDataObject[])[0].TemplateId);

		const veimagexParameters = (w: number): INodeParameters => ({
			resource: 'task',
			operation: 'create',
			serviceId: { __rl: true, mode: 'id', value: 'demo-service' },
			queueId: { __rl: true, mode: 'id', value: queueId },
			dataType: 'url',
			imageField: 'url',
			workflowTemplateId: { __rl: true, mode: 'id', value: 'system_workflow_ai_super_resolution' },
			workflowParameter: JSON.stringify({ Worker: w }),
			options: { imagesPerTask: IMAGES_PER_TASK },
		});
		// One video per worker, typed in: 150 per-item expressions would keep a CPU-starved worker busy for seconds
		// before its first submit and stagger the start of the contention this bench is about.
		const vodParameters = (w: number): INodeParameters => ({
			resource: 'job',
			operation: 'submit',
			videoId: `w${w}v-bench`,
			aiTemplateId: { __rl: true, mode: 'id', value: templateId },
		});
		const rows = await measure(sb, {
			suite: 'throttle',
			action: 'CreateImageAITask',
			quota: 1,
			unit: `tasks of ${IMAGES_PER_TASK} images`,
			itemsPerWorker: veimagexTasks * IMAGES_PER_TASK,
			callsPerWorker: veimagexTasks,
			note: 'veImageX: 429 FlowLimitExceeded, no Retry-After',
			worker: (params) => String(params?.WorkflowParameter),
			job: (w) => ({
				type: 'veImageXAiQueue',
				credentials: volcengine,
				parameters: veimagexParameters(w),
				input: Array.from({ length: veimagexTasks * IMAGES_PER_TASK }, (_, i) => ({ url: `https://cdn.example.com/w${w}/${i}.png` })),
				warmUpParameters: veimagexParameters(w), // an item without `url` fails validation
			}),
		});
		rows.push(
			...(await measure(sb, {
				suite: 'throttle',
				action: 'SubmitAIImageJob',
				quota: 30,
				unit: 'jobs',
				itemsPerWorker: vodJobs,
				callsPerWorker: vodJobs,
				note: 'VOD: Throttling.User with x-acs-retry-after',
				worker: (params) => String(params?.VideoId).split('v')[0],
				job: (w) => ({
					type: 'aliyunVodAiImage',
					credentials: aliyun,
					parameters: vodParameters(w),
					input: Array.from({ length: vodJobs }, (_, i) => ({ job: i })),
					warmUpParameters: { ...vodParameters(w), videoId: '={{ $json.videoId }}' }, // empty for an empty item
				}),
			})),
		);
		return rows;
	} finally {
		await sb.stop();
	}
}
