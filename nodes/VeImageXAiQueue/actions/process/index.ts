import type { INodeProperties } from 'n8n-workflow';

import * as run from './run.operation';

export { run };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['process'] } },
		default: 'run',
		options: [
			{
				name: 'Process Image Now',
				value: 'run',
				action: 'Process an image synchronously',
				description: 'Run a workflow template on one image and wait for the result (up to 30 seconds)',
			},
		],
	},
	...run.description,
];
