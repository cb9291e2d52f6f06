import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as submit from './submit.operation';
import * as submitAndWaitForCallback from './submitAndWaitForCallback.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { get, submit, submitAndWaitForCallback, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get the status and results of jobs (10 per request)', action: 'Get AI image jobs' },
			{ name: 'Submit', value: 'submit', description: 'Start an AI thumbnail job for a video', action: 'Submit an AI image job' },
			{
				name: 'Submit and Wait for Callback',
				value: submitAndWaitForCallback.OPERATION,
				description: 'Start the jobs, then pause the execution (no worker held) until VOD reports every job finished',
				action: 'Submit AI image jobs and wait for the callback',
				// An AI agent's tool call cannot wait.
				displayOptions: { hide: { '@tool': [true] } },
			},
			{ name: 'Wait for Completion', value: 'waitForCompletion', description: 'Poll jobs until they succeed, fail or time out', action: 'Wait for AI image jobs to complete' },
		],
		default: 'submit',
	},
	...submit.description,
	...submitAndWaitForCallback.description,
	...get.description,
	...waitForCompletion.description,
];
