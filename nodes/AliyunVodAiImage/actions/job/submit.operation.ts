import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapConcurrent } from '../../../shared/concurrency';
import { fieldError } from '../../../shared/errors';
import { jsonObject, parseJsonParameter } from '../../../shared/json';
import { errorItem, outputItem } from '../../../shared/items';
import type { VodContext } from '../../helpers/context';
import { waitForJobs } from '../../helpers/jobs';
import { readPerItem } from '../../../shared/perItem';
import type { JobFeed } from '../../helpers/jobs';
import { buildUserData } from '../../helpers/userData';
import { vodRequest } from '../../transport';
import { aiImageTemplateLocator } from '../template/shared';
import { emitJobItems } from './jobItems';
import { readWaitOptions, waitOptionsField } from './shared';
import { idParameter } from '../../helpers/parameters';
import { mayHaveCreated, noteCreated } from '../../../shared/answers';
import { at, checkBoolean, checkId, checkUrl } from '../../../shared/validate';

/** Submits in flight at once; the 30/s pacing sets the actual rate. */
const PARALLEL_SUBMITS = 8;

export const properties: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'videoId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 93ab850b4f6f44eab54b6e91d24d****',
		description: 'ID of the VOD video to pick thumbnails from (same region as the credential)',
	},
	{ ...aiImageTemplateLocator, displayName: 'AI Template', name: 'aiTemplateId', required: true },
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the jobs have finished and output their results instead of just the JobId',
	},
	{ ...waitOptionsField, displayOptions: { show: { waitForCompletion: [true] } } },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{
				displayName: 'AI Pipeline ID',
				name: 'aiPipelineId',
				type: 'string',
				default: '',
				description: 'A dedicated pipeline for bulk work (requested from Alibaba Cloud); empty = the default pipeline',
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/vod-ai',
				description:
					'Where VOD reports the result of this job (e.g. the AI Image Callback Trigger URL). Only works when the region\'s callback setting is HTTP with the "AIComplete" event enabled.',
			},
			{
				displayName: 'Extend (JSON)',
				name: 'extend',
				type: 'json',
				default: '{}',
				description: 'Your own data, echoed back in the callback and in Get. Together with the Callback URL at most 512 bytes.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Retry After Uncertain Failure',
				name: 'retryUncertain',
				type: 'boolean',
				default: false,
				description:
					'Whether to submit again when the first attempt ended in a server error or a lost connection. Such a job may already exist, so this can create duplicate (billed) jobs. Throttled requests are always retried safely.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['job'], operation: ['submit'] } }, properties);

export interface Submission {
	itemIndex: number;
	params: Record<string, string | undefined>;
	retryUncertain: boolean;
}

/**
 * The item's request parameters; throws the input error naming the field. `callbackUrl` replaces the Callback URL
 * field (Submit and Wait for Callback points every job at its resume URL; the 512-byte check then covers it).
 */
export function readSubmission(this: IExecuteFunctions, itemIndex: number, callbackUrl?: string): Omit<Submission, 'itemIndex'> {
	const node = this.getNode();
	const where = at(this, itemIndex);
	const videoId = idParameter(this, 'videoId', itemIndex, 'Video ID', {
		required: true,
		fix: 'Enter the ID of a VOD video, or map it from a previous node (e.g. {{ $json.VideoId }}).',
	});
	const templateId = idParameter(this, 'aiTemplateId', itemIndex, 'AI Template', {
		required: true,
		emptyProblem: 'no template selected',
		fix: 'Pick an AI template of type AIImage from the list, or enter its ID.',
	});
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as { aiPipelineId?: unknown; callbackUrl?: unknown; extend?: unknown };
	const pipelineId = checkId(where, 'AI Pipeline ID', fields.aiPipelineId, { fix: 'Enter the pipeline ID Alibaba Cloud gave you, or remove the field.' });
	const fieldCallbackUrl = checkUrl(where, 'Callback URL', fields.callbackUrl, { fix: 'Enter the full URL VOD should call, e.g. https://n8n.example.com/webhook/vod-ai.' });
	const extend = parseJsonParameter(node, itemIndex, fields.extend, {
		field: 'Extend',
		schema: jsonObject.nullish(),
		fix: 'Enter a JSON object, e.g. {"orderId":"123"}.',
		empty: { value: undefined },
	}) as IDataObject | null | undefined;
	const userData = buildUserData(callbackUrl ?? fieldCallbackUrl, extend);
	if (userData.problem) throw fieldError(node, itemIndex, userData.problem.field, userData.problem.problem, userData.problem.fix);
	const options = this.getNodeParameter('options', itemIndex, {}) as { retryUncertain?: unknown };
	return {
		params: { VideoId: videoId, AITemplateId: templateId, AIPipelineId: pipelineId || undefined, UserData: userData.value },
		retryUncertain: checkBoolean(where, 'Retry After Uncertain Failure', options.retryUncertain, false),
	};
}

/** "item 3: <JobId>" for every job the run created. */
function createdJobs(submitted: Array<{ itemIndex: number; JobId: string }>): string[] {
	return [...submitted].sort((a, b) => a.itemIndex - b.itemIndex).map((job) => `item ${job.itemIndex}: ${job.JobId}`);
}

export interface SubmittedJob {
	itemIndex: number;
	JobId: string;
	extra: IDataObject;
}

/** Where the submits stand; `stop` is set at the first failure without Continue On Fail. */
export interface SubmitProgress {
	stop: boolean;
	submitted: SubmittedJob[];
	failures: Array<{ itemIndex: number; error: Error }>;
}

/** Submits every job (8 in flight, paced); each JobId is reported to `onSubmitted` as soon as it exists. */
export async function submitJobs(
	this: IExecuteFunctions,
	context: VodContext,
	submissions: Submission[],
	progress: SubmitProgress,
	onSubmitted: (jobId: string) => void = () => {},
): Promise<void> {
	await mapConcurrent(
		submissions,
		PARALLEL_SUBMITS,
		async ({ itemIndex, params, retryUncertain }) => {
			const body = await vodRequest
				// A 2xx answer without a JobId fails the item ("may have been created"): never an empty or `undefined` JobId.
				.call(this, context, 'SubmitAIImageJob', params, { kind: 'create', itemIndex, retryAmbiguous: retryUncertain, requiredId: 'JobId' })
				.catch((error: Error) => {
					progress.failures.push({ itemIndex, error });
					if (!this.continueOnFail()) progress.stop = true;
					return undefined;
				});
			if (!body) return;
			const extra: IDataObject = { JobId: body.JobId as string, RequestId: body.RequestId as string, VideoId: params.VideoId as string, AITemplateId: params.AITemplateId as string };
			if (params.UserData) extra.UserData = JSON.parse(params.UserData) as IDataObject;
			progress.submitted.push({ itemIndex, JobId: String(body.JobId), extra });
			onSubmitted(String(body.JobId));
		},
		() => progress.stop,
	);
}

/** Without Continue On Fail the first failed submit stops the run (naming the jobs that already exist); with it each failed item gets its error item. */
export function settleSubmitFailures(this: IExecuteFunctions, progress: SubmitProgress, output: INodeExecutionData[]): void {
	const { failures, submitted } = progress;
	if (failures.length > 0 && !this.continueOnFail()) {
		// Those jobs exist and are billed: every one is named, so a re-run does not submit them twice.
		const [first, ...others] = failures.sort((a, b) => a.itemIndex - b.itemIndex);
		const uncertain = others.filter(({ error }) => mayHaveCreated(error)).map(({ itemIndex }) => `item ${itemIndex}`);
		throw noteCreated(first.error, 'job', createdJobs(submitted), uncertain);
	}
	for (const { itemIndex, error } of failures) output[itemIndex] = errorItem(error, itemIndex);
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = new Array(items.length);
	// Validate every item first: a bad item must not stop the run halfway with half of the jobs submitted.
	const submissions: Submission[] = readPerItem(this, items, output, (itemIndex) => readSubmission.call(this, itemIndex));

	// Read before the first submit: failing afterwards would lose the JobIds of jobs that exist.
	const wait = checkBoolean(at(this, 0), 'Wait for Completion', this.getNodeParameter('waitForCompletion', 0, false), false);
	const waitOptions = wait ? readWaitOptions.call(this) : undefined;
	const progress: SubmitProgress = { stop: false, submitted: [], failures: [] };
	let submitsDone = () => {};
	const feed: JobFeed = { ids: [], finished: new Promise<void>((resolve) => (submitsDone = resolve)), cancelled: () => progress.stop };
	const submitting = submitJobs.call(this, context, submissions, progress, (jobId) => feed.ids.push(jobId)).finally(() => submitsDone());
	// Poll (own quota) while the remaining jobs are still being submitted.
	const [, outcome] = await Promise.all([submitting, waitOptions ? waitForJobs.call(this, context, feed, waitOptions.settings) : undefined]);
	settleSubmitFailures.call(this, progress, output);
	const { submitted } = progress;

	if (!waitOptions || !outcome) {
		for (const { itemIndex, extra } of submitted) output[itemIndex] = outputItem(extra, itemIndex);
		return output;
	}
	const entries = submitted.map(({ itemIndex, JobId, extra }) => ({ itemIndex, ids: [JobId], extra: { SubmitRequestId: extra.RequestId } }));
	let waitFailure: unknown;
	try {
		await emitJobItems.call(this, entries, outcome, waitOptions, output);
	} catch (error) {
		waitFailure = error;
	}
	if (waitFailure !== undefined) throw noteCreated(waitFailure, 'job', createdJobs(submitted));
	return output;
}
