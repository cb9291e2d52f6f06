import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapConcurrent } from '../../../shared/concurrency';
import { chunk, errorItem, outputItem } from '../../../shared/items';
import type { VodContext } from '../../helpers/context';
import { vodIdsParameter } from '../../helpers/parameters';
import { readPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';

const IDS_PER_CALL = 10;

const properties: INodeProperties[] = [
	{
		displayName: 'Image Info IDs',
		name: 'imageInfoIds',
		type: 'string',
		required: true,
		default: '={{ $json.AIImageInfoId }}',
		description:
			'AIImageInfoId values from Image > Get Many, separated by commas. IDs of all items are deleted together, 10 per request. Only the records are deleted, not the image files.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = new Array(items.length);
	const entries = readPerItem(this, items, output, (itemIndex) => {
		const ids = vodIdsParameter(this, 'imageInfoIds', itemIndex, 'Image Info IDs', {
			required: true,
			what: 'an AIImageInfoId',
			emptyProblem: 'no ID given',
			fix: 'Map AIImageInfoId from Image > Get Many, or enter IDs separated by commas.',
		});
		return { ids };
	});
	const failures = new Map<string, Error>();
	const requestIds = new Map<string, string>();
	const batches = chunk([...new Set(entries.flatMap((entry) => entry.ids))], IDS_PER_CALL);
	await mapConcurrent(batches, 4, async (batch) => {
		const body = await vodRequest
			.call(this, context, 'DeleteAIImageInfos', { AIImageInfoIds: batch.join(',') }, { kind: 'idempotent' })
			.catch((error: Error) => {
				for (const id of batch) failures.set(id, error);
				return undefined;
			});
		if (body) for (const id of batch) requestIds.set(id, String(body.RequestId ?? ''));
	});
	for (const { itemIndex, ids } of entries) {
		const failed = ids.find((id) => failures.has(id));
		if (failed) {
			const error = failures.get(failed) as Error;
			if (!this.continueOnFail()) throw error;
			output[itemIndex] = errorItem(error, itemIndex);
			continue;
		}
		const json: IDataObject = { deleted: ids, RequestIds: [...new Set(ids.map((id) => requestIds.get(id)))] };
		output[itemIndex] = outputItem(json, itemIndex);
	}
	return output;
}
