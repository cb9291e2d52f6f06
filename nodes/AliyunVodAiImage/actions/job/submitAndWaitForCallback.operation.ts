/**
 * Job → Submit and Wait for Callback: Submit's jobs with UserData.MessageCallback.CallbackURL set to this execution's
 * resume URL (checked against the 512-byte UserData limit together with Extend before anything is sent), then a
 * waiting execution (no worker held, no polling) resumed by VOD's AI image events.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vodCallbackSignature, vodCallbackSignatureMatches } from '../../../../credentials/common/signing';
import { header } from '../../../shared/callbackTrigger/http';
import { chunk } from '../../../shared/items';
import { failRemainingItems, readPerItem } from '../../../shared/perItem';
import type { DecisionMemory } from '../../../shared/waitForCallback/coordination';
import { callbackNotice, maxWaitField } from '../../../shared/waitForCallback/description';
import { allFinalNewestFirst, doneOutputs, handleCallback, waitForCallbacks } from '../../../shared/waitForCallback/resume';
import { callbackUrlFor, newMarker, readDeadline, type WaitState } from '../../../shared/waitForCallback/state';
import { assertRegion, getVodContext, type VodContext } from '../../helpers/context';
import { fetchJobs, JOB_IDS_PER_CALL, type JobLookup } from '../../helpers/jobs';
import { jobState } from '../../helpers/parse';
import { emitJobItems } from './jobItems';
import { waitOptionsField } from './shared';
import { properties as submitProperties, readSubmission, settleSubmitFailures, submitJobs, type SubmitProgress } from './submit.operation';

export const OPERATION = 'submitAndWaitForCallback';

/** VOD signs each attempt with a fresh timestamp; an older one is a replay. */
const MAX_SIGNATURE_AGE_SECONDS = 300;

const NOT_HERE = new Set(['waitForCompletion', 'waitOptions']);
const RESULT_OPTIONS = new Set(['downloadImages', 'binaryPropertyPrefix', 'errorOnFailedJob']);

const properties: INodeProperties[] = [
	callbackNotice('VOD'),
	...submitProperties
		.filter((field) => !NOT_HERE.has(field.name))
		.map((field) =>
			field.name === 'additionalFields' && field.type === 'collection'
				? { ...field, options: (field.options as INodeProperties[]).filter((option) => option.name !== 'callbackUrl') }
				: field,
		),
	{
		displayName: 'Callback Auth Key',
		name: 'callbackAuthKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'The AuthKey of the VOD callback settings when URL authentication is on: callbacks without a valid X-VOD-SIGNATURE are then refused. The region\'s callback must be HTTP with the AIComplete event, or VOD ignores the per-job callback URL.',
	},
	maxWaitField,
	{
		...waitOptionsField,
		displayName: 'Result Options',
		name: 'waitOptions',
		description: 'Apply to all items (taken from the first item)',
		options: (waitOptionsField.options as INodeProperties[]).filter((option) => RESULT_OPTIONS.has(option.name)),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['job'], operation: [OPERATION] } }, properties);

interface VodWait {
	/** JobIds in submit order and the item each belongs to. */
	jobs: Array<{ itemIndex: number; JobId: string; SubmitRequestId: string }>;
	downloadImages: boolean;
	binaryPropertyPrefix: string;
	errorOnFailedJob: boolean;
}

