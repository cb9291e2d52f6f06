import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as getAll from './getAll.operation';
import * as resendCallback from './resendCallback.operation';

export { del as delete, getAll, resendCallback };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entry'] } },
		default: 'getAll',
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete entries', description: 'Delete one or many image entries' },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many entries',
				description: 'List image entries with their parsed outputs and errors',
			},
			{
				name: 'Resend Callback',
				value: 'resendCallback',
				action: 'Resend the callback of an entry',
				description: 'Ask veImageX to send the callback of one entry again',
			},
		],
	},
	...del.description,
	...getAll.description,
	...resendCallback.description,
];
