import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteTemplate from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as setDefault from './setDefault.operation';
import * as update from './update.operation';

export { create, deleteTemplate as delete, get, getMany, setDefault, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create an AI template', action: 'Create an AI template' },
			{ name: 'Delete', value: 'delete', description: 'Delete an AI template', action: 'Delete an AI template' },
			{ name: 'Get', value: 'get', description: 'Get an AI template', action: 'Get an AI template' },
			{ name: 'Get Many', value: 'getMany', description: 'List the AI templates of a type', action: 'Get many AI templates' },
			{ name: 'Set Default', value: 'setDefault', description: 'Make a template the default', action: 'Set the default AI template' },
			{ name: 'Update', value: 'update', description: 'Change the name and configuration of a template', action: 'Update an AI template' },
		],
		default: 'getMany',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...deleteTemplate.description,
	...setDefault.description,
];
