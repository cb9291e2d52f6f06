import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
	return chunks;
}

/** One output item for input item `itemIndex`. */
export function outputItem(json: IDataObject, itemIndex: number, extra: Partial<INodeExecutionData> = {}): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex }, ...extra };
}

/** The error item that "Continue On Fail" emits in place of the item's result. */
export function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, error: error as INodeExecutionData['error'], pairedItem: { item: itemIndex } };
}

/** Parses a JSON string field, leaving anything that is not valid JSON as it was. */
export function parseJsonField<T = unknown>(value: unknown): T | unknown {
	if (typeof value !== 'string' || value.trim() === '') return value;
	try {
		return JSON.parse(value) as T;
	} catch {
		return value;
	}
}
