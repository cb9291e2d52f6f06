import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createAndWaitForCallback from './createAndWaitForCallback.operation';
import * as getAll from './getAll.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { create, createAndWaitForCallback, getAll, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Submit images as AI tasks',
				description: 'Submit the images of the input items for AI processing',
			},
			{
				name: 'Create and Wait for Callback',
				value: createAndWaitForCallback.OPERATION,
				action: 'Submit images and wait for the callback',
				description: 'Submit the images, then pause the execution (no worker held) until veImageX reports every task done',
				// An AI agent's tool call cannot wait.
				displayOptions: { hide: { '@tool': [true] } },
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many tasks', description: 'List the tasks of a queue' },
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a task to finish',
				description: 'Wait until a task is done and return its results',
			},
		],
	},
	...create.description,
	...createAndWaitForCallback.description,
	...getAll.description,
	...waitForCompletion.description,
];
