import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getQueueId } from '../../helpers/fields';
import { asItems, runPerItem } from '../../../shared/perItem';
import { veImageXRequest } from '../../transport';

/** Start = Running, Pause = Pending (UpdateImageAIProcessQueueStatus; the body uses `Id`). */
export async function setQueueStatus(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	status: 'Running' | 'Pending',
): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		await veImageXRequest.call(this, 'UpdateImageAIProcessQueueStatus', { Id: queueId, Status: status }, { itemIndex });
		return asItems({ QueueId: queueId, Status: status });
	});
}
