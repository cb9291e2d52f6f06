/** Lenient time parsing: provider times arrive as unix seconds, unix milliseconds or odd ISO variants. */

/** Unix seconds or milliseconds (number or digit string) -> ISO string; anything else -> undefined. */
export function unixToIso(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d{9,13}(\.\d+)?$/.test(text)) return undefined;
	const number = Number(text);
	const ms = number < 1e11 ? number * 1000 : number;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * VOD EventTime: `2017-03-20T07:49:17Z`, `2022-10-20T10:29:46:540Z` (milliseconds after a colon),
 * `2017-03-20 07:49:17` (no zone: VOD times are UTC) or unix time. Returns ISO or undefined.
 */
export function lenientTimeToIso(value: unknown): string | undefined {
	const unix = unixToIso(value);
	if (unix !== undefined) return unix;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	let text = value.trim().replace(/^(\d{4}-\d{2}-\d{2})[ T]/, '$1T');
	text = text.replace(/(T\d{2}:\d{2}:\d{2}):(\d{1,3})/, '$1.$2');
	if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += 'Z';
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
