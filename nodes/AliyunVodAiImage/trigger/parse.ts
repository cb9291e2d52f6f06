/** VOD event notification body -> item (vod-api.md §3.4, §3.5): tolerant of the documented quirks. */
import type { IDataObject } from 'n8n-workflow';

import { parseAiImageResult } from '../helpers/parse';
import { parseJsonField } from '../../shared/items';
import { canonicalText, MAX_BODY_DEPTH, nestedDeeperThan } from '../../shared/callbackTrigger/objects';
import { lenientTimeToIso } from '../../shared/callbackTrigger/times';

export type ParsedEvent = { ok: true; event: IDataObject } | { ok: false; reason: string };

/** A JSON object no deeper than MAX_BODY_DEPTH (JSON.parse itself does not recurse; nothing after it may). */
export function parseEvent(text: string, parsed?: unknown): ParsedEvent {
	let value = parsed;
	if (value === undefined) {
		try {
			value = JSON.parse(text) as unknown;
		} catch {
			return { ok: false, reason: 'Body is not a JSON object' };
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'Body is not a JSON object' };
	if (nestedDeeperThan(value, MAX_BODY_DEPTH)) return { ok: false, reason: `Body nested deeper than ${MAX_BODY_DEPTH} levels` };
	return { ok: true, event: value as IDataObject };
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

export function eventSummary(event: IDataObject) {
	return {
		eventType: text(event.EventType),
		jobId: text(event.JobId),
		status: text(event.Status).toLowerCase(),
		eventTime: text(event.EventTime),
	};
}

/**
 * What makes two deliveries the same event, written the same whatever the sender's formatting: status casing,
 * EventTime format (`…T10:29:46Z`, `… 10:29:46`, unix) and, without a JobId, whitespace and key order.
 */
export function deliveryIdentity(event: IDataObject): string {
	const { jobId, status, eventTime } = eventSummary(event);
	if (jobId === '') return `body|${canonicalText(event)}`;
	return `event|${jobId}|${status}|${lenientTimeToIso(event.EventTime) ?? eventTime}`;
}

/** Images of an AI image result, wherever the event puts them (Data as array, or Data.AIImageResult). */
function imagesOf(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return parseAiImageResult(data) as unknown as IDataObject[];
	if (data && typeof data === 'object') {
		const record = data as IDataObject;
		const nested = record.AIImageResult ?? record.ImageResult ?? record.Images;
		if (nested !== undefined) return parseAiImageResult(nested) as unknown as IDataObject[];
	}
	return [];
}

export function eventToJson(event: IDataObject): IDataObject {
	const data = parseJsonField(event.Data);
	const iso = lenientTimeToIso(event.EventTime);
	return {
		provider: 'vod',
		eventType: text(event.EventType),
		jobId: text(event.JobId),
		mediaId: text(event.MediaId) || text(event.VideoId),
		status: text(event.Status).toLowerCase(),
		code: event.Code,
		message: event.Message,
		eventTime: iso ?? null,
		eventTimeRaw: event.EventTime,
		data: data as IDataObject,
		images: imagesOf(data),
		extend: parseJsonField(event.Extend) as IDataObject,
		event,
	};
}
