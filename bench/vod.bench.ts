/**
 * VOD AI Image node: 1 000 SubmitAIImageJob + wait, through the node on real n8n-core against the sandbox with
 * the documented quotas enforced. Measures how close the node gets to the 30/s submit quota, the API calls it
 * spends per job and that nothing surfaces as an error.
 */
import '../test/setup-env';

import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../sandbox';
import { runNode } from '../test/harness';
import type { BenchOptions, BenchRow } from './types';

const SUBMIT_QPS = 30;

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const jobs = opts.quick ? 150 : 1000;
	const sb = await startSandbox({ port: 0, speed: 'fast', quotas: true, failureRate: 0, seed: 42 });
	const credentials = { aliyunVodApi: { ...sb.credentials.aliyun, endpoint: sb.vodEndpoint('cn-shanghai'), region: 'cn-shanghai' } };
	try {
		const list = await runNode({ type: 'aliyunVodAiImage', parameters: { resource: 'template', operation: 'getMany', templateType: 'AIImage' }, credentials });
		const templateId = String((list.items[0].json.templates as IDataObject[])[0].TemplateId);
		sb.requests.length = 0;

		const started = Date.now();
		const { items, error } = await runNode({
			type: 'aliyunVodAiImage',
			parameters: {
				resource: 'job',
				operation: 'submit',
				videoId: '={{ $json.videoId }}',
				aiTemplateId: { __rl: true, mode: 'id', value: templateId },
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 0.5, maxPollIntervalSeconds: 5, timeoutSeconds: 600 },
			},
			input: Array.from({ length: jobs }, (_, i) => ({ videoId: `bench${i}` })),
			credentials,
			continueOnFail: true,
		});
		const ended = Date.now();
		const wallSeconds = (ended - started) / 1000;

		const vod = sb.requests.filter((entry) => entry.provider === 'vod');
		const submits = vod.filter((entry) => entry.action === 'SubmitAIImageJob');
		const accepted = submits.filter((entry) => entry.status === 200);
		const polls = vod.filter((entry) => entry.action === 'GetAIImageJobs');
		const throttled = vod.filter((entry) => entry.throttled).length;
		const submitSpan = (accepted[accepted.length - 1].at - accepted[0].at) / 1000;
		const submitRate = (accepted.length - 1) / submitSpan;
		const surfaced = (error ? 1 : 0) + items.filter((item) => item.json.error).length;
		const succeeded = items.filter((item) => item.json.state === 'succeeded').length;
		const duplicates = accepted.length - new Set(accepted.map((entry) => entry.params?.VideoId)).size;
		const row = (metric: string, value: number | string, unit?: string, baseline?: number | string, note?: string): BenchRow => ({ suite: 'vod', metric, value, unit, baseline, note });
		return [
			row('jobs submitted + waited', jobs, 'jobs', undefined, 'sandbox, quotas on, speed fast (job ≈ 20 ms)'),
			row('submit rate', Number(submitRate.toFixed(2)), 'req/s', SUBMIT_QPS, 'first to last accepted SubmitAIImageJob'),
			row('submit rate vs quota', Number(((100 * submitRate) / SUBMIT_QPS).toFixed(1)), '%', '≥ 95'),
			row('wall time (submit + wait)', Number(wallSeconds.toFixed(1)), 's', Number((jobs / SUBMIT_QPS).toFixed(1)), 'baseline = jobs / 30 per s'),
			row('first submit after start', accepted[0].at - started, 'ms', undefined, 'workflow start-up inside the measured wall time'),
			row('tail after last submit', ended - accepted[accepted.length - 1].at, 'ms', undefined, 'last job finishing + final poll + output'),
			row('end-to-end jobs/s vs quota', Number(((100 * jobs) / wallSeconds / SUBMIT_QPS).toFixed(1)), '%', '≥ 95', 'jobs / wall time, polling overlaps submitting'),
			row('API calls per job', Number(((submits.length + polls.length) / jobs).toFixed(3)), 'calls', 1.1, 'baseline = 1 submit + 1/10 poll'),
			row('GetAIImageJobs calls', polls.length, 'calls', Math.ceil(jobs / 10)),
			row('throttled answers', throttled, 'answers', 0),
			row('errors surfaced', surfaced, 'items', 0),
			row('duplicate submits', duplicates, 'jobs', 0),
			row('jobs succeeded', succeeded, 'jobs', jobs),
		];
	} finally {
		await sb.stop();
	}
}
