/** VOD event notification body -> item (vod-api.md §3.4, §3.5): tolerant of the documented quirks. */
import type { IDataObject } from 'n8n-workflow';

import { parseAiImageResult } from '../../AliyunVodAiImage/helpers/parse';
import { parseJsonField } from '../../shared/items';
import { lenientTimeToIso } from '../common/times';

export function parseEvent(text: string): IDataObject | undefined {
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function eventSummary(event: IDataObject) {
	return {
		eventType: text(event.EventType),
		jobId: text(event.JobId),
		status: text(event.Status).toLowerCase(),
		eventTime: text(event.EventTime),
	};
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
