import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getRequiredId } from '../../helpers/fields';
import { asItems, runPerItem } from '../../../shared/perItem';
import { veImageXRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Entry ID',
		name: 'entryId',
		type: 'string',
		default: '={{ $json.EntryId }}',
		required: true,
		description: 'The entry whose callback veImageX should send again',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['resendCallback'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const entryId = getRequiredId.call(this, 'entryId', 'Entry ID', itemIndex, 'Enter the entry ID (e.g. {{ $json.EntryId }}).');
		await veImageXRequest.call(this, 'CreateImageAIProcessCallback', { EntryId: entryId }, { itemIndex });
		return asItems({ EntryId: entryId, callbackRequested: true });
	});
}
