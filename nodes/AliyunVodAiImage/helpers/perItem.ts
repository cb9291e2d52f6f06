import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem, outputItem } from '../../shared/items';

/** Any failure of one item as a node error that names the item (expression errors arrive as plain errors). */
export function itemError(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** Runs `work` for each item in order: one output item per input item, or one error item with Continue On Fail. */
export async function runPerItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	work: (itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(outputItem(await work(itemIndex), itemIndex));
		} catch (error) {
			const nodeError = itemError.call(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, itemIndex));
		}
	}
	return output;
}

/**
 * Reads every item's input before a batched operation sends anything. An item that cannot be read (bad field,
 * failing expression) becomes its error item in `output` with Continue On Fail, else stops the run.
 * (`fns` is a parameter, not `this`: `.call` would lose the type parameter.)
 */
export function readPerItem<T>(
	fns: IExecuteFunctions,
	items: INodeExecutionData[],
	output: INodeExecutionData[],
	read: (itemIndex: number) => T,
): Array<T & { itemIndex: number }> {
	const valid: Array<T & { itemIndex: number }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			valid.push({ ...read(itemIndex), itemIndex });
		} catch (error) {
			const nodeError = itemError.call(fns, error, itemIndex);
			if (!fns.continueOnFail()) throw nodeError;
			output[itemIndex] = errorItem(nodeError, itemIndex);
		}
	}
	return valid;
}
