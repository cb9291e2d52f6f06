import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { fetchJobs } from '../../helpers/jobs';
import { emitJobItems, readItemJobIds } from './jobItems';
import { jobIdsField } from './shared';

const properties: INodeProperties[] = [jobIdsField];

export const description = updateDisplayOptions({ show: { resource: ['job'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = new Array(items.length);
	const entries = readItemJobIds.call(this, items, output);
	const lookup = await fetchJobs.call(this, context, entries.flatMap((entry) => entry.ids));
	await emitJobItems.call(this, entries, lookup, { onTimeout: 'output', errorOnFailedJob: false }, output);
	return output;
}
