/**
 * veImageX callback message -> workflow items (veimagex-api.md §4). Parsing is tolerant on purpose: the
 * task-level and XML layouts are not published, so entries are taken from `entry_info` (object or array)
 * and from any other list of records, and unknown fields are kept.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseXml, XmlParseError } from '../../shared/xml';
import { canonicalText, MAX_BODY_DEPTH, nestedDeeperThan, setOwn } from '../../shared/callbackTrigger/objects';
import { unixToIso } from '../../shared/callbackTrigger/times';

/**
 * Bounds for the XML parser: a 5 000-entry task message has ~60 000 elements and no attributes. They cap the
 * work a forged body can cost before its secret is checked.
 */
const XML_MAX_ELEMENTS = 250_000;
const XML_MAX_ATTRIBUTES = 10_000;

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
		document = parseXml(text, { maxLength: maxBytes, maxDepth: MAX_BODY_DEPTH, maxElements: XML_MAX_ELEMENTS, maxAttributes: XML_MAX_ATTRIBUTES });
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
	if (nestedDeeperThan(message, MAX_BODY_DEPTH)) return { ok: false, reason: `Body nested deeper than ${MAX_BODY_DEPTH} levels` };
	if (!('callback_type' in message) && !('task_id' in message) && !('entry_info' in message)) {
		return { ok: false, reason: 'Not a veImageX callback (no callback_type, task_id or entry_info)' };
	}
	return { ok: true, message };
}

const ENTRY_MARKERS = ['entry_id', 'status', 'uri', 'ai_result', 'input_object_key'];

function looksLikeEntry(value: Obj): boolean {
	return ENTRY_MARKERS.some((key) => key in value);
}

/** An element of an entry list that is not a readable record: kept as an item, flagged, with what came. */
function malformed(raw: unknown, reason: string): Obj {
	return { malformed: true, malformed_reason: reason, raw_content: raw };
}

/**
 * Records under one field: an array, a single record, or a wrapper like `{ entry: [...] }` (XML). Every list
 * element yields a record: one that cannot be read becomes a malformed record, never nothing. Iterative.
 */
function recordsIn(value: unknown): Obj[] {
	const records: Obj[] = [];
	const pending: Array<{ value: unknown; inList: boolean }> = [{ value, inList: false }];
	while (pending.length > 0) {
		const { value: current, inList } = pending.pop()!;
		if (Array.isArray(current)) {
			for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], inList: true });
			continue;
		}
		if (!isObject(current)) {
			// A scalar where a list holds records; a top-level null/'' just means "no entries".
			if (inList) records.push(malformed(current, current === null ? 'entry is null' : `entry is a ${typeof current}, not a record`));
			continue;
		}
		const keys = Object.keys(current);
		if (looksLikeEntry(current)) records.push(current);
		else if (keys.length === 1 && (Array.isArray(current[keys[0]]) || isObject(current[keys[0]]))) pending.push({ value: current[keys[0]], inList });
		else if (keys.length > 0) records.push(current);
		else if (inList) records.push(malformed(current, 'entry is an empty record'));
	}
	return records;
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
			setOwn(meta, key, value);
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
	// Own properties only: a `__proto__` key must stay a key, not become the item's prototype.
	const out: Obj = {};
	for (const key of Object.keys(entry)) {
		const value = entry[key];
		const iso = (typeof value === 'number' || typeof value === 'string') && TIME_KEY.test(key) ? cachedIso(value, cache) : undefined;
		if (iso !== undefined) {
			setOwn(out, key, iso);
			setOwn(out, `${key}_raw`, value);
		} else {
			setOwn(out, key, value);
		}
	}
	const aiResult = entry.ai_result;
	if (isObject(aiResult) && typeof aiResult.output === 'string' && aiResult.output.trim() !== '') {
		try {
			const output = JSON.parse(aiResult.output) as unknown;
			// A nested JSON text deeper than a body may be would make an item n8n cannot store: kept as text.
			if (!nestedDeeperThan(output, MAX_BODY_DEPTH)) out.ai_result = { ...aiResult, output, output_raw: aiResult.output };
		} catch {
			// Not JSON (some templates may return plain text): keep it as it came.
		}
	}
	return out as IDataObject;
}

function idText(value: unknown): string {
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
}

/**
 * Stable identity of a delivery: the task and the entries (with their status, any casing) it reports; without
 * entry ids, the canonical content (key order, whitespace and the secret-carrying callback_args left out).
 */
export function deliveryIdentity(meta: Obj, entries: Obj[]): string {
	const head = `${idText(meta.task_id)}|${idText(meta.callback_type)}`;
	if (entries.length > 0 && entries.every((e) => e.entry_id !== undefined && e.entry_id !== null && typeof e.entry_id !== 'object')) {
		const ids = entries.map((e) => `${idText(e.entry_id)}:${idText(e.status).toLowerCase()}`).sort();
		return `${head}|${ids.join(',')}`;
	}
	const content: Obj = {};
	for (const key of Object.keys(meta)) if (key !== 'callback_args') setOwn(content, key, meta[key]);
	return `${head}|${canonicalText([content, entries])}`;
}
