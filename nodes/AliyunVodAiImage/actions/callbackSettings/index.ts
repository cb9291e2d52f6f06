import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as set from './set.operation';

export { get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callbackSettings'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Read the region\'s event callback settings', action: 'Get the callback settings' },
			{ name: 'Set', value: 'set', description: 'Change the region\'s event callback settings (affects other integrations)', action: 'Set the callback settings' },
		],
		default: 'get',
	},
	...get.description,
	...set.description,
];
