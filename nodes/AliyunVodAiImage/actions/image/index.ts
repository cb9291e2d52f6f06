import type { INodeProperties } from 'n8n-workflow';

import * as deleteImages from './delete.operation';
import * as getMany from './getMany.operation';

export { deleteImages as delete, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{ name: 'Delete', value: 'delete', description: 'Delete AI image records (10 per request)', action: 'Delete AI image records' },
			{ name: 'Get Many', value: 'getMany', description: 'List the AI thumbnails of a video', action: 'Get many AI images of a video' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...deleteImages.description,
];
