import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { TASK_PAGE_SIZE } from '../../helpers/constants';
import { getLimit, getQueueId, getTimeWindow, locatorValue } from '../../helpers/fields';
import { listTasks } from '../../helpers/paging';
import { asItems, runPerItem } from '../../../shared/perItem';
import { at, checkId, checkOption, checkText, choicesOf } from '../../../shared/validate';
import { queueLocator, returnAllFields, serviceLocator, timeWindowFields } from '../common.descriptions';

const statusFilter: INodeProperties = {
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
};

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
			statusFilter,
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
		const where = at(this, itemIndex);
		// Each filter is one value: a list from an expression would become repeated query keys.
		const query: IDataObject = {
			QueueId: queueId,
			...window,
			Status: filters.status === undefined ? undefined : checkOption(where, 'Status', filters.status, choicesOf(statusFilter)),
			ServiceId: checkId(where, 'Service', locatorValue(filters.serviceId), { fix: 'Pick a service or remove the filter.' }) || undefined,
			TaskId: checkId(where, 'Task ID', filters.taskId, { fix: 'Enter one TaskId or remove the filter.' }) || undefined,
			SearchPtn: checkText(where, 'Search', filters.search, { fix: 'Enter the text to search for.', singleLine: true, maxLength: 256 }) || undefined,
		};
		return asItems(await listTasks.call(this, query, limit, itemIndex));
	});
}
