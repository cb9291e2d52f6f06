/** Reading and validating node parameters. Every failure names the field and the fix, before any request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../shared/errors';
import { jsonObject, parseJsonParameter } from '../../shared/json';
import { at, checkBoolean, checkId, checkNumber, checkOption, checkText, checkUrl } from '../../shared/validate';
import { MAX_WINDOW_SECONDS } from './constants';

/** A locator's value whether stored as `{__rl, mode, value}` or, from older workflows, as a plain string/number. */
export function locatorValue(raw: unknown): unknown {
	return raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw ? (raw as { value?: unknown }).value : raw;
}

/** A locator or ID field: one ID (type-checked: no object, list, blank or `&?#/`), '' when empty and optional. */
export function readLocatorId(this: IExecuteFunctions, name: string, itemIndex: number, field: string, fix: string, required = true): string {
	const value = locatorValue(this.getNodeParameter(name, itemIndex, '', { extractValue: true }));
	const id = checkId(at(this, itemIndex), field, value, { fix, required: false });
	if (required && !id) throw fieldError(this.getNode(), itemIndex, field, `no ${field.toLowerCase()} selected`, fix);
	return id;
}

const SERVICE_FIX = 'Pick the veImageX service the images belong to from the list, or enter its ID.';

/** Optional service filter (empty = every service). */
export function getOptionalServiceId(this: IExecuteFunctions, itemIndex: number): string | undefined {
	return readLocatorId.call(this, 'serviceId', itemIndex, 'Service', SERVICE_FIX, false) || undefined;
}

export function getServiceId(this: IExecuteFunctions, itemIndex: number): string {
	return readLocatorId.call(this, 'serviceId', itemIndex, 'Service', SERVICE_FIX);
}

export function getQueueId(this: IExecuteFunctions, itemIndex: number): string {
	return readLocatorId.call(this, 'queueId', itemIndex, 'Queue', 'Pick a queue from the list or enter its ID.');
}

export function getTemplateId(this: IExecuteFunctions, itemIndex: number): string {
	return readLocatorId.call(this, 'workflowTemplateId', itemIndex, 'Workflow Template', 'Pick a system template or enter a template ID from the veImageX console.');
}

/** A required one-line text field (names, image URIs…), type-checked. */
export function getRequiredString(this: IExecuteFunctions, name: string, label: string, itemIndex: number, fix: string): string {
	return checkText(at(this, itemIndex), label, this.getNodeParameter(name, itemIndex, ''), { fix, required: true, singleLine: true });
}

/** A required ID field (Entry ID, Task ID), type-checked. */
export function getRequiredId(this: IExecuteFunctions, name: string, label: string, itemIndex: number, fix: string): string {
	return checkId(at(this, itemIndex), label, this.getNodeParameter(name, itemIndex, ''), { fix, required: true });
}

/** The workflow parameters sent with each image; the node adds `Input` itself. */
const workflowParameterSchema = jsonObject.refine((parameters) => !('Input' in parameters), {
	message: 'must not contain "Input"',
	params: { fix: 'Remove the "Input" key: the node sends each image itself through the image field.' },
});

/** Parses the workflow parameter JSON (the API wants it as a compact string, without `Input`). */
export function getWorkflowParameter(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return parseJsonParameter(this.getNode(), itemIndex, this.getNodeParameter('workflowParameter', itemIndex, '{}'), {
		field: 'Workflow Parameters (JSON)',
		schema: workflowParameterSchema,
		fix: 'Enter a JSON object such as {"Scale": 2}.',
		empty: { value: {} },
	}) as IDataObject;
}

function toUnixSeconds(this: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms =
		typeof value === 'number'
			? value < 1e12
				? value * 1000
				: value
			: typeof value === 'object' && typeof (value as { toMillis?: () => number }).toMillis === 'function'
				? (value as { toMillis: () => number }).toMillis()
				: Date.parse(String(value));
	if (!Number.isFinite(ms)) {
		throw fieldError(this.getNode(), itemIndex, label, `"${String(value)}" is not a date`, 'Pick a date or enter an ISO date such as 2026-01-31T12:00:00Z.');
	}
	return Math.floor(ms / 1000);
}

/** Start/End in unix seconds: default "the last 24 hours", at most 7 days (API limit). */
export function getTimeWindow(this: IExecuteFunctions, itemIndex: number): { StartTime: number; EndTime: number } {
	const end = toUnixSeconds.call(this, this.getNodeParameter('endTime', itemIndex, ''), 'To', itemIndex) ?? Math.floor(Date.now() / 1000);
	const start = toUnixSeconds.call(this, this.getNodeParameter('startTime', itemIndex, ''), 'From', itemIndex) ?? end - 24 * 3600;
	if (start >= end) {
		throw fieldError(this.getNode(), itemIndex, 'From', 'is not before "To"', 'Choose a start time earlier than the end time.');
	}
	if (end - start > MAX_WINDOW_SECONDS) {
		const days = ((end - start) / 86400).toFixed(1);
		throw fieldError(
			this.getNode(),
			itemIndex,
			'From',
			`the time window is ${days} days, veImageX accepts at most 7 days`,
			'Move "From" and "To" closer together (7 days or less), or run the node once per week of history.',
		);
	}
	return { StartTime: start, EndTime: end };
}

export function getLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const where = at(this, itemIndex);
	if (checkBoolean(where, 'Return All', this.getNodeParameter('returnAll', itemIndex, false), false)) return undefined;
	return checkNumber(where, 'Limit', this.getNodeParameter('limit', itemIndex, 50), { min: 1, max: 1_000_000, integer: true, default: 50, fix: 'Or enable Return All.' });
}

/** Callback endpoint must be http(s): the API rejects anything else and the user would only learn it later. */
export function validateCallbackEndpoint(this: IExecuteFunctions, endpoint: unknown, label: string, itemIndex: number): string {
	return checkUrl(at(this, itemIndex), label, endpoint, { required: true, fix: 'Enter a full URL such as https://example.com/webhook/veimagex.' });
}

export type DataType = 'url' | 'uri';

/** Image Reference Type: URL or URI (an expression could give anything). */
export function getDataType(this: IExecuteFunctions, itemIndex: number): DataType {
	return checkOption(at(this, itemIndex), 'Image Reference Type', this.getNodeParameter('dataType', itemIndex, 'url'), ['url', 'uri'] as const, 'url');
}

/** The image of an item: a full http(s) URL, or a one-line storage URI. */
export function checkImage(this: IExecuteFunctions, itemIndex: number, value: unknown, dataType: DataType): string {
	const where = at(this, itemIndex);
	const field = 'Image URL or URI';
	if (dataType === 'url') {
		return checkUrl(where, field, value, { required: true, fix: 'Use full image URLs (e.g. {{ $json.url }}), or set "Image Reference Type" to URI for storage URIs.' });
	}
	return checkText(where, field, value, { required: true, singleLine: true, maxLength: 1024, fix: 'Map the storage URI of the image (e.g. {{ $json.uri }}); every item needs one.' });
}
