/** Reading and validating node parameters. Every failure names the field and the fix, before any request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../shared/errors';
import { jsonObject, parseJsonParameter } from '../../shared/json';
import { MAX_WINDOW_SECONDS } from './constants';

/** A locator's value whether stored as `{__rl, mode, value}` or, from older workflows, as a plain string/number. */
export function locatorText(raw: unknown): string {
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value?: unknown }).value : raw;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	return locatorText(this.getNodeParameter(name, itemIndex, '', { extractValue: true }));
}

/** Optional service filter (empty = every service). */
export function getOptionalServiceId(this: IExecuteFunctions, itemIndex: number): string | undefined {
	return locatorValue.call(this, 'serviceId', itemIndex) || undefined;
}

export function getServiceId(this: IExecuteFunctions, itemIndex: number): string {
	const serviceId = locatorValue.call(this, 'serviceId', itemIndex);
	if (!serviceId) {
		throw fieldError(
			this.getNode(),
			itemIndex,
			'Service',
			'no service selected',
			'Pick the veImageX service the images belong to from the list, or enter its ID.',
		);
	}
	return serviceId;
}

export function getQueueId(this: IExecuteFunctions, itemIndex: number): string {
	const queueId = locatorValue.call(this, 'queueId', itemIndex);
	if (!queueId) {
		throw fieldError(this.getNode(), itemIndex, 'Queue', 'no queue selected', 'Pick a queue from the list or enter its ID.');
	}
	return queueId;
}

export function getTemplateId(this: IExecuteFunctions, itemIndex: number): string {
	const id = locatorValue.call(this, 'workflowTemplateId', itemIndex);
	if (!id) {
		throw fieldError(
			this.getNode(),
			itemIndex,
			'Workflow Template',
			'no template selected',
			'Pick a system template or enter a template ID from the veImageX console.',
		);
	}
	return id;
}

export function getRequiredString(this: IExecuteFunctions, name: string, label: string, itemIndex: number, fix: string): string {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!text) throw fieldError(this.getNode(), itemIndex, label, 'is empty', fix);
	return text;
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
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	if (!(limit >= 1)) throw fieldError(this.getNode(), itemIndex, 'Limit', 'must be at least 1', 'Enter a positive number or enable Return All.');
	return Math.floor(limit);
}

/** Callback endpoint must be http(s): the API rejects anything else and the user would only learn it later. */
export function validateCallbackEndpoint(this: IExecuteFunctions, endpoint: string, label: string, itemIndex: number): string {
	const value = endpoint.trim();
	if (!/^https?:\/\/[^\s/]+/i.test(value)) {
		throw fieldError(this.getNode(), itemIndex, label, `"${value}" is not an http(s) URL`, 'Enter a full URL such as https://example.com/webhook/veimagex.');
	}
	return value;
}

/** Comma/space separated or array → unique non-empty strings. */
export function toIdList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : String(value ?? '').split(/[\s,;]+/);
	return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}
