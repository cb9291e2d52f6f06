import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getQueueId } from '../../helpers/fields';
import { findQueue } from '../../helpers/paging';
import { asItems, runPerItem } from '../../../shared/perItem';
import { queueLocator } from '../common.descriptions';

const properties: INodeProperties[] = [queueLocator];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		return asItems(await findQueue.call(this, queueId, itemIndex));
	});
}