/** GetAIImageJobs 10 ids per call, newest batch first; when all are final, the results builder reuses the answers. */
async function check(ctx: IExecuteFunctions, state: WaitState<VodWait>, memory?: DecisionMemory) {
	const context = await getVodContext.call(ctx);
	const lookup: JobLookup = { jobs: new Map(), errors: new Map() };
	const batches = chunk(state.data.jobs.map((job) => job.JobId), JOB_IDS_PER_CALL);
	const allFinal = await allFinalNewestFirst(batches, (batch) => batch.join(','), async (batch) => {
		await fetchJobs.call(ctx, context, batch, lookup);
		const failed = batch.find((id) => lookup.errors.has(id));
		if (failed) throw lookup.errors.get(failed) as Error;
		// A job VOD does not list (yet) counts as running.
		return batch.every((id) => jobState(lookup.jobs.get(id)?.Status) !== 'running');
	}, memory);
	if (!allFinal) return undefined;
	const { jobs, downloadImages, binaryPropertyPrefix, errorOnFailedJob } = state.data;
	return async (output: Array<INodeExecutionData | undefined>) => {
		// Batches known final from earlier callbacks were not asked this time: read them for the results.
		const missing = jobs.map((job) => job.JobId).filter((id) => !lookup.jobs.has(id));
		if (missing.length > 0) await fetchJobs.call(ctx, context, missing, lookup);
		const entries = jobs.map(({ itemIndex, JobId, SubmitRequestId }) => ({ itemIndex, ids: [JobId], extra: { SubmitRequestId } }));
		await emitJobItems.call(ctx, entries, lookup, { onTimeout: 'error', errorOnFailedJob, downloadImages, binaryPropertyPrefix }, output as INodeExecutionData[]);
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = new Array(items.length);
	// Run-wide settings first (credential, region, deadline, resume URL): the URL goes into every job's UserData.
	const marker = newMarker();
	let run: { context: VodContext; deadline: number; callbackUrl: string } | undefined;
	let failure: unknown;
	try {
		const context = await getVodContext.call(this);
		assertRegion.call(this, context, 'job');
		run = { context, deadline: readDeadline.call(this), callbackUrl: callbackUrlFor.call(this, marker) };
	} catch (error) {
		failure = error;
	}
	if (!run) return doneOutputs(failRemainingItems.call(this, failure, output));
	const { context, deadline, callbackUrl } = run;
	const options = this.getNodeParameter('waitOptions', 0, {}) as { downloadImages?: boolean; binaryPropertyPrefix?: string; errorOnFailedJob?: boolean };
	// Every item is validated (incl. the 512-byte UserData with this URL) before the first submit.
	const submissions = readPerItem(this, items, output, (itemIndex) => readSubmission.call(this, itemIndex, callbackUrl));
	const progress: SubmitProgress = { stop: false, submitted: [], failures: [] };
	await submitJobs.call(this, context, submissions, progress);
	settleSubmitFailures.call(this, progress, output);
	if (progress.submitted.length === 0) return doneOutputs(output);
	const jobs = progress.submitted
		.sort((a, b) => a.itemIndex - b.itemIndex)
		.map(({ itemIndex, JobId, extra }) => ({ itemIndex, JobId, SubmitRequestId: String(extra.RequestId ?? '') }));
	return await waitForCallbacks(
		this,
		output,
		{
			marker,
			callbackUrl,
			deadline,
			data: {
				jobs,
				downloadImages: options.downloadImages === true,
				binaryPropertyPrefix: options.binaryPropertyPrefix?.trim() || 'image_',
				errorOnFailedJob: options.errorOnFailedJob === true,
			},
		},
		check,
	);
}

/** With an auth key: X-VOD-SIGNATURE = md5(callback URL | X-VOD-TIMESTAMP | key), fresh per attempt. */
function authenticate(ctx: IWebhookFunctions, state: WaitState<VodWait>): string | undefined {
	const key = String(ctx.getNodeParameter('callbackAuthKey', '') ?? '');
	if (key === '') return undefined;
	const timestamp = header(ctx, 'x-vod-timestamp').trim();
	const signature = header(ctx, 'x-vod-signature');
	if (!/^\d{9,11}$/.test(timestamp) || signature === '') return 'missing or malformed signature headers';
	if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return 'stale timestamp';
	return vodCallbackSignatureMatches(signature, vodCallbackSignature(state.callbackUrl, timestamp, key)) ? undefined : 'signature does not match';
}

function isOurs(state: WaitState<VodWait>, body: IDataObject): boolean {
	return state.data.jobs.some((job) => job.JobId === body.JobId);
}

export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	return await handleCallback<VodWait>(this, { provider: 'VOD', authenticate, isOurs, check });
}
