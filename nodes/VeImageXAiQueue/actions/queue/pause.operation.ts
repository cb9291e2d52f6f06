import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { queueLocator } from '../common.descriptions';
import { setQueueStatus } from './status';

const properties: INodeProperties[] = [queueLocator];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['pause'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await setQueueStatus.call(this, items, 'Pending');
}
