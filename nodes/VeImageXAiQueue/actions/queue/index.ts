import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as pause from './pause.operation';
import * as start from './start.operation';
import * as update from './update.operation';

export { create, del as delete, get, getAll, pause, start, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['queue'] } },
		default: 'getAll',
		options: [
			{ name: 'Create', value: 'create', action: 'Create a queue', description: 'Create an AI process queue' },
			{ name: 'Delete', value: 'delete', action: 'Delete a queue', description: 'Delete a queue (not the default queue)' },
			{ name: 'Get', value: 'get', action: 'Get a queue', description: 'Get one queue by ID' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many queues', description: 'List queues' },
			{ name: 'Pause', value: 'pause', action: 'Pause a queue', description: 'Stop running tasks of the queue (status Pending)' },
			{ name: 'Start', value: 'start', action: 'Start a queue', description: 'Run the tasks of the queue (status Running)' },
			{
				name: 'Update',
				value: 'update',
				action: 'Update a queue',
				description: 'Change name, description, attribute or callback; other settings are kept',
			},
		],
	},
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...pause.description,
	...start.description,
	...update.description,
];
