/**
 * veImageX callback message -> workflow items (veimagex-api.md §4). Parsing is tolerant on purpose: the
 * task-level and XML layouts are not published, so entries are taken from `entry_info` (object or array)
 * and from any other list of records, and unknown fields are kept.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseXml, XmlParseError } from '../../shared/xml';
import { unixToIso } from '../common/times';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

function looksXml(contentType: string, text: string): boolean {
	if (/[/+]xml\b/.test(contentType)) return true;
	if (/json/.test(contentType)) return false;
	return text.trimStart().startsWith('<');
}

export type ParsedMessage = { ok: true; message: Obj } | { ok: false; reason: string };

function parseXmlMessage(text: string, maxBytes: number): ParsedMessage {
	let document: Obj;
	try {
		document = parseXml(text, { maxLength: maxBytes, maxDepth: 32 });
	} catch (error) {
		return { ok: false, reason: error instanceof XmlParseError ? `Invalid XML: ${error.message}` : 'Invalid XML' };
	}
	// The root element's name is not documented; its content is the message.
	const rootValues = Object.values(document);
	return { ok: true, message: rootValues.length === 1 && isObject(rootValues[0]) ? rootValues[0] : document };
}

function parseJsonMessage(text: string): ParsedMessage {
	try {
		const parsed = JSON.parse(text) as unknown;
		return isObject(parsed) ? { ok: true, message: parsed } : { ok: false, reason: 'Body is not an object' };
	} catch {
		return { ok: false, reason: 'Body is neither valid JSON nor XML' };
	}
}

/** JSON or XML (by Content-Type, else by the first character) -> the message object. */
export function parseMessage(text: string, contentType: string, maxBytes: number): ParsedMessage {
	const parsed = looksXml(contentType, text) ? parseXmlMessage(text, maxBytes) : parseJsonMessage(text);
	return parsed.ok ? checkShape(parsed.message) : parsed;
}

export function checkShape(message: Obj): ParsedMessage {
	if (!('callback_type' in message) && !('task_id' in message) && !('entry_info' in message)) {
		return { ok: false, reason: 'Not a veImageX callback (no callback_type, task_id or entry_info)' };
	}
	return { ok: true, message };
}

const ENTRY_MARKERS = ['entry_id', 'status', 'uri', 'ai_result', 'input_object_key'];

function looksLikeEntry(value: Obj): boolean {
	return ENTRY_MARKERS.some((key) => key in value);
}

/** Records under one field: an array, a single record, or a wrapper like `{ entry: [...] }` (XML). */
function recordsIn(value: unknown): Obj[] {
	if (Array.isArray(value)) return value.flatMap((element) => (isObject(element) ? recordsIn(element) : []));
	if (!isObject(value)) return [];
	if (looksLikeEntry(value)) return [value];
	const keys = Object.keys(value);
	if (keys.length === 1 && (Array.isArray(value[keys[0]]) || isObject(value[keys[0]]))) return recordsIn(value[keys[0]]);
	return Object.keys(value).length > 0 ? [value] : [];
}

/** Fields holding entry records: `entry_info` always, any other field when it is a list of records. */
export function splitMessage(message: Obj): { meta: Obj; entries: Obj[] } {
	const meta: Obj = {};
	const entries: Obj[] = [];
	for (const [key, value] of Object.entries(message)) {
		if (key === 'entry_info') {
			entries.push(...recordsIn(value));
		} else if (key !== 'task_part_info' && Array.isArray(value) && value.some(isObject)) {
			entries.push(...recordsIn(value));
		} else {
			meta[key] = value;
		}
	}
	return { meta, entries };
}

const TIME_KEY = /(_at|_time|At|Time)$/;

/** Entries of one task share their timestamps: convert each distinct value once. */
export type TimeCache = Map<unknown, string | undefined>;

function cachedIso(value: unknown, cache: TimeCache): string | undefined {
	if (cache.has(value)) return cache.get(value);
	const iso = unixToIso(value);
	if (cache.size < 10_000) cache.set(value, iso);
	return iso;
}

/** Entry with `ai_result.output` parsed and unix times as ISO strings (raw values kept as `<key>_raw`). */
export function normaliseEntry(entry: Obj, cache: TimeCache = new Map()): IDataObject {
	const out: Obj = {};
	for (const key of Object.keys(entry)) {
		const value = entry[key];
		const iso = (typeof value === 'number' || typeof value === 'string') && TIME_KEY.test(key) ? cachedIso(value, cache) : undefined;
		if (iso !== undefined) {
			out[key] = iso;
			out[`${key}_raw`] = value;
		} else {
			out[key] = value;
		}
	}
	const aiResult = entry.ai_result;
	if (isObject(aiResult) && typeof aiResult.output === 'string' && aiResult.output.trim() !== '') {
		try {
			out.ai_result = { ...aiResult, output: JSON.parse(aiResult.output) as unknown, output_raw: aiResult.output };
		} catch {
			// Not JSON (some templates may return plain text): keep it as it came.
		}
	}
	return out as IDataObject;
}

/** Stable identity of a delivery: the task and the entries (with their status) it reports. */
export function deliveryIdentity(meta: Obj, entries: Obj[]): string | undefined {
	if (entries.length === 0 || entries.some((e) => e.entry_id === undefined)) return undefined;
	const ids = entries.map((e) => `${String(e.entry_id)}:${String(e.status ?? '')}`).sort();
	return `${String(meta.task_id ?? '')}|${String(meta.callback_type ?? '')}|${ids.join(',')}`;
}
