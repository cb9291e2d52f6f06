/** The per-item contract of every node: one output (or, with Continue On Fail, one error item) per input item, pairedItem always. */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorItem } from './items';

/** Results of one input item, before pairing. */
export type ItemResults = Array<{ json: IDataObject; binary?: IBinaryKeyData }>;

export function asItems(json: IDataObject | IDataObject[]): ItemResults {
	return (Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry }));
}

/** Errors from the transports and validators are already node errors; anything else (e.g. a failing expression) gets wrapped once, naming the item. */
export function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * Runs `handler` for every input item in order; each result is paired with its input item. With "Continue On Fail"
 * a failing item becomes one error item and the others go on; otherwise the first error stops the node.
 */
export async function runPerItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	handler: (itemIndex: number) => Promise<ItemResults>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let results: ItemResults = [];
		let failure: unknown;
		try {
			results = await handler(itemIndex);
		} catch (error) {
			// Decided outside the catch block: the error is already a node error and is passed on unchanged.
			failure = error ?? new Error('Unknown error');
		}
		if (failure !== undefined) {
			const nodeError = asNodeError.call(this, failure, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, itemIndex));
			continue;
		}
		for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
	}
	return output;
}

/**
 * One failure shared by `itemIndexes` (a bad item, a task or batch all of them went into): without Continue On Fail
 * it stops the node; with it each of those items gets the error item in its own output slot.
 */
export function failItems(
	this: IExecuteFunctions,
	error: unknown,
	itemIndexes: number[],
	output: Array<INodeExecutionData | undefined>,
): void {
	const nodeError = asNodeError.call(this, error, itemIndexes[0] ?? 0);
	if (!this.continueOnFail()) throw nodeError;
	for (const itemIndex of itemIndexes) output[itemIndex] = errorItem(nodeError, itemIndex);
}

/**
 * A setting that applies to the whole run (read at item 0) is invalid: every item without an output yet fails
 * with it — throwing under Continue On Fail would make n8n pass the inputs through unchanged.
 */
export function failRemainingItems(
	this: IExecuteFunctions,
	error: unknown,
	output: Array<INodeExecutionData | undefined>,
): INodeExecutionData[] {
	const pending = Array.from(output.keys()).filter((itemIndex) => output[itemIndex] === undefined);
	failItems.call(this, error, pending, output);
	return output as INodeExecutionData[];
}

/**
 * Reads every item's input before a batched operation sends anything. An item that cannot be read (bad field,
 * failing expression) becomes its error item in `output` with Continue On Fail, else stops the run.
 * (`fns` is a parameter, not `this`: `.call` would lose the type parameter.)
 */
export function readPerItem<T>(
	fns: IExecuteFunctions,
	items: INodeExecutionData[],
	output: Array<INodeExecutionData | undefined>,
	read: (itemIndex: number) => T,
): Array<T & { itemIndex: number }> {
	const valid: Array<T & { itemIndex: number }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let failure: unknown;
		try {
			valid.push({ ...read(itemIndex), itemIndex });
		} catch (error) {
			failure = error ?? new Error('Unknown error');
		}
		if (failure !== undefined) failItems.call(fns, failure, [itemIndex], output);
	}
	return valid;
}
