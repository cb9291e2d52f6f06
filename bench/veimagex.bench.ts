/**
 * veImageX AI Queue node: 20 000 image URLs through the node on real n8n-core against the sandbox with the
 * documented quotas enforced (CreateImageAITask 1/s, GetImageAITasks/GetImageAIDetails 10/s).
 * 1. submit only: images per API call, wall time vs the quota floor, throttling answers and surfaced errors;
 * 2. submit + wait for completion: the 10/s detail-page quota bounds reading results (100 entries per page).
 */
import '../test/setup-env';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { runNode } from '../test/harness';
import type { BenchOptions, BenchRow } from './types';

const MAX_PER_TASK = 10_000;
const DETAIL_QPS = 10;

const row = (metric: string, value: number | string, unit?: string, baseline?: number | string, note?: string): BenchRow => ({
	suite: 'veimagex',
	metric,
	value,
	unit,
	baseline,
	note,
});

async function createQueue(sb: Sandbox, name: string, isStart: boolean): Promise<string> {
	const { items, error } = await runNode({
		type: 'veImageXAiQueue',
		parameters: { resource: 'queue', operation: 'create', name, attribute: 'ai_super_resolution', isStart },
		credentials: { volcengineImageXApi: sb.credentials.volcengine },
	});
	if (error) throw error;
	return String(items[0].json.QueueId);
}

function submitParameters(queueId: string, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'task',
		operation: 'create',
		serviceId: 'bench-service',
		queueId: { __rl: true, mode: 'id', value: queueId },
		imageSource: 'field',
		imageField: 'url',
		workflowTemplateId: { __rl: true, mode: 'id', value: 'system_workflow_ai_super_resolution' },
		workflowParameter: '{}',
		...extra,
	};
}

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const images = opts.quick ? 5_000 : 20_000;
	const input: IDataObject[] = Array.from({ length: images }, (_, i) => ({ url: `https://cdn.example.com/bench/${i}.png` }));
	const sb = await startSandbox({ port: 0, speed: 'fast', quotas: true, failureRate: 0, seed: 42 });
	const credentials = { volcengineImageXApi: sb.credentials.volcengine };
	const rows: BenchRow[] = [];
	try {
		// 1. Submit only (paused queue: the emulator does no processing work meanwhile).
		const paused = await createQueue(sb, 'bench-submit', false);
		sb.requests.length = 0;
		let started = Date.now();
		const submitted = await runNode({ type: 'veImageXAiQueue', parameters: submitParameters(paused), input, credentials, continueOnFail: true });
		const submitSeconds = (Date.now() - started) / 1000;
		const creates = sb.requests.filter((r) => r.provider === 'veimagex' && r.action === 'CreateImageAITask');
		const accepted = creates.filter((r) => r.status === 200);
		const surfaced = (submitted.error ? 1 : 0) + submitted.items.filter((item) => item.json.error).length;
		const withTaskId = submitted.items.filter((item) => typeof item.json.TaskId === 'string').length;
		const minCalls = Math.ceil(images / MAX_PER_TASK);
		// At 1 call/s the quota floor for N calls is N-1 seconds after the first.
		const floorSeconds = Math.max(0, minCalls - 1);
		rows.push(
			row('images submitted', images, 'images', undefined, 'sandbox, quotas on, speed fast'),
			row('CreateImageAITask calls', creates.length, 'calls', minCalls, 'baseline = ceil(images / 10 000)'),
			row('images per API call', Number((images / Math.max(1, accepted.length)).toFixed(0)), 'images', 1, 'baseline = one task per item'),
			row('submit wall time', Number(submitSeconds.toFixed(2)), 's', floorSeconds, 'baseline = quota floor (calls - 1) / 1 per s; includes n8n item handling'),
			row('one-task-per-item time at quota', images, 's', undefined, 'what 1 call/s would cost without packing'),
			row('throttled answers (429)', creates.filter((r) => r.throttled).length, 'responses', 0),
			row('errors surfaced', surfaced, 'items', 0, 'must be 0'),
			row('items mapped to a TaskId', withTaskId, 'items', images),
		);

		// 2. Submit + wait (running queue): results are read 100 per GetImageAIDetails page at 10/s.
		if (!opts.quick) {
			const running = await createQueue(sb, 'bench-wait', true);
			sb.requests.length = 0;
			started = Date.now();
			const waited = await runNode({
				type: 'veImageXAiQueue',
				parameters: submitParameters(running, { waitForCompletion: true, pollIntervalSeconds: 0.5, waitTimeoutMinutes: 10 }),
				input,
				credentials,
				continueOnFail: true,
			});
			const waitSeconds = (Date.now() - started) / 1000;
			const veimagex = sb.requests.filter((r) => r.provider === 'veimagex');
			const details = veimagex.filter((r) => r.action === 'GetImageAIDetails');
			const polls = veimagex.filter((r) => r.action === 'GetImageAITasks');
			const succeeded = waited.items.filter((item) => item.json.Status === 'Success').length;
			const waitSurfaced = (waited.error ? 1 : 0) + waited.items.filter((item) => item.json.error).length;
			const detailFloor = images / 100 / DETAIL_QPS;
			rows.push(
				row('submit + wait wall time', Number(waitSeconds.toFixed(1)), 's', Number(detailFloor.toFixed(1)), 'baseline = detail pages / 10 per s'),
				row('GetImageAIDetails pages', details.length, 'calls', Math.ceil(images / 100)),
				row('GetImageAITasks polls', polls.length, 'calls'),
				row('API calls per image (submit + wait)', Number((veimagex.length / images).toFixed(4)), 'calls', undefined, 'all veImageX actions'),
				row('items with their own Success entry', succeeded, 'items', images),
				row('throttled answers (wait)', veimagex.filter((r) => r.throttled).length, 'responses', 0),
				row('errors surfaced (wait)', waitSurfaced, 'items', 0, 'must be 0'),
			);
		}
		return rows;
	} finally {
		await sb.stop();
	}
}
