import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENTRY_PAGE_SIZE } from '../../helpers/constants';
import { downloadOutput, getDownloadSettings, normaliseEntry } from '../../helpers/entries';
import { getLimit, getOptionalServiceId, getQueueId, getServiceId, getTimeWindow } from '../../helpers/fields';
import { listEntries } from '../../helpers/paging';
import { runPerItem, type ItemResults } from '../../../shared/perItem';
import { at, checkId, checkOptions, checkText, choicesOf } from '../../../shared/validate';
import { downloadOptions, queueLocator, returnAllFields, serviceLocator, timeWindowFields } from '../common.descriptions';

const statusFilter: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'multiOptions',
	default: [],
	options: [
		{ name: 'Dispatched', value: 'Dispatched' },
		{ name: 'Failed', value: 'Fail' },
		{ name: 'Pending', value: 'Pending' },
		{ name: 'Running', value: 'Running' },
		{ name: 'Succeeded', value: 'Success' },
	],
};

const properties: INodeProperties[] = [
	queueLocator,
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		description: 'Only the entries of this task (recommended)',
	},
	serviceLocator({ required: false, description: 'Only the entries of this veImageX service (empty = all services; required with a Task ID)' }),
	...timeWindowFields('finished entries'),
	...returnAllFields(ENTRY_PAGE_SIZE),
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
				description: 'Only entries whose image URL or URI contains this text',
			},
		],
	},
	...downloadOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['entry'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		const window = getTimeWindow.call(this, itemIndex);
		const limit = getLimit.call(this, itemIndex);
		const download = getDownloadSettings.call(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const where = at(this, itemIndex);
		// The API takes several statuses as one comma-separated value.
		const status = checkOptions(where, 'Status', filters.status, choicesOf(statusFilter));
		const taskId = checkId(where, 'Task ID', this.getNodeParameter('taskId', itemIndex, ''), { fix: 'Enter one TaskId, e.g. {{ $json.TaskId }}.' }) || undefined;
		const query: IDataObject = {
			QueueId: queueId,
			...window,
			TaskId: taskId,
			// The official SDKs require ServiceId with TaskId (GetImageAIDetails).
			ServiceId: taskId ? getServiceId.call(this, itemIndex) : getOptionalServiceId.call(this, itemIndex),
			Status: status.length > 0 ? status.join(',') : undefined,
			SearchPtn: checkText(where, 'Search', filters.search, { fix: 'Enter the text to search for.', singleLine: true, maxLength: 256 }) || undefined,
		};
		const entries = (await listEntries.call(this, query, limit, itemIndex)).map(normaliseEntry);
		const results: ItemResults = [];
		for (const entry of entries) {
			const binary = await downloadOutput.call(this, download, entry.Output);
			results.push(binary ? { json: entry, binary } : { json: entry });
		}
		return results;
	});
}
