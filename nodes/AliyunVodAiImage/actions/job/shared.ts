import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { at, checkBoolean, checkNumber, checkOption, checkText } from '../../../shared/validate';
import type { JobItemOptions, WaitSettings } from '../../helpers/jobs';

export const jobIdsField: INodeProperties = {
	displayName: 'Job IDs',
	name: 'jobIds',
	type: 'string',
	required: true,
	default: '={{ $json.JobId }}',
	placeholder: 'e.g. 3b1c6a2f… or id1, id2',
	description:
		'The JobId returned by Submit. Several IDs per item may be separated by commas. IDs from all items are queried together, 10 per request; each item gets its own jobs back.',
};

export const waitOptionsField: INodeProperties = {
	displayName: 'Wait Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'Apply to all items (taken from the first item): the jobs of all items are checked together',
	options: [
		{
			displayName: 'Binary Property Prefix',
			name: 'binaryPropertyPrefix',
			type: 'string',
			default: 'image_',
			description: 'Downloaded images are stored as &lt;prefix&gt;0, &lt;prefix&gt;1, … (best score first as VOD returns them)',
		},
		{
			displayName: 'Download Images',
			name: 'downloadImages',
			type: 'boolean',
			default: false,
			description: 'Whether to download the result images of succeeded jobs into binary data (one binary property per image)',
		},
		{
			displayName: 'Fail Item When Job Fails',
			name: 'errorOnFailedJob',
			type: 'boolean',
			default: false,
			description: 'Whether a job that ends with status "fail" makes its item an error; otherwise the item is output with Status "fail", Code and Message',
		},
		{
			displayName: 'First Poll After (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.1 },
			default: 5,
			description: 'Time between the first status checks; it grows gradually up to the maximum below',
		},
		{
			displayName: 'Max Poll Interval (Seconds)',
			name: 'maxPollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.1 },
			default: 30,
			description: 'The longest time between two status checks, however long the jobs take',
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			default: 'error',
			options: [
				{ name: 'Return an Error', value: 'error', description: 'Items whose jobs are still running become errors' },
				{ name: 'Output As Is', value: 'output', description: 'Output still-running jobs with "timedOut": true' },
			],
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description: 'How long to wait for all jobs of this run before giving up',
		},
	],
};

export interface WaitOptions extends JobItemOptions {
	settings: WaitSettings;
	downloadImages: boolean;
	binaryPropertyPrefix: string;
}

/** The longest wait accepted: a day (an n8n execution held longer is better split into Submit now, Get later). */
const MAX_TIMEOUT_SECONDS = 86_400;
const MAX_POLL_SECONDS = 3_600;

/**
 * Read once for the run (item 0) and checked before anything is sent: a timeout of "ten", NaN, 0 or -1 would
 * otherwise poll forever or not at all.
 */
export function readWaitOptions(this: IExecuteFunctions): WaitOptions {
	const raw = this.getNodeParameter('waitOptions', 0, {}) as Record<string, unknown>;
	const where = at(this, 0);
	const seconds = (field: string, value: unknown, fallback: number, min: number, max: number) =>
		checkNumber(where, field, value, { min, max, default: fallback, fix: 'Set it in Wait Options.' });
	// Lower bounds: above 0, and short enough for an emulator's jobs; the pacing protects the quota anyway.
	const timeoutSeconds = seconds('Timeout (Seconds)', raw.timeoutSeconds, 600, 0.01, MAX_TIMEOUT_SECONDS);
	const intervalMs = seconds('First Poll After (Seconds)', raw.pollIntervalSeconds, 5, 0.01, MAX_POLL_SECONDS) * 1000;
	const maxIntervalMs = seconds('Max Poll Interval (Seconds)', raw.maxPollIntervalSeconds, 30, 0.01, MAX_POLL_SECONDS) * 1000;
	return {
		settings: { timeoutMs: timeoutSeconds * 1000, intervalMs, maxIntervalMs: Math.max(intervalMs, maxIntervalMs) },
		timeoutSeconds,
		onTimeout: checkOption(where, 'On Timeout', raw.onTimeout, ['error', 'output'] as const, 'error'),
		errorOnFailedJob: checkBoolean(where, 'Fail Item When Job Fails', raw.errorOnFailedJob, false),
		downloadImages: checkBoolean(where, 'Download Images', raw.downloadImages, false),
		binaryPropertyPrefix: checkText(where, 'Binary Property Prefix', raw.binaryPropertyPrefix, { fix: 'Enter a short prefix such as image_.', singleLine: true, maxLength: 64 }) || 'image_',
	};
}
