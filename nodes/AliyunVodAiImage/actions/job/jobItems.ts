/** Reading JobIds per item and turning batched results back into one output item per input item. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapConcurrent } from '../../../shared/concurrency';
import { errorItem, outputItem } from '../../../shared/items';
import type { JobLookup } from '../../helpers/jobs';
import { downloadJobImages, itemJobsError, itemJobsJson } from '../../helpers/jobs';
import { vodIdsParameter } from '../../helpers/parameters';
import { asNodeError, readPerItem } from '../../../shared/perItem';
import type { WaitOptions } from './shared';

export interface ItemIds {
	itemIndex: number;
	ids: string[];
}

/** Validates every item's JobIds before anything is sent; invalid items become errors (or stop the run). */
export function readItemJobIds(this: IExecuteFunctions, items: INodeExecutionData[], output: INodeExecutionData[]): ItemIds[] {
	return readPerItem(this, items, output, (itemIndex) => {
		const ids = vodIdsParameter(this, 'jobIds', itemIndex, 'Job IDs', {
			required: true,
			what: 'a JobId',
			emptyProblem: 'no JobId given',
			fix: 'Map the JobId from the Submit output (e.g. {{ $json.JobId }}) or paste one or more IDs separated by commas; a JobId has only letters and digits.',
		});
		return { ids };
	});
}

function withJobIds(item: INodeExecutionData, ids: string[]): INodeExecutionData {
	return { ...item, json: { ...item.json, ...(ids.length === 1 ? { JobId: ids[0] } : { JobIds: ids }) } };
}

/** Items whose images are downloaded at once (file downloads are not under an API quota). */
const PARALLEL_DOWNLOADS = 8;

/** Builds each item's output from the batched lookup, downloading images when asked. */
export async function emitJobItems(
	this: IExecuteFunctions,
	entries: Array<ItemIds & { extra?: IDataObject }>,
	outcome: JobLookup & { pending?: Set<string> },
	options: Pick<WaitOptions, 'onTimeout' | 'errorOnFailedJob' | 'timeoutSeconds'> & Partial<Pick<WaitOptions, 'downloadImages' | 'binaryPropertyPrefix'>>,
	output: INodeExecutionData[],
): Promise<void> {
	// Without Continue On Fail the run stops at a failure: the one of the lowest item is reported.
	const stops: Array<{ itemIndex: number; error: Error }> = [];
	await mapConcurrent(
		entries,
		PARALLEL_DOWNLOADS,
		async ({ itemIndex, ids, extra }) => {
			let error = itemJobsError.call(this, itemIndex, ids, outcome, options);
			let binary;
			if (!error && options.downloadImages) {
				binary = await downloadJobImages.call(this, ids, outcome, options.binaryPropertyPrefix ?? 'image_').catch((failure: unknown) => {
					error = asNodeError.call(this, failure, itemIndex);
					return undefined;
				});
			}
			if (error) {
				// The item's jobs exist: its error item still names them, so none is orphaned.
				if (this.continueOnFail()) output[itemIndex] = withJobIds(errorItem(error, itemIndex), ids);
				else stops.push({ itemIndex, error });
				return;
			}
			const json = { ...(extra ?? {}), ...itemJobsJson(ids, outcome) };
			output[itemIndex] = outputItem(json, itemIndex, binary && Object.keys(binary).length > 0 ? { binary } : {});
		},
		() => stops.length > 0,
	);
	if (stops.length > 0) throw stops.sort((a, b) => a.itemIndex - b.itemIndex)[0].error;
}
