import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { TASK_PAGE_SIZE } from '../../helpers/constants';
import { getLimit, getQueueId, getTimeWindow, locatorText } from '../../helpers/fields';
import { listTasks } from '../../helpers/paging';
import { asItems, runPerItem } from '../../../shared/perItem';
import { queueLocator, returnAllFields, serviceLocator, timeWindowFields } from '../common.descriptions';

const properties: INodeProperties[] = [
	queueLocator,
	...timeWindowFields('task submission'),
	...returnAllFields(TASK_PAGE_SIZE),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'Running',
				description: 'Only tasks in this state',
				options: [
					{ name: 'Cancelled', value: 'Cancel' },
					{ name: 'Done', value: 'Done' },
					{ name: 'Failed', value: 'Failed' },
					{ name: 'Running', value: 'Running' },
					{ name: 'Suspended', value: 'Suspend' },
				],
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Only tasks matching this text (veImageX searches the task fields itself)',
			},
			serviceLocator({ required: false, description: 'Only tasks of this veImageX service' }),
			{
				displayName: 'Task ID',
				name: 'taskId',
				type: 'string',
				default: '',
				description: 'Only this task',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		const window = getTimeWindow.call(this, itemIndex);
		const limit = getLimit.call(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const query: IDataObject = {
			QueueId: queueId,
			...window,
			Status: filters.status || undefined,
			ServiceId: locatorText(filters.serviceId) || undefined,
			TaskId: filters.taskId || undefined,
			SearchPtn: filters.search || undefined,
		};
		return asItems(await listTasks.call(this, query, limit, itemIndex));
	});
}
