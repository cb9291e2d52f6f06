import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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

export function readWaitOptions(this: IExecuteFunctions): WaitOptions {
	const raw = this.getNodeParameter('waitOptions', 0, {}) as {
		downloadImages?: boolean;
		binaryPropertyPrefix?: string;
		errorOnFailedJob?: boolean;
		pollIntervalSeconds?: number;
		maxPollIntervalSeconds?: number;
		onTimeout?: 'error' | 'output';
		timeoutSeconds?: number;
	};
	const timeoutSeconds = raw.timeoutSeconds ?? 600;
	const intervalMs = Math.max(100, (raw.pollIntervalSeconds ?? 5) * 1000);
	return {
		settings: {
			timeoutMs: timeoutSeconds * 1000,
			intervalMs,
			maxIntervalMs: Math.max(intervalMs, (raw.maxPollIntervalSeconds ?? 30) * 1000),
		},
		timeoutSeconds,
		onTimeout: raw.onTimeout ?? 'error',
		errorOnFailedJob: raw.errorOnFailedJob ?? false,
		downloadImages: raw.downloadImages ?? false,
		binaryPropertyPrefix: raw.binaryPropertyPrefix?.trim() || 'image_',
	};
}
