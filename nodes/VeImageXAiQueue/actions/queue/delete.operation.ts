import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getQueueId } from '../../helpers/fields';
import { asItems, runPerItem } from '../../../shared/perItem';
import { veImageXRequest } from '../../transport';
import { queueLocator } from '../common.descriptions';

const properties: INodeProperties[] = [queueLocator];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		// Delete names the field QueueId (Update and UpdateStatus use Id).
		await veImageXRequest.call(this, 'DeleteImageAIProcessQueue', { QueueId: queueId }, { itemIndex });
		return asItems({ QueueId: queueId, deleted: true });
	});
}
