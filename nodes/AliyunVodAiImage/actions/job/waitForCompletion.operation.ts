import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { waitForJobs } from '../../helpers/jobs';
import { emitJobItems, readItemJobIds } from './jobItems';
import { jobIdsField, readWaitOptions, waitOptionsField } from './shared';

const properties: INodeProperties[] = [jobIdsField, waitOptionsField];

export const description = updateDisplayOptions({ show: { resource: ['job'], operation: ['waitForCompletion'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = new Array(items.length);
	const entries = readItemJobIds.call(this, items, output);
	const options = readWaitOptions.call(this);
	const outcome = await waitForJobs.call(this, context, entries.flatMap((entry) => entry.ids), options.settings);
	await emitJobItems.call(this, entries, outcome, options, output);
	return output;
}
