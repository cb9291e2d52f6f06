import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chunk } from '../../../shared/items';
import { at, checkIdList } from '../../../shared/validate';
import { asItems, runPerItem } from '../../../shared/perItem';
import { veImageXRequest } from '../../transport';

/** No documented cap on Entries per call; keep bodies modest. */
const ENTRIES_PER_CALL = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Entry IDs',
		name: 'entryIds',
		type: 'string',
		default: '={{ $json.EntryId }}',
		required: true,
		description: 'One entry ID, several separated by commas, or a list from an expression',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['entry'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const ids = checkIdList(at(this, itemIndex), 'Entry IDs', this.getNodeParameter('entryIds', itemIndex, ''), {
			required: true,
			fix: 'Enter at least one entry ID (e.g. {{ $json.EntryId }}), several separated by commas or as a list of IDs.',
		});
		for (const part of chunk(ids, ENTRIES_PER_CALL)) {
			const body = part.length === 1 ? { EntryId: part[0] } : { Entries: part };
			await veImageXRequest.call(this, 'DeleteImageAIProcessDetail', body, { itemIndex });
		}
		return asItems({ deleted: ids, count: ids.length });
	});
}
