import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { QUEUE_PAGE_SIZE } from '../../helpers/constants';
import { getLimit } from '../../helpers/fields';
import { listQueues } from '../../helpers/paging';
import { asItems, runPerItem } from '../../../shared/perItem';
import { at, checkText } from '../../../shared/validate';
import { returnAllFields } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllFields(QUEUE_PAGE_SIZE),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Only queues whose name or description contains this text',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const limit = getLimit.call(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const search = checkText(at(this, itemIndex), 'Search', filters.search, { fix: 'Enter the text to search for.', singleLine: true, maxLength: 256 }) || undefined;
		return asItems(await listQueues.call(this, search, limit, itemIndex));
	});
}
